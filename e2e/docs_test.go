//go:build e2e

// The analysts' side of the pipeline, on a run of the snapshot: the report and charts that
// `just pipeline` writes (into REPORT_DIR, a temporary folder here, analyses/ by default) hold
// the rows of the forecast marts (the engine's latest run: fct_starlink_forecast, its
// assumptions, backtest scores, estimates and ledger; the shells at the as-of date) and the
// sources line that print_answer.sql prints, and
// `just docs` serves a dbt documentation site that a real browser (Debian's Chromium, headless)
// opens on the forecast model.

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// analysesDatabase is the database the tests of this file read: bothSources' run.
const analysesDatabase = database

// warehouse is the pipeline run that the tests of this file share (bothSources).
type warehouse struct {
	root      string    // the repository
	reportDir string    // where the run wrote the report
	vars      []string  // the environment of `just` (PGDATABASE names analysesDatabase)
	started   time.Time // when the pipeline started: the report must be newer
}

func builtWarehouse(t *testing.T) warehouse {
	t.Helper()
	e := bothSources(t)
	return warehouse{root: e.root, reportDir: e.reportDir, vars: e.vars, started: e.started}
}

func TestReport_PipelineLeavesTheForecastRowsInTheReportAndItsCharts(t *testing.T) {
	w := builtWarehouse(t)
	analyses := w.reportDir
	report := readNewFile(t, w, filepath.Join(analyses, "starlink-forecast.md"))

	// The answer is written once, by the engine, into fct_starlink_forecast.answer:
	// print_answer.sql prints it (headline first), says in words the as-of date and the sources
	// with the satellites each supplied, and stamps it with the run; the report quotes every
	// sentence verbatim, says the same sources line and stamps every result with the same run.
	answer, err := runIn(t, w.root, analystVars(t, w), time.Minute, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "dbt/scripts/print_answer.sql")
	if err != nil {
		t.Fatalf("psql -f dbt/scripts/print_answer.sql: %v\n%s", err, answer)
	}
	conn := connectAs(t, w, analysesDatabase)
	ctx := context.Background()
	var scenarios int
	var headline, target, asOf, sources, commit, hash string
	if err := conn.QueryRow(ctx, `
		select (select count(*) from analytics.fct_starlink_forecast), answer,
		       to_char(target_satellites, 'FM999,999,999'), to_char(as_of_date, 'YYYY-MM-DD'), data_sources,
		       coalesce(git_commit, 'unknown'), assumptions_hash
		  from analytics.fct_starlink_forecast where is_headline`).Scan(&scenarios, &headline, &target, &asOf, &sources, &commit, &hash); err != nil {
		t.Fatalf("the headline of fct_starlink_forecast: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(answer), "\n")
	if len(lines) != scenarios+2 || scenarios < 4 {
		t.Fatalf("print_answer.sql printed %d lines, want one per scenario (%d, at least 4), the sources and the run's stamp:\n%s", len(lines), scenarios, answer)
	}
	var asOfWords string
	if err := conn.QueryRow(ctx, `select to_char(as_of_date, 'FMDD Mon YYYY') from analytics.fct_starlink_forecast where is_headline`).Scan(&asOfWords); err != nil {
		t.Fatal(err)
	}
	sourcesLine := lines[len(lines)-2]
	if !strings.HasPrefix(sourcesLine, "Data as of "+asOfWords+": ") || !strings.Contains(string(report), sourcesLine) {
		t.Errorf("print_answer.sql's sources line does not start with the as-of date (%s) in words or is not the report's:\n%s", asOfWords, sourcesLine)
	}
	perSource, err := conn.Query(ctx, `select source, to_char(count(*), 'FM999,999,990') from analytics.dim_starlink_satellites group by source`)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := pgx.CollectRows(perSource, pgx.RowToStructByPos[struct{ Source, Satellites string }])
	if err != nil || len(counts) == 0 {
		t.Fatalf("satellites per source of dim_starlink_satellites: %v (%d sources)", err, len(counts))
	}
	names := map[string]string{"spacetrack": "Space-Track's catalogue (", "celestrak": "CelesTrak's catalogue (", "spacex_api": "the SpaceX API ("}
	for _, c := range counts {
		if !strings.Contains(sourcesLine, names[c.Source]+c.Satellites+" satellite") {
			t.Errorf("the sources line does not say %s supplied %s satellites:\n%s", c.Source, c.Satellites, sourcesLine)
		}
	}
	if lines[0] != headline {
		t.Errorf("print_answer.sql's first line is not the headline:\n%s\nwant\n%s", lines[0], headline)
	}
	if stamp := lines[len(lines)-1]; !strings.HasPrefix(stamp, "Data as of "+asOf+" ("+sources+"); commit "+commit+"; assumptions "+hash) {
		t.Errorf("print_answer.sql's last line does not stamp the answer with the run (as-of %s, %s, commit %s, assumptions %s):\n%s", asOf, sources, commit, hash, stamp)
	}
	if !strings.Contains(string(report), "> **"+headline+"**") {
		t.Errorf("the report does not quote the headline\n%s", headline)
	}
	for _, line := range lines[:scenarios] {
		if !strings.Contains(string(report), "\n- "+line) {
			t.Errorf("the report does not state the answer line\n%s", line)
		}
	}
	for _, want := range []string{"As of **" + asOf + "**", "**data as of " + asOf + "**", "**commit `" + commit + "`**", "**assumptions `" + hash + "`**"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("the report does not stamp its results with %q", want)
		}
	}

	// The rows of the marts are in the report: every scenario's conditions, every assumption
	// of the run with its value, every estimate, every backtest score, every run of the ledger.
	wantRows := func(what, query string) {
		t.Helper()
		rows, err := conn.Query(ctx, query)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if len(texts) == 0 {
			t.Errorf("%s has no rows", what)
		}
		for _, text := range texts {
			if !strings.Contains(string(report), text) {
				t.Errorf("the report does not show the row of %s: %q", what, text)
			}
		}
	}
	wantRows("fct_starlink_forecast", `select '| ' || case when is_headline then '**' || scenario_label || '** (headline)' else scenario_label end || ' | '
		|| btrim(regexp_replace(replace(conditional_on, '|', '\|'), '\s+', ' ', 'g')) || ' | ' from analytics.fct_starlink_forecast`)
	wantRows("dim_starlink_forecast_assumptions", `select '| `+"`"+`' || assumption_name || '`+"`"+` | '
		|| case when is_overridden then '**' || value || '**' else value end || ' | ' from analytics.dim_starlink_forecast_assumptions`)
	wantRows("fct_starlink_forecast_estimates", `select '| `+"`"+`' || estimate_name || '`+"`"+` | ' from analytics.fct_starlink_forecast_estimates`)
	wantRows("fct_starlink_forecast_runs", `select '| ' || case when is_latest_run then '**' || run_id || '** (this report)' else run_id::text end
		|| ' | ' from analytics.fct_starlink_forecast_runs order by run_id desc limit 20`)
	wantRows("fct_starlink_forecast_ledger", `select '| ' || to_char(as_of_date, 'YYYY-MM-DD') || ' | '
		|| case when point_kind = 'backtest_origin' then 'backtest origin' else '**run ' || run_id || '** (this report)' end
		|| ' | ' || to_char(satellites_in_orbit, 'FM999,999,999') || ' | '
		from analytics.fct_starlink_forecast_ledger where point_kind = 'backtest_origin' or is_current_answer`)
	// The shells at the as-of date: every shell of fct_starlink_shells_monthly's latest month,
	// with its satellites in orbit, share and median altitude.
	wantRows("fct_starlink_shells_monthly", `select '| ' || shell || ' | ' || to_char(satellites_in_orbit, 'FM999,999,990') || ' | '
		|| case
			when share_of_constellation is null then '–'
			when satellites_in_orbit > 0 and round(share_of_constellation * 100, 1) = 0 then '<0.1%'
			else to_char(round(share_of_constellation * 100, 1), 'FM990.0') || '%'
		   end
		|| ' | ' || coalesce(to_char(median_altitude_km_at_as_of_date, 'FM999,990.0'), '–') || ' | '
		from analytics.fct_starlink_shells_monthly
		where month_start = (select max(month_start) from analytics.fct_starlink_shells_monthly)`)
	var shells int
	if err := conn.QueryRow(ctx, `select count(distinct shell) from analytics.fct_starlink_shells_monthly`).Scan(&shells); err != nil {
		t.Fatal(err)
	}
	_, shellsTable, _ := strings.Cut(string(report), "| shell | in orbit | share | median altitude (km) |")
	shellsTable, _, _ = strings.Cut(shellsTable, "\n\n")
	if n := strings.Count(shellsTable, "\n| "); shells == 0 || n != shells {
		t.Errorf("the report's shells table has %d rows, fct_starlink_shells_monthly %d shells", n, shells)
	}

	var scores, tableRows int
	if err := conn.QueryRow(ctx, `select count(*) from analytics.fct_starlink_forecast_backtest_summary`).Scan(&scores); err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(report), "| target | method | origins | mean CRPS |")
	table, _, _ = strings.Cut(table, "\n\n")
	tableRows = strings.Count(table, "\n| ")
	if scores == 0 || tableRows != scores {
		t.Errorf("the report's backtest table has %d rows, fct_starlink_forecast_backtest_summary %d", tableRows, scores)
	}

	// The charts, as PNG and SVG, written by this run, legible, shown by the report.
	for _, stem := range []string{"charts/starlink-fan-chart", "charts/starlink-launches-fan-chart", "charts/starlink-shells", "charts/starlink-launch-cadence", "charts/starlink-satellites-per-launch", "charts/starlink-backtest"} {
		img, err := png.Decode(bytes.NewReader(readNewFile(t, w, filepath.Join(analyses, stem+".png"))))
		if err != nil {
			t.Errorf("%s.png: %v", stem, err)
		} else if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 700 {
			t.Errorf("%s.png is %dx%d pixels, want at least 1200x700", stem, b.Dx(), b.Dy())
		}
		readNewFile(t, w, filepath.Join(analyses, stem+".svg"))
		if !strings.Contains(string(report), "]("+stem+".png)") {
			t.Errorf("the report does not show %s.png", stem)
		}
	}
	// How the answer moved: its chart and a verdict in words.
	if !strings.Contains(string(report), "]("+"charts/starlink-answer-history.png)") || !strings.Contains(string(report), "the answer is **") {
		t.Error("the report does not show how the answer moved (charts/starlink-answer-history.png and its verdict)")
	} else if _, err := png.Decode(bytes.NewReader(readNewFile(t, w, filepath.Join(analyses, "charts/starlink-answer-history.png")))); err != nil {
		t.Errorf("charts/starlink-answer-history.png: %v", err)
	}
	// The fan chart marks the as-of date and the target.
	svg := string(readNewFile(t, w, filepath.Join(analyses, "charts/starlink-fan-chart.svg")))
	for _, want := range []string{"as of " + asOf, "target: " + target + " satellites in orbit"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the fan chart has no text %q", want)
		}
	}

	// The shells chart marks the as-of date and names the 53° shell.
	svg = string(readNewFile(t, w, filepath.Join(analyses, "charts/starlink-shells.svg")))
	for _, want := range []string{"as of " + asOf, "53° shell ("} {
		if !strings.Contains(svg, want) {
			t.Errorf("the shells chart has no text %q", want)
		}
	}

	// The starting queries run as the analyst and return rows.
	queries, err := filepath.Glob(filepath.Join(analyses, "sql", "*.sql"))
	if err != nil || len(queries) < 2 {
		t.Fatalf("analyses/sql holds %d queries (%v), want the compiled dbt analyses", len(queries), err)
	}
	for _, q := range queries {
		sql := readNewFile(t, w, q)
		var n int
		if err := conn.QueryRow(ctx, "select count(*) from ("+strings.TrimRight(strings.TrimSpace(string(sql)), ";")+"\n) as q").Scan(&n); err != nil {
			t.Errorf("%s as the analyst: %v", filepath.Base(q), err)
		} else if n == 0 {
			t.Errorf("%s returns no rows", filepath.Base(q))
		}
		if strings.Contains(string(sql), `"`+analysesDatabase+`"`) {
			t.Errorf("%s names the database %s: the committed SQL would differ between warehouses", filepath.Base(q), analysesDatabase)
		}
	}

	// The same rows give the same files: the committed report changes only when the data does.
	again := t.TempDir()
	if err := os.CopyFS(filepath.Join(again, "sql"), os.DirFS(filepath.Join(analyses, "sql"))); err != nil {
		t.Fatal(err)
	}
	if out, err := runIn(t, w.root, analystVars(t, w), 5*time.Minute, "go", "run", "./analyses/cmd/report", "-out", again); err != nil {
		t.Fatalf("go run ./analyses/cmd/report: %v\n%s", err, out)
	}
	for _, f := range []string{"starlink-forecast.md", "charts/starlink-fan-chart.png", "charts/starlink-fan-chart.svg", "charts/starlink-launches-fan-chart.png", "charts/starlink-launches-fan-chart.svg", "charts/starlink-launch-cadence.png", "charts/starlink-launch-cadence.svg", "charts/starlink-satellites-per-launch.png", "charts/starlink-satellites-per-launch.svg", "charts/starlink-backtest.png", "charts/starlink-backtest.svg", "charts/starlink-shells.png", "charts/starlink-shells.svg"} {
		a, errA := os.ReadFile(filepath.Join(analyses, f))
		b, errB := os.ReadFile(filepath.Join(again, f))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("analyses/%s differs from a second run of the report on the same rows (%v, %v)", f, errA, errB)
		}
	}
}

func TestDocs_ServedSiteShowsTheForecastModelInABrowser(t *testing.T) {
	w := builtWarehouse(t)
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: the docs test needs Debian's chromium (apt-get install chromium)")
	}
	port := freePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	serveDocs(t, w, port, base)

	// The site's data: every model and column of the project described, the report's exposure.
	var manifest struct {
		Nodes map[string]struct {
			ResourceType string `json:"resource_type"`
			PackageName  string `json:"package_name"`
			Description  string
			Columns      map[string]struct{ Description string }
		}
		Exposures map[string]struct {
			URL       string
			DependsOn struct{ Nodes []string } `json:"depends_on"`
		}
	}
	var catalog struct {
		Nodes map[string]struct{ Columns map[string]any }
	}
	getJSON(t, base+"/manifest.json", &manifest)
	getJSON(t, base+"/catalog.json", &catalog)
	models := 0
	for id, n := range manifest.Nodes {
		if n.ResourceType != "model" || n.PackageName != "spacex" {
			continue
		}
		models++
		if strings.TrimSpace(n.Description) == "" {
			t.Errorf("%s has no description", id)
		}
		documented := map[string]bool{}
		for name, c := range n.Columns {
			documented[strings.ToLower(name)] = true
			if strings.TrimSpace(c.Description) == "" {
				t.Errorf("%s.%s has no description", id, name)
			}
		}
		cat, ok := catalog.Nodes[id]
		if !ok {
			t.Errorf("%s is not in the catalog: is it built in %s?", id, analysesDatabase)
		}
		for name := range cat.Columns {
			if !documented[strings.ToLower(name)] {
				t.Errorf("%s.%s is in the warehouse but not documented", id, name)
			}
		}
	}
	if models < 5 {
		t.Errorf("the docs hold %d models of the project, want all of them", models)
	}
	exposure, ok := manifest.Exposures["exposure.spacex.starlink_forecast_report"]
	if !ok {
		t.Fatalf("the docs have no exposure starlink_forecast_report; exposures: %v", manifest.Exposures)
	}
	if !strings.Contains(strings.Join(exposure.DependsOn.Nodes, " "), "model.spacex.fct_starlink_forecast") {
		t.Errorf("the exposure depends on %v, want fct_starlink_forecast among them", exposure.DependsOn.Nodes)
	}
	if _, err := os.Stat(filepath.Join(w.root, exposure.URL)); err != nil {
		t.Errorf("the exposure's url %q is not a file of the repository: %v", exposure.URL, err)
	}

	// The page loads the project with fetch(), so the model shows only once the browser ran it.
	index := getBody(t, base+"/")
	if strings.Contains(index, "reach_month_p50") {
		t.Fatal("index.html itself holds the column names: the browser check below would prove nothing")
	}
	description := manifest.Nodes["model.spacex.fct_starlink_forecast"].Description
	dom := browse(t, chromium, base+"/#!/model/model.spacex.fct_starlink_forecast")
	for _, want := range []string{"fct_starlink_forecast", "reach_month_p50", "launches_needed_p50", "assumptions_hash", "conditional_on", firstWords(description, 8)} {
		if !strings.Contains(dom, want) {
			t.Errorf("the forecast model's page, rendered by Chromium, does not show %q", want)
		}
	}
	dom = browse(t, chromium, base+"/#!/exposure/exposure.spacex.starlink_forecast_report")
	for _, want := range []string{"starlink_forecast_report", "fct_starlink_forecast_monthly", "dim_starlink_forecast_assumptions", "fct_starlink_forecast_runs"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the report's exposure page, rendered by Chromium, does not show %q", want)
		}
	}
}

// serveDocs runs `just docs <port>` (generate, then serve) in a process group of its own, waits
// until the site answers, and stops the group when the test ends.
func serveDocs(t *testing.T, w warehouse, port int, base string) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command("just", "docs", strconv.Itoa(port))
	cmd.Dir = w.root
	cmd.Env = append(w.vars, "MELTANO_DATABASE_URI=sqlite:///"+filepath.Join(t.TempDir(), "meltano.db"))
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("just docs: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	deadline := time.Now().Add(5 * time.Minute)
	for {
		select {
		case err := <-exited:
			t.Fatalf("just docs %d exited before serving: %v\n%s", port, err, lastLines(out.String(), 40))
		default:
		}
		if resp, err := http.Get(base + "/manifest.json"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("just docs %d does not serve %s after 5 minutes\n%s", port, base, lastLines(out.String(), 40))
		}
		time.Sleep(time.Second)
	}
}

// browse opens url in headless Chromium and returns the DOM once the page's scripts ran.
func browse(t *testing.T, chromium, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=15000", "--dump-dom", url)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", url, err, lastLines(stderr.String(), 20))
	}
	if stdout.Len() == 0 {
		t.Fatalf("chromium --dump-dom %s printed nothing\n%s", url, lastLines(stderr.String(), 20))
	}
	return stdout.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(body)
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(getBody(t, url)), v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// analystVars is the warehouse's environment with the analyst's login, who reads only analytics.
func analystVars(t *testing.T, w warehouse) []string {
	t.Helper()
	user := os.Getenv("SPACEX_ANALYST_USER")
	if user == "" {
		t.Fatal("SPACEX_ANALYST_USER is not set: run the end-to-end tests through `just e2e`")
	}
	return append(w.vars, "PGUSER="+user, "PGPASSWORD="+os.Getenv("SPACEX_ANALYST_PASSWORD"))
}

// connectAs connects to database as the analyst.
func connectAs(t *testing.T, w warehouse, database string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig("dbname=" + database)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range analystVars(t, w) {
		if name, value, ok := strings.Cut(v, "="); ok {
			switch name {
			case "PGUSER":
				cfg.User = value
			case "PGPASSWORD":
				cfg.Password = value
			}
		}
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connecting to %s as the analyst: %v", database, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// readNewFile reads a file the pipeline run must have written.
func readNewFile(t *testing.T, w warehouse, path string) []byte {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("%v: `just pipeline` must leave it", err)
	}
	if info.ModTime().Before(w.started) {
		t.Errorf("%s was last written at %s, before the pipeline started at %s", path, info.ModTime().Format(time.RFC3339), w.started.Format(time.RFC3339))
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return content
}

// runIn runs a command in dir with the environment vars and returns its combined output.
func runIn(t testing.TB, dir string, vars []string, timeout time.Duration, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, vars
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("%s timed out after %s: %w", name, timeout, err)
	}
	return out.String(), err
}

func firstWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) > n {
		words = words[:n]
	}
	return strings.Join(words, " ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

//go:build e2e

// Package e2e runs the whole pipeline — the taps on the snapshots, Meltano, target-postgres,
// dbt, the report — against a real Postgres server that checks passwords, and checks what
// arrives there. Run it with `just e2e` (SPACEX_SNAPSHOT must name a snapshot folder; the PG*
// variables name the server). Two full runs, each on a fresh database: the SpaceX API alone
// (spacetrack_test.go) and both sources (bothSources, shared by the pipeline, report and docs
// tests); the fault suite runs the extract-load alone through the replay server.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// database is the database the tests create afresh on the PG* server.
const database = "spacex_e2e"

// streams maps each loaded table to the snapshot file holding the documents the API sent.
var streams = map[string]string{
	"launches":   "v5/launches.json",
	"starlink":   "v4/starlink.json",
	"payloads":   "v4/payloads.json",
	"rockets":    "v4/rockets.json",
	"launchpads": "v4/launchpads.json",
	"landpads":   "v4/landpads.json",
	"cores":      "v4/cores.json",
	"capsules":   "v4/capsules.json",
	"crew":       "v4/crew.json",
	"ships":      "v4/ships.json",
	"dragons":    "v4/dragons.json",
	"history":    "v4/history.json",
	"company":    "v4/company.json",
	"roadster":   "v4/roadster.json",
}

type env struct {
	root      string
	snapshot  string
	reportDir string    // where `just pipeline` writes the report (never analyses/)
	started   time.Time // when bothSources' pipeline started (file times are coarser: a second before)
	vars      []string  // the environment of the pipeline's processes (PGDATABASE names db)
}

// setup checks the test's environment, creates database db afresh and migrates it (the deploy
// step: schemas, roles, the components' login users, Meltano's system database in schema
// meltano), and returns the environment in which the pipeline loads into db.
func setup(t *testing.T, db string) env {
	t.Helper()
	snapshot := os.Getenv("SPACEX_SNAPSHOT")
	if snapshot == "" {
		t.Fatal("SPACEX_SNAPSHOT is not set: the end-to-end tests need a snapshot folder (just e2e)")
	}
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run the end-to-end tests through `just e2e`, which sets the PG* variables")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(snapshot) { // relative to the repository's root, where just runs
		snapshot = filepath.Join(root, snapshot)
	}
	recreateDatabase(t, db)
	// Not t.TempDir: the environment outlives the test that sets it up (bothSources is shared).
	reportDir, err := os.MkdirTemp("", "spacex-e2e-report-")
	if err != nil {
		t.Fatal(err)
	}
	vars := append(os.Environ(),
		"PGDATABASE="+db,
		"SPACEX_SNAPSHOT="+snapshot,
		"REPORT_DIR="+reportDir,
	)
	e := env{root: root, snapshot: snapshot, reportDir: reportDir, vars: vars}
	// Meltano's system database is the new database's schema meltano: no state of an earlier run.
	if out, err := e.run(t, 2*time.Minute, "bin/spacex-migrate", "up"); err != nil {
		t.Fatalf("spacex-migrate up: %v\n%s", err, lastLines(out, 20))
	}
	return e
}

func recreateDatabase(t *testing.T, database string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "dbname=postgres")
	if err != nil {
		t.Fatalf("connecting to the maintenance database: %v", err)
	}
	defer conn.Close(ctx)
	for _, sql := range []string{
		"drop database if exists " + database + " with (force)",
		"create database " + database,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func connect(t *testing.T, database string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "dbname="+database)
	if err != nil {
		t.Fatalf("connecting to %s: %v", database, err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// run runs a command in the repository's root with the test's environment and returns its
// combined output.
func (e env) run(t *testing.T, timeout time.Duration, name string, args ...string) (string, error) {
	t.Helper()
	return runIn(t, e.root, e.vars, timeout, name, args...)
}

// both is the run of `just pipeline` on both sources into a fresh database that the pipeline,
// report and docs tests share: the first one to need it runs it.
var both *env

// bothSources runs `just pipeline` once on both snapshots (the catalogue's from
// SPACETRACK_SNAPSHOT, or the committed sample outside CI) into a fresh database.
func bothSources(t *testing.T) env {
	t.Helper()
	if both != nil {
		return *both
	}
	e := setup(t, database)
	catalogue := spaceTrackSnapshot(t, e.root)
	e.vars = append(e.vars, "SPACETRACK_SNAPSHOT="+catalogue)
	start := time.Now()
	e.started = start.Add(-time.Second)
	if out, err := e.run(t, 20*time.Minute, "just", "pipeline"); err != nil {
		t.Fatalf("just pipeline: %v\n%s", err, lastLines(out, 60))
	}
	t.Logf("just pipeline (both sources, fresh database) took %s", time.Since(start).Round(time.Second))
	both = &e
	return e
}

func TestPipeline_LoadsEverySnapshotDocumentUnchanged(t *testing.T) {
	e := bothSources(t)
	conn := connect(t, database)
	checkRawTablesEqualSnapshot(t, conn, e.snapshot)

	var launches, satellites int
	var updated *time.Time
	if err := conn.QueryRow(context.Background(),
		`select count(*), coalesce(sum(satellites_deployed), 0), min(transformation_updated_at)
		   from analytics.fct_starlink_launches`).Scan(&launches, &satellites, &updated); err != nil {
		t.Fatalf("reading analytics.fct_starlink_launches: %v", err)
	}
	if launches == 0 || satellites == 0 || updated == nil {
		t.Errorf("analytics.fct_starlink_launches: %d launches, %d satellites, transformation_updated_at %v; want rows with satellites and a timestamp", launches, satellites, updated)
	}
	// Every satellite deployed is one satellite known to either source (the API's starlink
	// documents, and the catalogue's when SPACETRACK_SNAPSHOT is set), none counted twice.
	known := len(readDocs(t, filepath.Join(e.snapshot, streams["starlink"])))
	if catalogue := spaceTrackSnapshot(t, e.root); catalogue != "" {
		raw, err := os.ReadFile(filepath.Join(catalogue, "satcat-starlink.json"))
		if err != nil {
			t.Fatal(err)
		}
		var satcat []json.RawMessage
		if err := json.Unmarshal(raw, &satcat); err != nil {
			t.Fatalf("the catalogue snapshot: %v", err)
		}
		known += len(satcat)
	}
	var dimension int
	if err := conn.QueryRow(context.Background(), `select count(*) from analytics.dim_starlink_satellites`).Scan(&dimension); err != nil {
		t.Fatalf("reading analytics.dim_starlink_satellites: %v", err)
	}
	if satellites > dimension || dimension > known {
		t.Errorf("analytics.fct_starlink_launches deploys %d satellites of the %d in dim_starlink_satellites, which the %d documents of the sources bound", satellites, dimension, known)
	}
	t.Logf("analytics.fct_starlink_launches: %d launches, %d satellites", launches, satellites)

	// The table version of each full-table stream after the first run (null for launches,
	// incremental: its rows carry no version).
	first := map[string]*int64{}
	for table := range streams {
		var v *int64
		if err := conn.QueryRow(context.Background(), fmt.Sprintf(
			`select max(_sdc_table_version) from tap_spacex.%s`, table)).Scan(&v); err != nil {
			t.Fatal(err)
		}
		first[table] = v
	}

	// A second run leaves the same rows: loads are upserts on id, and with hard delete
	// ACTIVATE_VERSION deletes the rows of older versions, so every row of a full-table stream
	// is the second run's (none left of the first run's version, none missing, none twice).
	// The extract-load alone, as the job runs it (dbt adds nothing to the raw tables).
	if out, err := e.run(t, 10*time.Minute, "meltano/meltano.sh", "--environment", "snapshot", "run", "tap-spacex", "target-postgres"); err != nil {
		t.Fatalf("second extract-load: %v\n%s", err, lastLines(out, 60))
	}
	for table, file := range streams {
		var rows, ids, old int
		if err := conn.QueryRow(context.Background(), fmt.Sprintf(
			`select count(*), count(distinct id), count(*) filter (where _sdc_table_version is null or _sdc_table_version <= $1)
			   from tap_spacex.%s`, table), first[table]).Scan(&rows, &ids, &old); err != nil {
			t.Fatal(err)
		}
		if first[table] == nil {
			old = 0 // incremental: no versions to compare
		}
		if want := len(readDocs(t, filepath.Join(e.snapshot, file))); rows != want || ids != want || old != 0 {
			t.Errorf("after a second run tap_spacex.%s has %d rows, %d ids, %d rows not of the second run's version; want %d, %d, 0", table, rows, ids, old, want, want)
		}
	}
}

// checkRawTablesEqualSnapshot checks that every raw table holds exactly the documents of the
// snapshot: one row per document, every field equal to what the API sent, nothing else.
func checkRawTablesEqualSnapshot(t *testing.T, conn *pgx.Conn, snapshot string) {
	t.Helper()
	for table, file := range streams {
		docs := readDocs(t, filepath.Join(snapshot, file))
		rows := readRows(t, conn, "tap_spacex."+table, "id")
		if len(rows) != len(docs) {
			t.Errorf("tap_spacex.%s: %d rows, snapshot has %d documents", table, len(rows), len(docs))
		}
		checked := 0
		for id, doc := range docs {
			row, ok := rows[id]
			if !ok {
				t.Errorf("tap_spacex.%s: document %s is missing", table, id)
				continue
			}
			for field, want := range doc {
				got, ok := row[field]
				if !ok {
					t.Errorf("tap_spacex.%s id %s: field %s has no column", table, id, field)
					continue
				}
				if !sameValue(want, got) {
					t.Errorf("tap_spacex.%s id %s field %s: API sent %s, Postgres holds %s", table, id, field, show(want), show(got))
				}
				checked++
			}
			for column, got := range row {
				if _, sent := doc[column]; !sent && !strings.HasPrefix(column, "_sdc_") && got != nil {
					t.Errorf("tap_spacex.%s id %s: column %s = %s, but the API did not send that field", table, id, column, show(got))
				}
			}
		}
		t.Logf("tap_spacex.%s: %d rows, %d field values equal to the snapshot", table, len(rows), checked)
	}
}

// The dbt unit tests check the SQL on fixtures, not the data, so they run here once on the
// built warehouse, not in every run of the job.
func TestPipeline_DbtUnitTestsPass(t *testing.T) {
	e := bothSources(t)
	if out, err := e.run(t, 5*time.Minute, "meltano/meltano.sh", "invoke", "dbt-postgres:unit-test"); err != nil {
		t.Fatalf("dbt unit tests: %v\n%s", err, lastLines(out, 40))
	}
}

func TestPipeline_UnreachableAPIFailsFastNamingTheURL(t *testing.T) {
	e := setup(t, "spacex_e2e_unreachable")
	const url = "http://127.0.0.1:9" // the discard port: nothing listens there
	e.vars = append(e.vars, "SPACEX_SNAPSHOT=", "TAP_SPACEX_BASE_URL="+url)
	start := time.Now()
	out, err := e.run(t, 3*time.Minute, ".venv/bin/meltano", "--cwd", "meltano", "run", "tap-spacex", "target-postgres")
	took := time.Since(start)
	if err == nil {
		t.Fatalf("the pipeline succeeded against %s; want a failure\n%s", url, lastLines(out, 40))
	}
	if took > time.Minute {
		t.Errorf("the pipeline took %s to fail; want under a minute", took.Round(time.Second))
	}
	if !strings.Contains(out, url) {
		t.Errorf("the output does not name %s:\n%s", url, lastLines(out, 40))
	}
	t.Logf("failed after %s, naming %s", took.Round(100*time.Millisecond), url)
}

// readDocs reads a snapshot file: a JSON array of documents (or one document, for company and
// roadster), keyed here by id.
func readDocs(t *testing.T, path string) map[string]map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.TrimSpace(raw)
	if raw[0] == '{' {
		raw = append(append([]byte("["), raw...), ']')
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var list []map[string]any
	if err := dec.Decode(&list); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	docs := make(map[string]map[string]any, len(list))
	for _, d := range list {
		docs[d["id"].(string)] = d
	}
	return docs
}

// readRows reads a raw table (schema.table) as JSON objects keyed by the column key, numbers
// as json.Number, so column values compare with the sources' values; a row without the key, or
// a key loaded twice, is an error.
func readRows(t *testing.T, conn *pgx.Conn, table, key string) map[string]map[string]any {
	t.Helper()
	rows, err := conn.Query(context.Background(), fmt.Sprintf(`select row_to_json(t)::text from %s t`, table))
	if err != nil {
		t.Fatalf("reading %s: %v", table, err)
	}
	defer rows.Close()
	out := map[string]map[string]any{}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			t.Fatal(err)
		}
		if row[key] == nil {
			t.Fatalf("%s: a row has no %s: %s", table, key, text)
		}
		id := fmt.Sprint(row[key])
		if _, dup := out[id]; dup {
			t.Errorf("%s: %s %s loaded twice", table, key, id)
		}
		out[id] = row
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameValue compares a value the API sent with the value Postgres holds: numbers by value,
// timestamps as instants (a timestamp column holds UTC without the zone), the rest exactly.
func sameValue(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case json.Number:
		g, ok := got.(json.Number)
		return ok && sameNumber(w, g)
	case string:
		g, ok := got.(string)
		if !ok {
			return false
		}
		if w == g {
			return true
		}
		wt, err1 := time.Parse(time.RFC3339Nano, w)
		gt, err2 := time.Parse("2006-01-02T15:04:05.999999999", g)
		return err1 == nil && err2 == nil && wt.Equal(gt)
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameValue(w[i], g[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, v := range w {
			gv, ok := g[k]
			if !ok || !sameValue(v, gv) {
				return false
			}
		}
		return true
	default:
		return want == got
	}
}

func sameNumber(a, b json.Number) bool {
	x, ok1 := new(big.Rat).SetString(a.String())
	y, ok2 := new(big.Rat).SetString(b.String())
	return ok1 && ok2 && x.Cmp(y) == 0
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

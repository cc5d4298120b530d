//go:build e2e

// The fault suite: the extract-load part of the job (tap-spacex, target-postgres; dbt adds
// nothing here) run through meltano/meltano.sh, as `just pipeline` runs it, against the replay
// server (fixtures/with-replay-server.sh: the snapshot with faults injected), while things go
// wrong the way they do for an operator: an API that answers 429 and 500, a truncated page, the
// run killed with kill -9, Postgres stopped mid-load, a wrong password, drifted documents, bad
// settings, a stream that does not exist. Each test ends with the raw tables
// equal to the documents the API sent (every id once, every field as sent) or with a clean
// refusal that names the cause, and with no password in any file of the project tree.
//
// Every test logs one line of figures, "FAULT <name>: exit=... time_to_fail=... rows=...
// missing=... duplicated=... mismatched=...", for the record of the suite. To stay fast it
// selects two streams, starlink (full table, 18 pages) and launches (incremental), or one.

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// el is the extract-load run of the fault suite, through the operator's wrapper, in the dev
// environment (the taps' base URLs) with the replay server serving SPACEX_SNAPSHOT.
var el = []string{"fixtures/with-replay-server.sh", "meltano/meltano.sh", "run", "tap-spacex", "target-postgres"}

// faultEnv sets up database db afresh (migrated, with the login users; Meltano's system
// database in its schema meltano), and selects the given streams.
func faultEnv(t *testing.T, db string, streams ...string) env {
	t.Helper()
	e := setup(t, db)
	selected := make([]string, len(streams))
	for i, s := range streams {
		selected[i] = fmt.Sprintf("%q", s+".*")
	}
	e.vars = append(e.vars, "TAP_SPACEX__SELECT=["+strings.Join(selected, ",")+"]")
	return e
}

// with returns a copy of e with more variables (later ones win).
func (e env) with(vars ...string) env {
	e.vars = append(slices.Clone(e.vars), vars...)
	return e
}

// result is how one run ended.
type result struct {
	out  string
	exit int
	took time.Duration
}

// runEL runs the extract-load and waits for it.
func runEL(t *testing.T, e env) result {
	t.Helper()
	start := time.Now()
	out, err := e.run(t, 5*time.Minute, el[0], el[1:]...)
	return result{out: out, exit: exitCode(t, err, out), took: time.Since(start)}
}

func exitCode(t *testing.T, err error, out string) int {
	t.Helper()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.ExitCode() < 0 { // killed by a signal
			return 128 + int(exit.Sys().(syscall.WaitStatus).Signal())
		}
		return exit.ExitCode()
	default:
		t.Fatalf("running %v: %v\n%s", el, err, lastLines(out, 40))
		return -1
	}
}

// mustSucceed fails the test unless r is a successful run.
func mustSucceed(t *testing.T, r result, what string) {
	t.Helper()
	if r.exit != 0 {
		t.Fatalf("%s: exit %d after %s\n%s", what, r.exit, r.took.Round(time.Second), lastLines(r.out, 60))
	}
}

// mustRefuse fails the test unless r failed with a last line of the output that names every
// one of causes; it returns that line.
func mustRefuse(t *testing.T, r result, what string, causes ...string) string {
	t.Helper()
	if r.exit == 0 {
		t.Fatalf("%s succeeded; want a refusal naming %q\n%s", what, causes, lastLines(r.out, 40))
	}
	for _, c := range causes {
		if !strings.Contains(r.out, c) {
			t.Errorf("%s: the output does not name %q:\n%s", what, c, lastLines(r.out, 40))
		}
	}
	return lastLines(r.out, 1)
}

// figures is what the suite records of each fault.
type figures struct {
	rows, missing, duplicated, mismatched int
}

// compareWithDocuments compares each raw table with the documents of its file in snapshot:
// one row per document, every field as sent, no value the API did not send.
func compareWithDocuments(t *testing.T, conn *pgx.Conn, snapshot string, tables ...string) figures {
	t.Helper()
	var f figures
	for _, table := range tables {
		docs := readDocs(t, filepath.Join(snapshot, streams[table]))
		var n, distinct int
		if err := conn.QueryRow(context.Background(), fmt.Sprintf(
			`select count(*), count(distinct id) from tap_spacex.%s`, table)).Scan(&n, &distinct); err != nil {
			t.Fatalf("counting tap_spacex.%s: %v", table, err)
		}
		f.duplicated += n - distinct
		rows := readRows(t, conn, "tap_spacex."+table, "id")
		f.rows += len(rows)
		for id, doc := range docs {
			row, ok := rows[id]
			if !ok {
				f.missing++
				if f.missing <= 5 {
					t.Errorf("tap_spacex.%s: document %s is missing", table, id)
				}
				continue
			}
			bad := false
			for field, want := range doc {
				if got, ok := row[field]; !ok || !sameValue(want, got) {
					if !bad {
						t.Errorf("tap_spacex.%s id %s field %s: API sent %s, Postgres holds %s", table, id, field, show(want), show(row[field]))
					}
					bad = true
				}
			}
			for column, got := range row {
				if _, sent := doc[column]; !sent && !strings.HasPrefix(column, "_sdc_") && got != nil {
					t.Errorf("tap_spacex.%s id %s: column %s = %s, but the API did not send that field", table, id, column, show(got))
					bad = true
				}
			}
			if bad {
				f.mismatched++
			}
		}
		for id := range rows {
			if _, ok := docs[id]; !ok {
				t.Errorf("tap_spacex.%s: row %s is no document of the snapshot", table, id)
				f.mismatched++
			}
		}
		if n != len(docs) {
			t.Errorf("tap_spacex.%s: %d rows, the API sent %d documents", table, n, len(docs))
		}
	}
	if f.duplicated > 0 {
		t.Errorf("%d duplicated ids", f.duplicated)
	}
	return f
}

// record logs the figures of a fault in one line.
func record(t *testing.T, fault string, failed result, f figures) {
	t.Helper()
	t.Logf("FAULT %s: exit=%d time_to_fail=%s rows=%d missing=%d duplicated=%d mismatched=%d",
		fault, failed.exit, failed.took.Round(100*time.Millisecond), f.rows, f.missing, f.duplicated, f.mismatched)
}

// secrets are the passwords of the run's environment: the admin's and the components'.
func secrets(e env) map[string]string {
	out := map[string]string{}
	for _, kv := range e.vars {
		k, v, _ := strings.Cut(kv, "=")
		if (k == "PGPASSWORD" || strings.HasSuffix(k, "_PASSWORD")) && len(v) >= 8 {
			out[k] = v
		}
	}
	return out
}

// checkNoSecretInProject fails the test if a file of the project tree holds a password of the
// run's environment. Skipped: the toolchains (.venv, the plugins' venvs, bin/), git's objects,
// and what holds passwords by design: the operator's .env and the local cluster's own
// credential files under .local/ (mode 600, made by warehouse/local-postgres.sh).
func checkNoSecretInProject(t *testing.T, e env) {
	t.Helper()
	want := secrets(e)
	if len(want) == 0 {
		t.Fatal("no password in the environment to look for: the test would prove nothing")
	}
	skip := map[string]bool{".git": true, ".venv": true, "bin": true, ".local": true,
		"meltano/.meltano/loaders": true, "meltano/.meltano/utilities": true, "meltano/.meltano/extractors": true}
	files, found := 0, 0
	err := filepath.WalkDir(e.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // removed meanwhile
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(e.root, path)
		if d.IsDir() {
			if skip[rel] {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == ".env" || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		files++
		for name, secret := range want {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds the value of %s", rel, name)
				found++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking the project tree: %v", err)
	}
	t.Logf("%d password values (%d looked for) found in the %d files of the project tree", found, len(want), files)
}

// TestFaults_ServerErrors: an endpoint that keeps answering 500 fails the run naming it; a
// re-run through 429s and transient 500s retries them and loads everything once. (Two runs
// in a row: TestFaults_ProdStateSurvivesLosingTheProjectFolder for the incremental stream,
// TestPipeline_LoadsEverySnapshotDocumentUnchanged for every full-table stream.)
func TestFaults_ServerErrors(t *testing.T) {
	const db = "spacex_e2e_faults_5xx"
	e := faultEnv(t, db, "starlink", "launches")
	// launches alone, from its first page: the loader has nothing to load, the run fails in seconds.
	broken := e.with("SPACEX_REPLAY_ARGS=-fault /v5/launches/query=500", "TAP_SPACEX_MAX_ATTEMPTS=2",
		`TAP_SPACEX__SELECT=["launches.*"]`)
	failed := runEL(t, broken)
	line := mustRefuse(t, failed, "a run against an endpoint that always answers 500", "/v5/launches/query", "page 1", "500")
	t.Logf("last line: %s", line)

	retried := e.with("SPACEX_REPLAY_ARGS=-fault /v4/starlink/query=429x3 -fault /v5/launches/query=500x2")
	r := runEL(t, retried)
	mustSucceed(t, r, "the run through 429s and 500s")
	if m := regexp.MustCompile(`msg="sync summary".* retries=(\d+)`).FindStringSubmatch(r.out); m == nil || m[1] == "0" {
		t.Errorf("the tap reports no retry through 3 429s and 2 500s: %v", m)
	}
	conn := connect(t, db)
	f := compareWithDocuments(t, conn, e.snapshot, "starlink", "launches")
	record(t, "500 on every attempt (refused), then 429x3 + 500x2 retried", failed, f)
	record(t, "429x3 + 500x2 retried", r, f)
	checkNoSecretInProject(t, e)
}

// TestFaults_TruncatedPageThenResume: page 3 of starlink arrives cut in half; the run fails
// naming the page, and the next run resumes and leaves every document once.
func TestFaults_TruncatedPageThenResume(t *testing.T) {
	const db = "spacex_e2e_faults_truncated"
	e := faultEnv(t, db, "starlink")
	failed := runEL(t, e.with("SPACEX_REPLAY_ARGS=-truncate /v4/starlink/query:3"))
	line := mustRefuse(t, failed, "a run with a truncated page", "/v4/starlink/query page 3")
	t.Logf("last line: %s", line)

	mustSucceed(t, runEL(t, e), "the run after the truncated page")
	f := compareWithDocuments(t, connect(t, db), e.snapshot, "starlink")
	record(t, "truncated page 3, then resume", failed, f)
	checkNoSecretInProject(t, e)
}

// runningEL starts the extract-load in a process group of its own, so that the whole run
// (wrapper, Meltano, tap, target, replay server) can be killed as a crash would.
type runningEL struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	out   bytes.Buffer
	start time.Time
	done  chan struct{}
	err   error
}

func (r *runningEL) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.Write(p)
}

func (r *runningEL) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

func startEL(t *testing.T, e env) *runningEL {
	t.Helper()
	r := &runningEL{start: time.Now(), done: make(chan struct{})}
	r.cmd = exec.Command(el[0], el[1:]...)
	r.cmd.Dir, r.cmd.Env = e.root, e.vars
	r.cmd.Stdout, r.cmd.Stderr = r, r
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("starting %v: %v", el, err)
	}
	go func() { r.err = r.cmd.Wait(); close(r.done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
		<-r.done
	})
	return r
}

// wait waits for the run to end and returns how it ended.
func (r *runningEL) wait(t *testing.T) result {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(5 * time.Minute):
		t.Fatalf("the run did not end within 5 minutes\n%s", lastLines(r.output(), 40))
	}
	return result{out: r.output(), exit: exitCode(t, r.err, r.output()), took: time.Since(r.start)}
}

// waitForLoad waits until target-postgres has started to load table (the table exists) while
// the run is still going; it fails the test when the run ends first.
func (r *runningEL) waitForLoad(t *testing.T, db, table string) {
	t.Helper()
	conn := connect(t, db)
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-r.done:
			t.Fatalf("the run ended before the load of %s started\n%s", table, lastLines(r.output(), 40))
		default:
		}
		var exists bool
		if err := conn.QueryRow(context.Background(), "select to_regclass($1) is not null", "tap_spacex."+table).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("target-postgres did not start loading %s within 3 minutes\n%s", table, lastLines(r.output(), 40))
}

// TestFaults_KillDashNineMidLoadThenRerun: a second run while one is alive is refused; the
// whole run killed with SIGKILL while the loader loads (as a crash or the OOM killer would)
// leaves no password behind; the next run sees the
// dead run, cleans up, runs with --force instead of being refused for 5 minutes, and loads
// every document once.
func TestFaults_KillDashNineMidLoadThenRerun(t *testing.T) {
	const db = "spacex_e2e_faults_kill"
	e := faultEnv(t, db, "starlink", "launches")
	run := startEL(t, e)
	run.waitForLoad(t, db, "starlink")

	// While it is alive, a second run is refused in one line naming it.
	concurrent := runEL(t, e)
	line := mustRefuse(t, concurrent, "a second run while one is alive", "another run of this project is in progress")
	record(t, "second run while one is alive (refused)", concurrent, figures{})
	t.Logf("last line: %s", line)

	if err := syscall.Kill(-run.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := run.wait(t)
	if strings.Contains(killed.out, "Run completed") {
		t.Fatalf("the run had completed before the kill: the test killed nothing mid-load")
	}
	checkNoSecretInProject(t, e)

	// Without the dead run's pid file (a lost folder, another host), Meltano's own check
	// refuses the run as already running: the last line says what to do.
	pidfile := filepath.Join(e.root, "meltano/.meltano/run/spacex-elt.pid")
	if err := os.Rename(pidfile, pidfile+".hidden"); err != nil {
		t.Fatalf("the killed run left no pid file: %v", err)
	}
	refused := runEL(t, e)
	line = mustRefuse(t, refused, "a run after kill -9 without the pid file", "already running", "SPACEX_ELT_FORCE=1")
	record(t, "kill -9, pid file lost: Meltano's stale-run refusal", refused, figures{})
	t.Logf("last line: %s", line)
	if err := os.Rename(pidfile+".hidden", pidfile); err != nil {
		t.Fatal(err)
	}

	again := runEL(t, e)
	mustSucceed(t, again, "the run after kill -9")
	if !strings.Contains(again.out, "ended without cleaning up") {
		t.Errorf("the run after kill -9 does not say it found the dead run:\n%s", lastLines(again.out, 40))
	}
	if strings.Contains(again.out, "already running") {
		t.Errorf("Meltano refused the run after kill -9 as already running:\n%s", lastLines(again.out, 40))
	}
	f := compareWithDocuments(t, connect(t, db), e.snapshot, "starlink", "launches")
	record(t, "kill -9 mid-load, then re-run", killed, f)
	checkNoSecretInProject(t, e)
}

// TestFaults_PostgresStoppedMidLoadThenRerun: the warehouse stops while the loader loads; the
// run fails with one line naming the warehouse, and once it is back the next run loads every
// document once.
func TestFaults_PostgresStoppedMidLoadThenRerun(t *testing.T) {
	const db = "spacex_e2e_faults_pgstop"
	e := faultEnv(t, db, "starlink", "launches")
	run := startEL(t, e)
	run.waitForLoad(t, db, "starlink")
	restart := stopWarehouse(t, e, db)
	failed := run.wait(t)
	line := mustRefuse(t, failed, "a run whose warehouse stopped", "meltano.sh: the")
	if !strings.Contains(line, "Postgres") {
		t.Errorf("the last line does not name the warehouse: %q", line)
	}
	t.Logf("last line: %s", line)
	restart()

	mustSucceed(t, runEL(t, e), "the run after Postgres came back")
	f := compareWithDocuments(t, connect(t, db), e.snapshot, "starlink", "launches")
	record(t, "Postgres stopped mid-load, then re-run", failed, f)
	checkNoSecretInProject(t, e)
}

// localCluster reports whether PGHOST:PGPORT is the project-local cluster, which the test may
// stop; on a server of your own it only cuts the loader's connections.
func localCluster(t *testing.T, e env) bool {
	t.Helper()
	out, err := e.run(t, time.Minute, "warehouse/local-postgres.sh", "status")
	return err == nil && strings.Contains(out, ":"+os.Getenv("PGPORT"))
}

// stopWarehouse stops the project-local cluster (a server of your own: ends the database's
// sessions, as a restart would) and returns what starts it again.
func stopWarehouse(t *testing.T, e env, db string) (restart func()) {
	t.Helper()
	if localCluster(t, e) {
		if out, err := e.run(t, time.Minute, "warehouse/local-postgres.sh", "stop"); err != nil {
			t.Fatalf("stopping the local cluster: %v\n%s", err, out)
		}
		restart = func() {
			if out, err := e.run(t, 2*time.Minute, "warehouse/local-postgres.sh", "up"); err != nil {
				t.Fatalf("starting the local cluster: %v\n%s", err, out)
			}
		}
		t.Cleanup(restart)
		return restart
	}
	conn, err := pgx.Connect(context.Background(), "dbname=postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(),
		"select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", db); err != nil {
		t.Fatal(err)
	}
	return func() {}
}

// TestFaults_WrongLoaderPasswordIsNamed: the warehouse refuses the loader's login (a wrong
// password); the run ends with one line that says so and names the user, and no output shows
// the password.
func TestFaults_WrongLoaderPasswordIsNamed(t *testing.T) {
	const db = "spacex_e2e_faults_password"
	e := faultEnv(t, db, "launches")
	wrong := randomMarker(t, "wrong-loader-password-")
	r := runEL(t, e.with("SPACEX_LOADER_PASSWORD="+wrong))
	user := os.Getenv("SPACEX_LOADER_USER")
	line := mustRefuse(t, r, "a run whose loader password is wrong", user)
	if !strings.Contains(line, "refused the login of "+user) {
		t.Errorf("the last line does not say the warehouse refused %s's login: %q", user, line)
	}
	if strings.Contains(r.out, wrong) {
		t.Error("the run's output shows the wrong password")
	}
	record(t, "wrong loader password (refused)", r, figures{})
	t.Logf("last line: %s", line)
}

// TestFaults_DriftedDocumentsLoadAsSent: documents that lost fields (schema drift at the
// source) load as they were sent: the missing fields are null, every other value unchanged.
func TestFaults_DriftedDocumentsLoadAsSent(t *testing.T) {
	const db = "spacex_e2e_faults_drift"
	e := faultEnv(t, db, "starlink")
	drifted := t.TempDir()
	var docs []map[string]json.RawMessage
	raw, err := os.ReadFile(filepath.Join(e.snapshot, streams["starlink"]))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		delete(d, "velocity_kms") // gone from every document
		if i%2 == 0 {
			delete(d, "launch") // and from every other one
		}
	}
	raw, err = json.Marshal(docs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(drifted, "v4"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(drifted, streams["starlink"]), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	e = e.with("SPACEX_SNAPSHOT=" + drifted)
	r := runEL(t, e)
	mustSucceed(t, r, "the run on drifted documents")
	f := compareWithDocuments(t, connect(t, db), drifted, "starlink")
	record(t, "drifted documents (velocity_kms gone, launch gone from half)", r, f)
}

// TestFaults_BadSettingsAreRefused: a setting out of range is refused before anything is
// read, naming the setting, and loads nothing.
func TestFaults_BadSettingsAreRefused(t *testing.T) {
	const db = "spacex_e2e_faults_settings"
	e := faultEnv(t, db, "starlink")
	for _, c := range []struct{ variable, names string }{
		{"TAP_SPACEX_PAGE_SIZE=0", "page_size"},
		{"TAP_SPACEX_BASE_URL=ftp://example.com", "base_url"},
	} {
		// SPACEX_SNAPSHOT= so that the replay server does not replace the base URL.
		r := runEL(t, e.with(c.variable, "SPACEX_SNAPSHOT="))
		line := mustRefuse(t, r, c.variable, c.names)
		var n int
		if err := connect(t, db).QueryRow(context.Background(),
			"select count(*) from pg_tables where schemaname = 'tap_spacex'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d raw tables created; want none", c.variable, n)
		}
		record(t, "bad setting "+c.variable, r, figures{})
		t.Logf("last line: %s", line)
	}
}

// TestFaults_UnknownSelectedStreamIsRefused: selecting a stream that does not exist is
// refused naming it, instead of a run that extracts nothing and exits 0.
func TestFaults_UnknownSelectedStreamIsRefused(t *testing.T) {
	const db = "spacex_e2e_faults_unknown"
	e := faultEnv(t, db, "starlinks")
	r := runEL(t, e)
	line := mustRefuse(t, r, "a run selecting stream starlinks", "starlinks", "selects no stream")
	record(t, "unknown selected stream starlinks", r, figures{})
	t.Logf("last line: %s", line)
}

// TestFaults_ProdStateSurvivesLosingTheProjectFolder: with --environment prod, Meltano's state
// is in the warehouse: a copy of the project without meltano/.meltano (as on a new host)
// resumes the incremental launches from the first run's bookmark.
func TestFaults_ProdStateSurvivesLosingTheProjectFolder(t *testing.T) {
	const db = "spacex_e2e_faults_prod"
	e := faultEnv(t, db, "launches").with("MELTANO_ENVIRONMENT=prod")
	mustSucceed(t, runEL(t, e), "the first prod run")
	conn := connect(t, db)
	var states int
	if err := conn.QueryRow(context.Background(), "select count(*) from meltano.state").Scan(&states); err != nil {
		t.Fatalf("reading Meltano's state in the warehouse: %v", err)
	}
	if states == 0 {
		t.Fatal("no state in the warehouse's meltano.state after a prod run")
	}

	// A new project folder: the repository's files, no meltano/.meltano but the plugins'
	// installed venvs (linked, as a new host would install them), no SQLite system database.
	fresh := freshProject(t, e.root)
	moved := e.with("MELTANO_AUTO_INSTALL=false") // the plugins are installed (linked); never reinstall them there
	moved.root = fresh
	secondStart := time.Now()
	r := runEL(t, moved)
	mustSucceed(t, r, "the prod run in a fresh project folder")
	if !strings.Contains(r.out, "Environment 'prod' is active") {
		t.Errorf("the run did not use the prod environment:\n%s", lastLines(r.out, 20))
	}
	var total, reread int
	if err := conn.QueryRow(context.Background(),
		"select count(*), count(*) filter (where _sdc_batched_at >= $1) from tap_spacex.launches",
		secondStart.UTC()).Scan(&total, &reread); err != nil {
		t.Fatal(err)
	}
	if reread == 0 || reread >= total {
		t.Errorf("the second run re-read %d of %d launches; want some but not all (the bookmark's look-back window)", reread, total)
	}
	t.Logf("the run in a fresh folder re-read %d of %d launches from the warehouse's bookmark", reread, total)
	f := compareWithDocuments(t, conn, e.snapshot, "launches")
	record(t, "prod: project folder lost, state kept (two runs in a row)", r, f)
	if _, err := os.Stat(filepath.Join(fresh, "meltano/.meltano/meltano.db")); err == nil {
		t.Errorf("the prod run wrote a SQLite system database in the project folder")
	}
}

// freshProject copies the repository's files that a run needs into a new folder, without
// meltano/.meltano; bin/, .venv and the installed plugins are linked.
func freshProject(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("git", "-C", root, "ls-files", "meltano", "fixtures/with-replay-server.sh").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, rel := range strings.Fields(string(out)) {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	links := []string{"bin", ".venv", "meltano/.meltano/loaders", "meltano/.meltano/utilities"}
	if err := os.MkdirAll(filepath.Join(dir, "meltano/.meltano"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rel := range links {
		if err := os.Symlink(filepath.Join(root, rel), filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

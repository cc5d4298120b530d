//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The CelesTrak-format snapshot: CELESTRAK_SNAPSHOT (build it with
// `go run ./fixtures/cmd/celestrak-snapshot -from ../shared/space-track -out /tmp/celestrak-snapshot`),
// else, outside CI, the committed hand-written sample (said in the log).
func celesTrakSnapshot(t *testing.T, root string) string {
	t.Helper()
	dir := os.Getenv("CELESTRAK_SNAPSHOT")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CELESTRAK_SNAPSHOT is not set in CI: build one with go run ./fixtures/cmd/celestrak-snapshot -from ../shared/space-track -out /tmp/celestrak-snapshot")
		}
		dir = filepath.Join(root, "fixtures/celestrak-sample")
		t.Logf("CELESTRAK_SNAPSHOT is not set: loading the hand-written sample %s", dir)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	return dir
}

// CelesTrak's extract-load through Meltano on a snapshot (tap-celestrak's snapshot_dir, served
// in-process): every record lands unchanged in tap_celestrak.satcat; a second run within
// min_interval_minutes asks nothing and a third, conditional, run is answered 304 - both leave
// the table as it was (no ACTIVATE_VERSION emptying it). With SPACEX_SNAPSHOT also set, the
// SpaceX API is loaded too and dbt builds staging, the unified history and the shells mart:
// without Space-Track every catalogued Starlink payload comes from CelesTrak.
func TestCelesTrak_SnapshotLoadsUnchangedAndAnUnchangedCatalogueLoadsNothing(t *testing.T) {
	const db = "spacex_e2e_celestrak"
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run the end-to-end tests through `just e2e`, which sets the PG* variables")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	snapshot := celesTrakSnapshot(t, root)
	recreateDatabase(t, db)
	var vars []string
	for _, v := range os.Environ() {
		if !strings.HasPrefix(v, "TAP_CELESTRAK_") { // the tap's settings are the test's own
			vars = append(vars, v)
		}
	}
	vars = append(vars,
		"PGDATABASE="+db,
		"MELTANO_DATABASE_URI=sqlite:///"+filepath.Join(t.TempDir(), "meltano.db"),
		"TAP_CELESTRAK_SNAPSHOT_DIR="+snapshot,
	)
	meltano := func(extra []string, timeout time.Duration, args ...string) string {
		t.Helper()
		start := time.Now()
		out, err := runIn(t, root, append(vars, extra...), timeout, ".venv/bin/meltano", append([]string{"--cwd", "meltano"}, args...)...)
		if err != nil {
			t.Fatalf("meltano %s: %v\n%s", strings.Join(args, " "), err, lastLines(out, 60))
		}
		t.Logf("meltano %s took %s", strings.Join(args, " "), time.Since(start).Round(time.Second))
		return out
	}

	meltano(nil, 10*time.Minute, "run", "spacex-migrate:up", "tap-celestrak", "target-postgres--celestrak")
	warehouse := connect(t, db)
	want := checkCelesTrakSatcatEqualsSnapshot(t, warehouse, filepath.Join(snapshot, "satcat-starlink.json"))
	loaded := celesTrakLoad(t, warehouse)

	out := meltano(nil, 5*time.Minute, "run", "tap-celestrak", "target-postgres--celestrak")
	if !strings.Contains(out, "CelesTrak not asked") {
		t.Errorf("a second run within min_interval_minutes does not say it asked nothing:\n%s", lastLines(out, 30))
	}
	out = meltano([]string{"TAP_CELESTRAK_MIN_INTERVAL_MINUTES=0"}, 5*time.Minute, "run", "tap-celestrak", "target-postgres--celestrak")
	if !strings.Contains(out, "304 Not Modified") {
		t.Errorf("a conditional run on an unchanged catalogue was not answered 304:\n%s", lastLines(out, 30))
	}
	if got := celesTrakLoad(t, warehouse); got != loaded {
		t.Errorf("after two runs on an unchanged catalogue the table is %+v, was %+v: it must stay as loaded", got, loaded)
	}

	spacex := os.Getenv("SPACEX_SNAPSHOT")
	if spacex == "" {
		t.Log("SPACEX_SNAPSHOT is not set: dbt's unified history not built (it needs the SpaceX API's tables)")
		return
	}
	if !filepath.IsAbs(spacex) {
		spacex = filepath.Join(root, spacex)
	}
	meltano([]string{"TAP_SPACEX_SNAPSHOT_DIR=" + spacex}, 15*time.Minute, "run", "tap-spacex", "target-postgres")
	// The models CelesTrak's rows flow into and every model they read (the SpaceX API's
	// staging included), then the tests of CelesTrak's models and of what reads them.
	dbtEnv := []string{"DBT_POSTGRES_SKIP_PRE_INVOKE=true"}
	forecast := []string{"--exclude", "path:models/intermediate/forecast", "path:models/marts/forecast"}
	meltano(dbtEnv, 15*time.Minute, append([]string{"invoke", "dbt-postgres", "run", "--select", "@stg_celestrak__satellites"}, forecast...)...)
	meltano(dbtEnv, 15*time.Minute, append([]string{"invoke", "dbt-postgres", "test", "--select", "stg_celestrak__satellites+"}, forecast...)...)
	var fromCelesTrak, payloads, otherCatalogue int
	err = warehouse.QueryRow(context.Background(), `
		select count(*) filter (where source = 'celestrak'),
		       (select count(*) from staging.stg_celestrak__satellites where object_type_code = 'PAY'),
		       count(*) filter (where source = 'spacetrack')
		from staging.int_starlink__satellites_unified`).Scan(&fromCelesTrak, &payloads, &otherCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	if fromCelesTrak != payloads || payloads == 0 || otherCatalogue != 0 {
		t.Errorf("unified history without Space-Track: %d rows from CelesTrak, %d from Space-Track; want CelesTrak's %d payloads, none from Space-Track",
			fromCelesTrak, otherCatalogue, payloads)
	}
	var shells int
	if err := warehouse.QueryRow(context.Background(), `select count(distinct shell) from analytics.fct_starlink_shells_monthly`).Scan(&shells); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records loaded unchanged; unified history: %d satellites from CelesTrak; %d shells", len(want), fromCelesTrak, shells)
}

type load struct {
	Rows    int
	Batched time.Time
	Version int64
}

func celesTrakLoad(t *testing.T, conn *pgx.Conn) load {
	t.Helper()
	var l load
	if err := conn.QueryRow(context.Background(),
		`select count(*), max(_sdc_batched_at), max(_sdc_table_version) from tap_celestrak.satcat`).Scan(&l.Rows, &l.Batched, &l.Version); err != nil {
		t.Fatal(err)
	}
	return l
}

// checkCelesTrakSatcatEqualsSnapshot: one row per record, every field as sent (numbers by
// value, nulls null, strings exact), no column but the record's fields and target-postgres'
// _sdc_ ones. It returns the records by NORAD_CAT_ID.
func checkCelesTrakSatcatEqualsSnapshot(t *testing.T, conn *pgx.Conn, path string) map[string]map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var records []map[string]any
	if err := dec.Decode(&records); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	want := map[string]map[string]any{}
	for i, r := range records {
		id, ok := r["NORAD_CAT_ID"].(json.Number)
		if !ok {
			t.Fatalf("%s: record %d has no numeric NORAD_CAT_ID", path, i)
		}
		want[id.String()] = r
	}
	rows, err := conn.Query(context.Background(), `select row_to_json(t)::text from tap_celestrak.satcat t`)
	if err != nil {
		t.Fatalf("reading tap_celestrak.satcat: %v", err)
	}
	defer rows.Close()
	got := map[string]map[string]any{}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(strings.NewReader(text))
		d.UseNumber()
		var row map[string]any
		if err := d.Decode(&row); err != nil {
			t.Fatal(err)
		}
		id, _ := row["NORAD_CAT_ID"].(json.Number)
		if _, dup := got[id.String()]; dup {
			t.Errorf("NORAD_CAT_ID %s loaded twice", id)
		}
		got[id.String()] = row
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("tap_celestrak.satcat has %d rows, the snapshot %d records", len(got), len(want))
	}
	bad := 0
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("NORAD_CAT_ID %s is missing from tap_celestrak.satcat", id)
			bad++
			continue
		}
		for field, v := range w {
			if !sameValue(v, g[field]) {
				if bad++; bad <= 20 {
					t.Errorf("NORAD_CAT_ID %s field %s: loaded %s, sent %s", id, field, show(g[field]), show(v))
				}
			}
		}
		for column := range g {
			if _, sent := w[column]; !sent && !strings.HasPrefix(column, "_sdc_") {
				if bad++; bad <= 20 {
					t.Errorf("NORAD_CAT_ID %s: column %s holds no field of the record", id, column)
				}
			}
		}
	}
	t.Logf("%d records of %s compared with tap_celestrak.satcat: %d differences", len(want), path, bad)
	return want
}

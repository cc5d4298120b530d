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

// The CelesTrak-format snapshot: CELESTRAK_SNAPSHOT when set; else one converted from the
// Space-Track recording (SPACETRACK_SNAPSHOT, which CI sets) into a temporary folder by
// fixtures/cmd/celestrak-snapshot, as a user would (the project has no CelesTrak recording and
// never commits one); else, outside CI, the committed hand-written sample (said in the log).
func celesTrakSnapshot(t *testing.T, root string) string {
	t.Helper()
	if dir := os.Getenv("CELESTRAK_SNAPSHOT"); dir != "" {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		return dir
	}
	if os.Getenv("SPACETRACK_SNAPSHOT") != "" || os.Getenv("CI") != "" {
		from := spaceTrackSnapshot(t, root)
		dir := t.TempDir()
		if out, err := runIn(t, root, os.Environ(), 5*time.Minute, "go", "run", "./fixtures/cmd/celestrak-snapshot", "-from", from, "-out", dir); err != nil {
			t.Fatalf("converting %s into a CelesTrak snapshot: %v\n%s", from, err, lastLines(out, 20))
		}
		t.Logf("CELESTRAK_SNAPSHOT is not set: converted the Space-Track recording %s into %s", from, dir)
		return dir
	}
	dir := filepath.Join(root, "fixtures/celestrak-sample")
	t.Logf("CELESTRAK_SNAPSHOT is not set: loading the hand-written sample %s", dir)
	return dir
}

// No account needed: `just pipeline` on the SpaceX API and CelesTrak's catalogue (snapshots,
// no Space-Track) into a fresh database answers from the catalogue, as of its latest event. Every
// record lands unchanged in tap_celestrak.satcat, every catalogued Starlink payload in the
// unified history comes from CelesTrak, the shells mart holds them all, and the forecast says its
// sources. Then CelesTrak's extract-load again: a run within min_interval_minutes asks nothing
// and a conditional one is answered 304 - both leave the table as it was (no ACTIVATE_VERSION
// emptying it).
func TestCelesTrak_PipelineAnswersWithoutAnAccountAndAnUnchangedCatalogueLoadsNothing(t *testing.T) {
	const db = "spacex_e2e_celestrak"
	e := setup(t, db)
	snapshot := celesTrakSnapshot(t, e.root)
	vars := withEnv(e.vars, "SPACETRACK_SNAPSHOT=", "TAP_SPACETRACK_IDENTITY=", "TAP_SPACETRACK_PASSWORD=", "CELESTRAK_SNAPSHOT="+snapshot)
	start := time.Now()
	out, err := runIn(t, e.root, vars, 20*time.Minute, "just", "pipeline")
	if err != nil {
		t.Fatalf("just pipeline on the SpaceX API and CelesTrak: %v\n%s", err, lastLines(out, 60))
	}
	t.Logf("just pipeline (SpaceX API + CelesTrak, fresh database) took %s", time.Since(start).Round(time.Second))
	if n := strings.Count(out, "Space-Track's satellite catalogue is not loaded"); n != 1 || !strings.Contains(out, "CelesTrak's copy of the catalogue") {
		t.Errorf("the hint on adding Space-Track is printed %d times (want once, saying CelesTrak's copy is used)", n)
	}
	warehouse := connect(t, db)
	want := checkCelesTrakSatcatEqualsSnapshot(t, warehouse, filepath.Join(snapshot, "satcat-starlink.json"))
	loaded := celesTrakLoad(t, warehouse)

	var fromCelesTrak, payloads, fromSpaceTrack int
	if err := warehouse.QueryRow(context.Background(), `
		select count(*) filter (where source = 'celestrak'),
		       (select count(*) from staging.stg_celestrak__satellites where object_type_code = 'PAY'),
		       count(*) filter (where source = 'spacetrack')
		from staging.int_starlink__satellites_unified`).Scan(&fromCelesTrak, &payloads, &fromSpaceTrack); err != nil {
		t.Fatal(err)
	}
	if fromCelesTrak != payloads || payloads == 0 || fromSpaceTrack != 0 {
		t.Errorf("unified history without Space-Track: %d rows from CelesTrak, %d from Space-Track; want CelesTrak's %d payloads, none from Space-Track",
			fromCelesTrak, fromSpaceTrack, payloads)
	}
	var inShells, inOrbit int
	if err := warehouse.QueryRow(context.Background(), `
		select (select sum(satellites_in_orbit) from analytics.fct_starlink_shells_monthly
		        where month_start = (select max(month_start) from analytics.fct_starlink_shells_monthly)),
		       (select count(*) from analytics.dim_starlink_satellites where is_in_orbit)`).Scan(&inShells, &inOrbit); err != nil {
		t.Fatal(err)
	}
	if inShells != inOrbit || inOrbit == 0 {
		t.Errorf("the shells hold %d satellites in the as-of month, the constellation %d in orbit", inShells, inOrbit)
	}
	var sources, asOf, answer string
	if err := warehouse.QueryRow(context.Background(), `select data_sources, as_of_date::text, answer
		from analytics.fct_starlink_forecast where is_headline`).Scan(&sources, &asOf, &answer); err != nil {
		t.Fatal(err)
	}
	if sources != "spacex_api+celestrak" || !strings.Contains(out, answer) {
		t.Errorf("the forecast's sources are %q (want spacex_api+celestrak), or its answer is not printed: %s", sources, answer)
	}
	// The printed answer says which catalogue it comes from, in words (print_answer.sql).
	var catalogue string
	if err := warehouse.QueryRow(context.Background(), `select 'Data as of ' || to_char(as_of_date, 'FMDD Mon YYYY') || ': CelesTrak''s catalogue ('
		|| to_char((select count(*) from analytics.dim_starlink_satellites where source = 'celestrak'), 'FM999,999,990') || ' satellites)'
		from analytics.fct_starlink_forecast where is_headline`).Scan(&catalogue); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, catalogue) || strings.Contains(out, "Space-Track's catalogue (") {
		t.Errorf("the printed answer does not say %q (and not Space-Track's):\n%s", catalogue, lastLines(out, 30))
	}
	t.Logf("%d records loaded unchanged; unified history: %d satellites from CelesTrak, %d in orbit, as of %s", len(want), fromCelesTrak, inOrbit, asOf)

	el := []string{"just", "meltano", "--environment", "snapshot", "run", "tap-celestrak", "target-postgres"}
	if out, err = runIn(t, e.root, vars, 5*time.Minute, el[0], el[1:]...); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(el, " "), err, lastLines(out, 40))
	}
	if !strings.Contains(out, "CelesTrak not asked") {
		t.Errorf("a second run within min_interval_minutes does not say it asked nothing:\n%s", lastLines(out, 30))
	}
	if out, err = runIn(t, e.root, withEnv(vars, "TAP_CELESTRAK_MIN_INTERVAL_MINUTES=0"), 5*time.Minute, el[0], el[1:]...); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(el, " "), err, lastLines(out, 40))
	}
	if !strings.Contains(out, "304 Not Modified") {
		t.Errorf("a conditional run on an unchanged catalogue was not answered 304:\n%s", lastLines(out, 30))
	}
	if got := celesTrakLoad(t, warehouse); got != loaded {
		t.Errorf("after two runs on an unchanged catalogue the table is %+v, was %+v: it must stay as loaded", got, loaded)
	}
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
	got := readRows(t, conn, "tap_celestrak.satcat", "NORAD_CAT_ID")
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

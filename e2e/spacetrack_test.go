//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The Space-Track catalogue snapshot: SPACETRACK_SNAPSHOT (CI sets it), else, outside CI, the
// committed hand-written sample (said in the log).
func spaceTrackSnapshot(t *testing.T, root string) string {
	t.Helper()
	dir := os.Getenv("SPACETRACK_SNAPSHOT")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SPACETRACK_SNAPSHOT is not set in CI: the end-to-end tests must load the real catalogue (export SPACETRACK_SNAPSHOT=../shared/space-track)")
		}
		dir = filepath.Join(root, "fixtures/spacetrack-sample")
		t.Logf("SPACETRACK_SNAPSHOT is not set: loading the hand-written sample %s", dir)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	return dir
}

// withEnv returns vars with each KEY=VALUE of set replacing any earlier value (the last one wins).
func withEnv(vars []string, set ...string) []string {
	return append(slices.Clone(vars), set...)
}

func randomMarker(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// One full pipeline run, on the SpaceX API alone (no Space-Track credentials, no
// SPACETRACK_SNAPSHOT): it completes and says once how to add the catalogue. Then the
// catalogue's extract-load alone into the same warehouse, with credentials: every catalogue
// document lands unchanged in tap_spacetrack.satcat, and no credential is left in any file of
// the project. (bothSources runs `just pipeline` on both snapshots, each run on a fresh database.)
func TestSpaceTrack_APIOnlyRunCompletesThenTheCatalogueLoadsUnchanged(t *testing.T) {
	const db = "spacex_e2e_spacetrack"
	e := setup(t, db)
	snapshot := spaceTrackSnapshot(t, e.root)
	apiOnly := withEnv(e.vars, "SPACETRACK_SNAPSHOT=", "TAP_SPACETRACK_IDENTITY=", "TAP_SPACETRACK_PASSWORD=")
	start := time.Now()
	out, err := runIn(t, e.root, apiOnly, 20*time.Minute, "just", "pipeline")
	if err != nil {
		t.Fatalf("just pipeline on the SpaceX API alone: %v\n%s", err, lastLines(out, 60))
	}
	t.Logf("just pipeline (SpaceX API alone) took %s", time.Since(start).Round(time.Second))
	if n := strings.Count(out, "Space-Track's satellite catalogue is not loaded"); n != 1 {
		t.Errorf("the hint on adding the catalogue is printed %d times, want once", n)
	}
	if !strings.Contains(out, "TAP_SPACETRACK_IDENTITY") || !strings.Contains(out, "space-track.org") {
		t.Error("the hint does not say how to add the catalogue (account, TAP_SPACETRACK_IDENTITY/_PASSWORD)")
	}
	warehouse := connect(t, db)
	var satcat *string
	if err := warehouse.QueryRow(context.Background(), "select to_regclass('tap_spacetrack.satcat')::text").Scan(&satcat); err != nil {
		t.Fatal(err)
	}
	if satcat != nil {
		t.Errorf("the API-only run created %s", *satcat)
	}

	// The catalogue, with credentials that must never land in a file.
	identity, password := randomMarker(t, "e2e-identity-"), randomMarker(t, "e2e-password-")
	withCatalogue := withEnv(e.vars, "SPACETRACK_SNAPSHOT="+snapshot,
		"TAP_SPACETRACK_IDENTITY="+identity, "TAP_SPACETRACK_PASSWORD="+password)
	start = time.Now()
	// As an orchestrator would run it: Meltano itself, in the snapshot environment.
	out, err = runIn(t, filepath.Join(e.root, "meltano"), withCatalogue, 10*time.Minute,
		filepath.Join(e.root, ".venv/bin/meltano"), "--environment", "snapshot", "run", "tap-spacetrack", "target-postgres")
	if err != nil {
		t.Fatalf("meltano --environment snapshot run tap-spacetrack target-postgres: %v\n%s", err, lastLines(out, 60))
	}
	t.Logf("extract-load of the catalogue took %s", time.Since(start).Round(time.Second))
	for _, secret := range []string{identity, password} {
		if strings.Contains(out, secret) {
			t.Error("the run's output shows a Space-Track credential")
		}
	}
	checkSatcatEqualsSnapshot(t, warehouse, filepath.Join(snapshot, "satcat-starlink.json"))
	checkNoSecretInTree(t, e.root, identity, password)
	if os.Getenv("SPACETRACK_SNAPSHOT") != "" {
		checkConstellationCountsAgree(t, warehouse)
	} else {
		t.Log("constellation counts of the two sources not compared: the hand-written sample is invented data")
	}
}

// checkConstellationCountsAgree compares, on every day both sources cover (the catalogue's first
// launch to the API's last satellite update), the Starlink satellites in orbit (launched, not
// yet re-entered) according to the catalogue and according to the API's starlink documents
// (their spaceTrack copy of Space-Track's record). They agree on every day once the API's two
// prototypes are left out: TINTIN A and B (2018), which the API lists under starlink but whose
// catalogue names are not STARLINK…, so the catalogue query (SATNAME/~~STARLINK) leaves them out.
func checkConstellationCountsAgree(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	var days, differing, prototypeDays int
	var first, last time.Time
	err := conn.QueryRow(context.Background(), `
		with api as (
		    select "spaceTrack"->>'OBJECT_NAME' as name,
		           ("spaceTrack"->>'LAUNCH_DATE')::date as launch,
		           ("spaceTrack"->>'DECAY_DATE')::date as decay
		    from tap_spacex.starlink
		), catalogue as (
		    select "LAUNCH"::date as launch, "DECAY"::date as decay from tap_spacetrack.satcat
		), covered as (
		    select generate_series(
		        (select min(launch) from catalogue),
		        (select max(("spaceTrack"->>'EPOCH')::timestamp)::date from tap_spacex.starlink),
		        interval '1 day')::date as day
		), counts as (
		    select day,
		        (select count(*) from catalogue where launch <= day and (decay is null or decay > day)) as from_catalogue,
		        (select count(*) from api where name like 'STARLINK%' and launch <= day and (decay is null or decay > day)) as from_api,
		        (select count(*) from api where name not like 'STARLINK%' and launch <= day and (decay is null or decay > day)) as prototypes
		    from covered
		)
		select count(*), count(*) filter (where from_catalogue <> from_api), count(*) filter (where prototypes > 0),
		       min(day), max(day)
		from counts`).Scan(&days, &differing, &prototypeDays, &first, &last)
	if err != nil {
		t.Fatalf("comparing the constellation counts: %v", err)
	}
	if days < 365 || differing != 0 {
		t.Errorf("satellites in orbit per day, %s to %s: the catalogue and the API differ on %d of %d days, want 0 of at least 365",
			first.Format(time.DateOnly), last.Format(time.DateOnly), differing, days)
	}
	t.Logf("satellites in orbit per day agree on all %d days from %s to %s (the API's prototypes TINTIN A/B, in orbit on %d of them, left out)",
		days, first.Format(time.DateOnly), last.Format(time.DateOnly), prototypeDays)
}

// checkSatcatEqualsSnapshot: one row per catalogue document, every field exactly as sent (nulls
// null), no column but the document's fields and target-postgres' _sdc_ ones.
func checkSatcatEqualsSnapshot(t *testing.T, conn *pgx.Conn, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]*string
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	want := map[string]map[string]*string{}
	for i, d := range docs {
		id := d["NORAD_CAT_ID"]
		if id == nil {
			t.Fatalf("%s: document %d has no NORAD_CAT_ID", path, i)
		}
		want[*id] = d
	}

	got := readRows(t, conn, "tap_spacetrack.satcat", "NORAD_CAT_ID")
	n := len(got)
	if n != len(want) {
		t.Errorf("tap_spacetrack.satcat has %d distinct NORAD_CAT_IDs; the snapshot %d documents", n, len(want))
	}
	compared, problems := 0, 0
	report := func(format string, args ...any) {
		problems++
		if problems <= 20 {
			t.Errorf(format, args...)
		}
	}
	for id, doc := range want {
		row, ok := got[id]
		if !ok {
			report("NORAD_CAT_ID %s: missing from tap_spacetrack.satcat", id)
			continue
		}
		for field, value := range doc {
			cell, present := row[field]
			switch {
			case !present:
				report("NORAD_CAT_ID %s: no column %s", id, field)
			case value == nil && cell != nil:
				report("NORAD_CAT_ID %s: %s is %v, want null", id, field, cell)
			case value != nil && cell != *value:
				report("NORAD_CAT_ID %s: %s is %#v, want %q", id, field, cell, *value)
			}
			compared++
		}
		for column := range row {
			if _, ok := doc[column]; !ok && !strings.HasPrefix(column, "_sdc_") {
				report("NORAD_CAT_ID %s: column %s is not a field of the document", id, column)
			}
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			report("NORAD_CAT_ID %s: in tap_spacetrack.satcat, not in the snapshot", id)
		}
	}
	t.Logf("tap_spacetrack.satcat: %d rows, %d values compared with %s, %d problems", n, compared, path, problems)
}

// checkNoSecretInTree fails when a file of the project (outside .git and the Python
// environments) holds one of the secrets, and lists what a run leaves in meltano/.meltano/run/.
func checkNoSecretInTree(t *testing.T, root string, secrets ...string) {
	t.Helper()
	var left []string
	scanned := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".venv", "venv", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if strings.HasPrefix(rel, filepath.Join("meltano", ".meltano", "run")+string(filepath.Separator)) {
			left = append(left, rel)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds a Space-Track credential", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("no credential in %d files of the project; files under meltano/.meltano/run/ after the run: %v", scanned, left)
}

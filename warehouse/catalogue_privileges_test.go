package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

// The raw schemas of the catalogues - tap_spacetrack (0004, Space-Track) and tap_celestrak
// (0007, CelesTrak) - have the same rights as tap_spacex.

// rawCatalogues are the catalogues' raw schemas and the migration that creates each.
var rawCatalogues = []struct {
	schema    string
	migration uint
}{
	{SpaceTrackRawSchema, 4},
	{CelesTrakRawSchema, 7},
}

// stepsDownThrough is how many down steps from latest undo migration v too.
func stepsDownThrough(v uint) int {
	names, _ := fs.Glob(Migrations(), "*.up.sql")
	n := 0
	for _, name := range names {
		var m uint
		fmt.Sscanf(name, "%d_", &m)
		if m >= v {
			n++
		}
	}
	return n
}

func TestRawCatalogueSchemas_LoaderWritesTransformerReadsAnalystIsDenied(t *testing.T) {
	for _, c := range rawCatalogues {
		t.Run(c.schema, func(t *testing.T) {
			t.Parallel()
			checkRawCatalogueRights(t, c.schema)
		})
	}
}

func checkRawCatalogueRights(t *testing.T, schema string) {
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	// What target-postgres does with stream satcat (created after the grants).
	mustExec(t, loader, `create table `+schema+`.satcat ("NORAD_CAT_ID" text primary key, "DECAY" text, _sdc_table_version bigint)`)
	mustExec(t, loader, `create temporary table satcat_upsert (like `+schema+`.satcat)`)
	mustExec(t, loader, `insert into satcat_upsert values ('44235', null, 1)`)
	mustExec(t, loader, `insert into `+schema+`.satcat select * from satcat_upsert
		on conflict ("NORAD_CAT_ID") do update set "DECAY" = excluded."DECAY"`)
	mustExec(t, loader, `alter table `+schema+`.satcat add column "COMMENT" text`)
	mustExec(t, loader, `delete from `+schema+`.satcat where _sdc_table_version < 1`)
	if got := queryString(t, loader, "select tableowner from pg_tables where schemaname = '"+schema+"' and tablename = 'satcat'"); got != LoaderRole {
		t.Errorf("%s.satcat is owned by %s, want %s", schema, got, LoaderRole)
	}

	transformer := connectAs(t, cfg, users.transformer)
	if n := queryInt(t, transformer, "select count(*) from "+schema+".satcat"); n != 1 {
		t.Errorf("the transformer reads %d rows, want 1", n)
	}
	mustExec(t, transformer, `create view staging.stg_raw_catalogue as select "NORAD_CAT_ID"::int as norad_id from `+schema+`.satcat`)
	for _, sql := range []string{
		"insert into " + schema + ".satcat (\"NORAD_CAT_ID\") values ('1')",
		"update " + schema + ".satcat set \"DECAY\" = '2025-01-01'",
		"delete from " + schema + ".satcat",
		"truncate " + schema + ".satcat",
		"drop table " + schema + ".satcat",
		"alter table " + schema + ".satcat add column x int",
		"create table " + schema + ".transformer_table (id text)",
		"drop schema " + schema + " cascade",
	} {
		mustDeny(t, transformer, sql)
	}

	analyst := connectAs(t, cfg, users.analyst)
	for _, sql := range []string{
		"select * from " + schema + ".satcat",
		"select * from staging.stg_raw_catalogue",
		"insert into " + schema + ".satcat (\"NORAD_CAT_ID\") values ('1')",
		"create table " + schema + ".mine (id text)",
	} {
		mustDeny(t, analyst, sql)
	}
	for _, sql := range []string{
		"select * from analytics.nothing_here_yet", // sanity: a missing table is not "permission denied"
	} {
		if _, err := analyst.Exec(t.Context(), sql); err == nil || strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: %v", sql, err)
		}
	}

	// The loader still cannot reach the analysts' or dbt's schemas from here either.
	mustDeny(t, loader, "select * from staging.stg_raw_catalogue")
}

func TestRawCatalogueSchemas_DownRefusesToDropLoadedData(t *testing.T) {
	for _, c := range rawCatalogues {
		t.Run(c.schema, func(t *testing.T) {
			t.Parallel()
			checkDownKeepsCatalogue(t, c.schema, c.migration)
		})
	}
}

func checkDownKeepsCatalogue(t *testing.T, schema string, migration uint) {
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	mustExec(t, connectAs(t, cfg, users.loader), `create table `+schema+`.satcat ("NORAD_CAT_ID" text primary key); insert into `+schema+`.satcat values ('44235')`)

	// Down through every migration after the schema's, then the schema's own.
	err := Down(ctx, cfg, stepsDownThrough(migration), testLogger(t))
	var failed *MigrationError
	if !errors.As(err, &failed) || failed.Version != migration || failed.Direction != "down" {
		t.Fatalf("down: %v, want a MigrationError of migration %d down", err, migration)
	}
	if !strings.Contains(err.Error(), schema+".satcat") {
		t.Errorf("the refusal does not name the table: %v", err)
	}
	conn := connectAdmin(t, cfg)
	if n := queryInt(t, conn, "select count(*) from "+schema+".satcat"); n != 1 {
		t.Errorf("%d rows left, want 1", n)
	}
}

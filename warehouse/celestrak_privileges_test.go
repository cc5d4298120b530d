package warehouse

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// tap_celestrak (0007): the same rights as tap_spacex, for the CelesTrak catalogue.

func TestCelesTrakSchema_LoaderWritesTransformerReadsAnalystIsDenied(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader.Name)
	// What target-postgres does with stream satcat (created after the grants).
	mustExec(t, loader, `create table tap_celestrak.satcat ("NORAD_CAT_ID" text primary key, "DECAY_DATE" text, _sdc_table_version bigint)`)
	mustExec(t, loader, `create temporary table satcat_upsert (like tap_celestrak.satcat)`)
	mustExec(t, loader, `insert into satcat_upsert values ('44235', null, 1)`)
	mustExec(t, loader, `insert into tap_celestrak.satcat select * from satcat_upsert
		on conflict ("NORAD_CAT_ID") do update set "DECAY_DATE" = excluded."DECAY_DATE"`)
	mustExec(t, loader, `alter table tap_celestrak.satcat add column "COMMENT" text`)
	mustExec(t, loader, `delete from tap_celestrak.satcat where _sdc_table_version < 1`)
	if got := queryString(t, loader, "select tableowner from pg_tables where schemaname = 'tap_celestrak' and tablename = 'satcat'"); got != LoaderRole {
		t.Errorf("tap_celestrak.satcat is owned by %s, want %s", got, LoaderRole)
	}

	transformer := connectAs(t, cfg, users.transformer.Name)
	if n := queryInt(t, transformer, "select count(*) from tap_celestrak.satcat"); n != 1 {
		t.Errorf("the transformer reads %d rows, want 1", n)
	}
	mustExec(t, transformer, `create view staging.stg_celestrak__satellites as select "NORAD_CAT_ID"::int as norad_id from tap_celestrak.satcat`)
	for _, sql := range []string{
		"insert into tap_celestrak.satcat (\"NORAD_CAT_ID\") values ('1')",
		"update tap_celestrak.satcat set \"DECAY_DATE\" = '2025-01-01'",
		"delete from tap_celestrak.satcat",
		"truncate tap_celestrak.satcat",
		"drop table tap_celestrak.satcat",
		"alter table tap_celestrak.satcat add column x int",
		"create table tap_celestrak.transformer_table (id text)",
		"drop schema tap_celestrak cascade",
	} {
		mustDeny(t, transformer, sql)
	}

	analyst := connectAs(t, cfg, users.analyst.Name)
	for _, sql := range []string{
		"select * from tap_celestrak.satcat",
		"select * from staging.stg_celestrak__satellites",
		"insert into tap_celestrak.satcat (\"NORAD_CAT_ID\") values ('1')",
		"create table tap_celestrak.mine (id text)",
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
	mustDeny(t, loader, "select * from staging.stg_celestrak__satellites")
}

func TestCelesTrakSchema_DownRefusesToDropLoadedData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	mustExec(t, connectAs(t, cfg, users.loader.Name), `create table tap_celestrak.satcat ("NORAD_CAT_ID" text primary key); insert into tap_celestrak.satcat values ('44235')`)

	// 0007 is the newest migration: one step down.
	err := Down(ctx, cfg, 1, testLogger(t))
	var failed *MigrationError
	if !errors.As(err, &failed) || failed.Version != 7 || failed.Direction != "down" {
		t.Fatalf("down: %v, want a MigrationError of migration 7 down", err)
	}
	if !strings.Contains(err.Error(), "tap_celestrak.satcat") {
		t.Errorf("the refusal does not name the table: %v", err)
	}
	conn := connectAdmin(t, cfg)
	if n := queryInt(t, conn, "select count(*) from tap_celestrak.satcat"); n != 1 {
		t.Errorf("%d rows left, want 1", n)
	}
}

package warehouse

import (
	"context"
	"testing"
)

// The privileges of each component, as its login user has them (logged in with its password;
// authentication_test.go checks the server refuses it without).

func TestLoader_CreatesAltersUpsertsAndDropsTablesInRawSchema(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	// What target-postgres does: it finds the schema (it only creates a missing one), creates
	// tables, adds columns, stages upserts in a temporary table, merges, soft-deletes old
	// versions, and drops tables with the overwrite load method.
	if !queryBool(t, loader, "select exists (select from pg_namespace where nspname = 'tap_spacex')") {
		t.Fatal("the loader does not see schema tap_spacex")
	}
	mustExec(t, loader, `create table tap_spacex.launches (id text primary key, name text, _sdc_deleted_at timestamptz)`)
	mustExec(t, loader, `alter table tap_spacex.launches add column _sdc_table_version bigint`)
	mustExec(t, loader, `create temporary table launches_upsert (like tap_spacex.launches)`)
	mustExec(t, loader, `insert into launches_upsert (id, name) values ('a', 'A'), ('b', 'B')`)
	mustExec(t, loader, `insert into tap_spacex.launches select * from launches_upsert
		on conflict (id) do update set name = excluded.name`)
	mustExec(t, loader, `update tap_spacex.launches set _sdc_deleted_at = now() where id = 'b'`)
	mustExec(t, loader, `delete from tap_spacex.launches where id = 'b'`)
	mustExec(t, loader, `drop table launches_upsert`)
	mustExec(t, loader, `create table tap_spacex.overwritten (id text)`)
	mustExec(t, loader, `drop table tap_spacex.overwritten`)
}

func TestLoader_CannotTouchAnalyticsOrStaging(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "create table analytics.fct_launches (id text)")
	mustExec(t, transformer, "create view staging.stg_launches as select 'a' as id")

	loader := connectAs(t, cfg, users.loader)
	for _, sql := range []string{
		"select * from analytics.fct_launches",
		"insert into analytics.fct_launches values ('x')",
		"delete from analytics.fct_launches",
		"drop table analytics.fct_launches",
		"create table analytics.loader_table (id text)",
		"select * from staging.stg_launches",
		"create table staging.loader_table (id text)",
		"create table public.loader_table (id text)",
		"create schema loader_schema",
		"create schema if not exists tap_spacex", // target-postgres never needs it: the schema exists
	} {
		mustDeny(t, loader, sql)
	}
}

func TestTransformer_ReadsRawTablesAndBuildsStagingAndAnalytics(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	// A raw table the loader creates after the grants: default privileges let dbt read it.
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.launches (id text primary key, name text); insert into tap_spacex.launches values ('a', 'A')")

	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "select * from tap_spacex.launches")
	// What dbt does: views in staging, tables in analytics, rebuilt by swapping a new relation
	// in (create __dbt_tmp, rename the old to __dbt_backup, rename, drop the backup), and
	// temporary tables for incremental models.
	for range 2 {
		mustExec(t, transformer, `create view staging.stg_launches__dbt_tmp as select id, name from tap_spacex.launches`)
		mustExec(t, transformer, `drop view if exists staging.stg_launches cascade`)
		mustExec(t, transformer, `alter view staging.stg_launches__dbt_tmp rename to stg_launches`)
		mustExec(t, transformer, `create table analytics.fct_launches__dbt_tmp as select * from staging.stg_launches`)
		mustExec(t, transformer, `alter table if exists analytics.fct_launches rename to fct_launches__dbt_backup`)
		mustExec(t, transformer, `alter table analytics.fct_launches__dbt_tmp rename to fct_launches`)
		mustExec(t, transformer, `drop table if exists analytics.fct_launches__dbt_backup cascade`)
	}
	mustExec(t, transformer, `create temporary table incremental__dbt_tmp as select * from staging.stg_launches`)
	if n := queryInt(t, transformer, "select count(*) from analytics.fct_launches"); n != 1 {
		t.Errorf("fct_launches has %d rows, want 1", n)
	}
}

func TestTransformer_CannotDropOrWriteRawTables(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.launches (id text primary key); insert into tap_spacex.launches values ('a')")

	transformer := connectAs(t, cfg, users.transformer)
	for _, sql := range []string{
		"drop table tap_spacex.launches",
		"truncate tap_spacex.launches",
		"delete from tap_spacex.launches",
		"insert into tap_spacex.launches values ('b')",
		"update tap_spacex.launches set id = 'c'",
		"alter table tap_spacex.launches add column x int",
		"alter table tap_spacex.launches rename to gone",
		"create table tap_spacex.transformer_table (id text)",
		"drop schema tap_spacex cascade",
		"create schema transformer_schema",
	} {
		mustDeny(t, transformer, sql)
	}
	if n := queryInt(t, connectAdmin(t, cfg), "select count(*) from tap_spacex.launches"); n != 1 {
		t.Errorf("tap_spacex.launches has %d rows, want 1", n)
	}
}

func TestAnalyst_ReadsMartsCreatedAfterTheGrants(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "create table analytics.fct_launches as select 'a' as id")
	mustExec(t, transformer, "create view analytics.launches_view as select * from analytics.fct_launches")

	analyst := connectAs(t, cfg, users.analyst)
	if n := queryInt(t, analyst, "select count(*) from analytics.fct_launches"); n != 1 {
		t.Errorf("the analyst reads %d rows, want 1", n)
	}
	mustExec(t, analyst, "select * from analytics.launches_view")
	// And after dbt rebuilt the mart by swapping a new table in.
	mustExec(t, transformer, `create table analytics.fct_launches__dbt_tmp as select 'b' as id;
		alter table analytics.fct_launches rename to fct_launches__dbt_backup;
		alter table analytics.fct_launches__dbt_tmp rename to fct_launches;
		drop table analytics.fct_launches__dbt_backup cascade`)
	if got := queryString(t, analyst, "select id from analytics.fct_launches"); got != "b" {
		t.Errorf("the analyst reads %q after the rebuild, want b", got)
	}
}

func TestAnalyst_IsDeniedRawStagingAndEveryWrite(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	mustExec(t, connectAs(t, cfg, users.loader), "create table tap_spacex.launches (id text)")
	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "create view staging.stg_launches as select * from tap_spacex.launches")
	mustExec(t, transformer, "create table analytics.fct_launches as select * from staging.stg_launches")

	analyst := connectAs(t, cfg, users.analyst)
	for _, sql := range []string{
		"select * from tap_spacex.launches",
		"select * from staging.stg_launches",
		"insert into analytics.fct_launches values ('x')",
		"update analytics.fct_launches set id = 'y'",
		"delete from analytics.fct_launches",
		"truncate analytics.fct_launches",
		"drop table analytics.fct_launches",
		"create table analytics.mine (id text)",
		"create view analytics.mine as select 1",
		"create table public.mine (id text)",
		"create temporary table mine (id text)",
		"create schema mine",
	} {
		mustDeny(t, analyst, sql)
	}
}

func TestLoginUsers_ActAsTheirGroupRoleSoTheGroupOwnsWhatTheyCreate(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	if got := queryString(t, loader, "select current_user"); got != LoaderRole {
		t.Errorf("the loader's current_user is %s, want %s", got, LoaderRole)
	}
	mustExec(t, loader, "create table tap_spacex.launches (id text)")
	if got := queryString(t, loader, "select tableowner from pg_tables where tablename = 'launches'"); got != LoaderRole {
		t.Errorf("the loader's table is owned by %s, want %s", got, LoaderRole)
	}
	// Another login user of the loader (a rotated one, another deployment) can alter it.
	second := newLoginUser(t, users.loader.Name+"2", LoaderRole, "SPACEX_LOADER")
	dropRolesAtEnd(t, second.Name)
	if err := EnsureUsers(t.Context(), cfg, []LoginUser{second}, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	mustExec(t, connectAs(t, cfg, second), "alter table tap_spacex.launches add column name text")
}

func TestMeltano_OwnsItsSystemDatabaseSchemaAndNothingElse(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.launches (id text)")

	meltano := newLoginUser(t, users.loader.Name+"_meltano", MeltanoRole, "SPACEX_MELTANO")
	dropRolesAtEnd(t, meltano.Name)
	if err := EnsureUsers(context.Background(), cfg, []LoginUser{meltano}, testLogger(t)); err != nil {
		t.Fatalf("ensure the meltano user: %v", err)
	}
	conn := connectAs(t, cfg, meltano)
	// What Meltano's alembic migrations and its runs do, with search_path=meltano.
	mustExec(t, conn, "set search_path = meltano")
	mustExec(t, conn, "create table alembic_version (version_num varchar(32) primary key)")
	mustExec(t, conn, "create type job_state as enum ('RUNNING', 'SUCCESS')")
	mustExec(t, conn, "create table state (state_id text primary key, partial_state jsonb, completed_state jsonb)")
	mustExec(t, conn, "insert into state values ('prod:tap-spacex-to-target-postgres', '{}', '{}')")
	mustExec(t, conn, "update state set completed_state = '{\"bookmarks\": {}}'")
	if owner := queryString(t, conn, "select tableowner from pg_tables where schemaname = 'meltano' and tablename = 'state'"); owner != MeltanoRole {
		t.Errorf("meltano.state is owned by %s, want %s", owner, MeltanoRole)
	}
	for _, sql := range []string{
		"select * from tap_spacex.launches",
		"create table tap_spacex.meltano_table (id text)",
		"create table analytics.meltano_table (id text)",
		"create table staging.meltano_table (id text)",
		"create table public.meltano_table (id text)",
	} {
		mustDeny(t, conn, sql)
	}
}

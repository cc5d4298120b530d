package warehouse

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Schema forecast and role spacex_forecaster (0006; forecast.origin_ledger 0008): the forecast
// engine reads the marts and writes its runs; dbt reads the runs as sources; analysts read only
// the marts built on them.

// withForecaster adds a login user of spacex_forecaster to a warehouse with users, dropped
// when the test ends.
func withForecaster(t *testing.T, cfg *pgx.ConnConfig, users testUsers) LoginUser {
	t.Helper()
	u := LoginUser{Name: users.loader.Name + "_forecaster", Password: "pw-" + randomSuffix(t) + randomSuffix(t), Group: ForecasterRole, EnvPrefix: "SPACEX_FORECASTER"}
	dropRolesAtEnd(t, u.Name)
	if err := EnsureUsers(t.Context(), cfg, []LoginUser{u}, testLogger(t)); err != nil {
		t.Fatalf("ensure the forecaster: %v", err)
	}
	return u
}

// buildMarts does what dbt does to the two marts the engine reads: a new table swapped in.
func buildMarts(t *testing.T, transformer *pgx.Conn, satellites int) {
	t.Helper()
	for _, sql := range []string{
		`create table analytics.dim_starlink_satellites__dbt_tmp as
			select g as norad_id, '2019-029' as launch_key from generate_series(1, ` + itoa(satellites) + `) as g`,
		`create table analytics.fct_starlink_launches__dbt_tmp as select '2019-029' as launch_key, 60::bigint as satellites_deployed`,
	} {
		mustExec(t, transformer, sql)
	}
	for _, name := range []string{"dim_starlink_satellites", "fct_starlink_launches"} {
		mustExec(t, transformer, "alter table if exists analytics."+name+" rename to "+name+"__dbt_backup")
		mustExec(t, transformer, "alter table analytics."+name+"__dbt_tmp rename to "+name)
		mustExec(t, transformer, "drop table if exists analytics."+name+"__dbt_backup cascade")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// insertRun writes one run as the engine does (insert ... returning, then its rows) and returns
// its run_id.
func insertRun(t *testing.T, conn *pgx.Conn) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := conn.QueryRow(ctx, `insert into forecast.runs (started_at, finished_at, data_as_of_date, data_sources,
			git_commit, engine_version, assumptions_hash, paths, seed, horizon_month, target_satellites)
		values (now(), now(), '2025-06-18', 'spacex_api+spacetrack', null, 'test', 'abc', 1000, 42, '2045-12-01', 42000)
		returning run_id`).Scan(&id)
	if err != nil {
		t.Fatalf("as %s: insert into forecast.runs: %v", conn.Config().User, err)
	}
	mustExec(t, conn, `insert into forecast.monthly values (`+itoa(int(id))+`, 'overall', '2025-06-01', 1, 2, 3, 0, 0, 0, 9, 0, 250, 10)`)
	mustExec(t, conn, `insert into forecast.backtest values (`+itoa(int(id))+`, '2023-06-30', 48, 'capacity', 'in_orbit', 6, 0, 1, 2, 3, 2, 0.5, 1, true, 1)`)
	mustExec(t, conn, `insert into forecast.estimates values (`+itoa(int(id))+`, 'falcon9_launches_per_month_now', 9, null, null, 'launches/month', 'x')`)
	mustExec(t, conn, `insert into forecast.assumptions values (`+itoa(int(id))+`, 'seed', '42', '42', false, '', 'Project choice.', 'x')`)
	mustExec(t, conn, `insert into forecast.scenarios (run_id, scenario_name, scenario_order, label, description,
			conditional_on, is_headline, is_naive, satellites_in_orbit_at_as_of, nowcast_launches_p50,
			nowcast_satellites_p50, target_satellites, share_never_reached, prob_by_2030, prob_by_2035,
			prob_by_2040, in_orbit_at_horizon_p10, in_orbit_at_horizon_p50, in_orbit_at_horizon_p90, answer)
		values (`+itoa(int(id))+`, 'overall', 1, 'Overall', 'x', 'x', true, false, 7000, 2, 50, 42000, 1, 0, 0, 0, 1, 2, 3, 'x')`)
	mustExec(t, conn, `insert into forecast.authorised values (`+itoa(int(id))+`, 'overall', 'FCC Gen1', 11908, 0.5, null)`)
	mustExec(t, conn, `insert into forecast.origin_ledger values (`+itoa(int(id))+`, '2023-06-30', 4300, 42000, '2031-03-01', null, null, 0.62, 1500, null, null, 0.3, 1.4)`)
	return id
}

func TestForecaster_ReadsTheMartsAsDbtRebuildsThemAndWritesItsRuns(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	transformer := connectAs(t, cfg, users.transformer)
	buildMarts(t, transformer, 3)

	conn := connectAs(t, cfg, forecaster)
	if got := queryString(t, conn, "select current_user"); got != ForecasterRole {
		t.Errorf("the forecaster's current_user is %s, want %s", got, ForecasterRole)
	}
	if n := queryInt(t, conn, "select count(*) from analytics.dim_starlink_satellites"); n != 3 {
		t.Errorf("the forecaster reads %d satellites, want 3", n)
	}
	// dbt rebuilds the marts on the next run: the new tables are readable too.
	buildMarts(t, transformer, 5)
	if n := queryInt(t, conn, "select count(*) from analytics.dim_starlink_satellites"); n != 5 {
		t.Errorf("after the rebuild the forecaster reads %d satellites, want 5", n)
	}
	mustExec(t, conn, "select satellites_deployed from analytics.fct_starlink_launches")

	// Two runs; the second deletes the first's monthly, backtest and origin ledger rows, in one
	// transaction.
	first := insertRun(t, conn)
	second := insertRun(t, conn)
	if second <= first {
		t.Errorf("run ids %d then %d, want increasing", first, second)
	}
	mustExec(t, conn, "begin")
	for _, table := range []string{"monthly", "backtest", "origin_ledger"} {
		mustExec(t, conn, "delete from forecast."+table+" where run_id <> "+itoa(int(second)))
	}
	mustExec(t, conn, "commit")
	for _, table := range []string{"monthly", "origin_ledger"} {
		if n := queryInt(t, conn, "select count(*) from forecast."+table); n != 1 {
			t.Errorf("%d %s rows, want the latest run's 1", n, table)
		}
	}
	if n := queryInt(t, conn, "select count(*) from forecast.runs"); n != 2 {
		t.Errorf("%d runs, want both kept", n)
	}
	// COPY, as forecast/store writes the rows.
	rows := [][]any{{second, "falcon9_only", mustDate(t, "2025-07-01"), 1, 2, 3, 1, 1, 1, 9.0, 0.0, 250.0, 12.5}}
	n, err := conn.CopyFrom(t.Context(), pgx.Identifier{"forecast", "monthly"}, []string{"run_id", "scenario_name", "month",
		"in_orbit_p10", "in_orbit_p50", "in_orbit_p90", "cum_launches_p10", "cum_launches_p50", "cum_launches_p90",
		"launches_falcon9_p50", "launches_starship_p50", "satellites_launched_p50", "satellites_retired_p50"}, pgx.CopyFromRows(rows))
	if err != nil || n != 1 {
		t.Errorf("copy into forecast.monthly: %d rows, %v", n, err)
	}
	n, err = conn.CopyFrom(t.Context(), pgx.Identifier{"forecast", "origin_ledger"}, []string{"run_id", "origin_date",
		"satellites_in_orbit", "target_satellites", "reach_month_p10", "reach_month_p50", "reach_month_p90",
		"share_never_reached", "launches_needed_p10", "launches_needed_p50", "launches_needed_p90", "prob_by_2035",
		"calibration_factor"}, pgx.CopyFromRows([][]any{{second, mustDate(t, "2023-09-30"), 4900, 42000, nil, nil, nil, 1.0, nil, nil, nil, 0.0, 1.0}}))
	if err != nil || n != 1 {
		t.Errorf("copy into forecast.origin_ledger: %d rows, %v", n, err)
	}
	if owner := queryString(t, conn, "select tableowner from pg_tables where schemaname = 'forecast' and tablename = 'origin_ledger'"); owner != cfg.User {
		t.Errorf("forecast.origin_ledger is owned by %s, want the admin %s", owner, cfg.User)
	}
	if owner := queryString(t, conn, "select tableowner from pg_tables where schemaname = 'forecast' and tablename = 'runs'"); owner != cfg.User {
		t.Errorf("forecast.runs is owned by %s, want the admin %s (the forecaster must not own it)", owner, cfg.User)
	}
}

func TestForecaster_CannotWriteAnalyticsOrReadRawDataOrReshapeItsTables(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.launches (id text)")
	mustExec(t, loader, `create table tap_spacetrack.satcat ("NORAD_CAT_ID" text)`)
	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "create view staging.stg_launches as select * from tap_spacex.launches")
	buildMarts(t, transformer, 1)

	conn := connectAs(t, cfg, forecaster)
	id := insertRun(t, conn)
	for _, sql := range []string{
		"insert into analytics.fct_starlink_launches values ('x', 1)",
		"update analytics.dim_starlink_satellites set launch_key = 'y'",
		"delete from analytics.dim_starlink_satellites",
		"truncate analytics.fct_starlink_launches",
		"drop table analytics.fct_starlink_launches",
		"create table analytics.forecaster_table (id text)",
		"select * from tap_spacex.launches",
		"insert into tap_spacex.launches values ('x')",
		`select * from tap_spacetrack.satcat`,
		"select * from staging.stg_launches",
		"create table staging.forecaster_table (id text)",
		"create table public.forecaster_table (id text)",
		"create table forecast.forecaster_table (id text)",
		"create schema forecaster_schema",
		"create temporary table forecaster_tmp (id text)",
		// Its own tables: rows in, older monthly and backtest rows out; nothing else.
		"delete from forecast.runs",
		"delete from forecast.scenarios",
		"delete from forecast.assumptions",
		"update forecast.runs set paths = 1",
		"update forecast.monthly set in_orbit_p50 = 0",
		"update forecast.origin_ledger set reach_month_p50 = null",
		"truncate forecast.monthly",
		"truncate forecast.origin_ledger",
		"alter table forecast.origin_ledger add column x int",
		"drop table forecast.monthly",
		"alter table forecast.runs add column x int",
	} {
		mustDeny(t, conn, sql)
	}
	if n := queryInt(t, connectAdmin(t, cfg), "select count(*) from forecast.runs where run_id = $1", id); n != 1 {
		t.Errorf("run %d: %d rows, want 1", id, n)
	}
}

func TestTransformer_ReadsForecastTablesAlsoThoseAddedLater(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	insertRun(t, connectAs(t, cfg, forecaster))
	// A table a later migration adds, created by the admin that runs the migrations.
	mustExec(t, connectAdmin(t, cfg), "create table forecast.added_later (run_id bigint); insert into forecast.added_later values (1)")

	transformer := connectAs(t, cfg, users.transformer)
	for _, table := range []string{"runs", "assumptions", "scenarios", "authorised", "monthly", "backtest", "estimates", "origin_ledger", "added_later"} {
		if n := queryInt(t, transformer, "select count(*) from forecast."+table); n != 1 {
			t.Errorf("the transformer reads %d rows of forecast.%s, want 1", n, table)
		}
	}
	// dbt builds marts on them in analytics.
	mustExec(t, transformer, "create table analytics.fct_starlink_forecast as select * from forecast.scenarios")
	for _, sql := range []string{
		"insert into forecast.runs (started_at) values (now())",
		"delete from forecast.monthly",
		"update forecast.scenarios set answer = 'x'",
		"truncate forecast.backtest",
		"delete from forecast.origin_ledger",
		"insert into forecast.origin_ledger (run_id, origin_date) values (1, '2023-06-30')",
		"drop table forecast.estimates",
		"create table forecast.transformer_table (id text)",
	} {
		mustDeny(t, transformer, sql)
	}
}

func TestAnalyst_CannotReadForecastTablesOnlyTheMartsBuiltOnThem(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	insertRun(t, connectAs(t, cfg, forecaster))
	mustExec(t, connectAs(t, cfg, users.transformer), "create table analytics.fct_starlink_forecast as select * from forecast.scenarios")

	analyst := connectAs(t, cfg, users.analyst)
	if n := queryInt(t, analyst, "select count(*) from analytics.fct_starlink_forecast"); n != 1 {
		t.Errorf("the analyst reads %d rows of the mart, want 1", n)
	}
	for _, table := range []string{"runs", "assumptions", "scenarios", "authorised", "monthly", "backtest", "estimates", "origin_ledger"} {
		mustDeny(t, analyst, "select * from forecast."+table)
	}
	mustDeny(t, analyst, "insert into forecast.runs (started_at) values (now())")
}

func TestForecastSchema_DownRefusesToDropRunsAndDropsAnEmptySchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	insertRun(t, connectAs(t, cfg, forecaster))
	conn := connectAdmin(t, cfg)
	// The later migrations' down steps (0008's needs its table empty) run first.
	mustExec(t, conn, "delete from forecast.origin_ledger")

	err := Down(ctx, cfg, stepsDownThrough(6), testLogger(t))
	var failed *MigrationError
	if !errors.As(err, &failed) || failed.Version != 6 || failed.Direction != "down" {
		t.Fatalf("down: %v, want a MigrationError of migration 6 down", err)
	}
	for _, want := range []string{"forecast.runs (1 rows)", "forecast.monthly (1 rows)", "never deletes data"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q: %v", want, err)
		}
	}
	if n := queryInt(t, conn, "select count(*) from forecast.runs"); n != 1 {
		t.Fatalf("%d runs left, want 1", n)
	}

	// Emptied (and marked clean), down drops the schema and leaves nothing that refers to the
	// forecaster's role in this database; up brings it back.
	mustExec(t, conn, "delete from forecast.runs") // cascades to the other tables
	if err := Force(ctx, cfg, 6, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if err := Down(ctx, cfg, 1, testLogger(t)); err != nil {
		t.Fatalf("down of an empty forecast schema: %v", err)
	}
	wantVersion(t, cfg, 5, false)
	if queryBool(t, conn, "select exists (select from pg_namespace where nspname = 'forecast')") {
		t.Error("schema forecast is still there after down")
	}
	deps := queryInt(t, conn, `select count(*) from pg_shdepend as d
		where d.refclassid = 'pg_authid'::regclass
		  and d.refobjid = (select oid from pg_roles where rolname = 'spacex_forecaster')
		  and (d.dbid = (select oid from pg_database where datname = current_database())
		       or (d.classid = 'pg_database'::regclass and d.objid = (select oid from pg_database where datname = current_database())))`)
	if deps != 0 {
		t.Errorf("%d dependencies on spacex_forecaster left in the database after down", deps)
	}
	if got := queryInt(t, conn, "select count(*) from pg_default_acl where defaclnamespace = 'analytics'::regnamespace and array_to_string(defaclacl, ',') like '%spacex_forecaster%'"); got != 0 {
		t.Errorf("%d default privileges for spacex_forecaster left on analytics", got)
	}
	if err := Up(ctx, cfg, testLogger(t)); err != nil {
		t.Fatalf("up again: %v", err)
	}
	insertRun(t, connectAs(t, cfg, forecaster))
}

func mustDate(t *testing.T, s string) any {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOriginLedger_DownRefusesToDropItsRowsAndDropsAnEmptyTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	forecaster := withForecaster(t, cfg, users)
	id := insertRun(t, connectAs(t, cfg, forecaster))

	err := Down(ctx, cfg, stepsDownThrough(8), testLogger(t))
	var failed *MigrationError
	if !errors.As(err, &failed) || failed.Version != 8 || failed.Direction != "down" {
		t.Fatalf("down: %v, want a MigrationError of migration 8 down", err)
	}
	for _, want := range []string{"forecast.origin_ledger still holds 1 rows", "never deletes data"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q: %v", want, err)
		}
	}
	conn := connectAdmin(t, cfg)
	if n := queryInt(t, conn, "select count(*) from forecast.origin_ledger"); n != 1 {
		t.Fatalf("%d origin ledger rows left, want 1", n)
	}
	// A run's deletion takes its origins with it (on delete cascade); then down drops the table
	// and keeps the rest of schema forecast.
	mustExec(t, conn, "delete from forecast.runs where run_id = "+itoa(int(id)))
	if n := queryInt(t, conn, "select count(*) from forecast.origin_ledger"); n != 0 {
		t.Fatalf("%d origin ledger rows left after their run was deleted, want 0", n)
	}
	if err := Force(ctx, cfg, 8, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if err := Down(ctx, cfg, stepsDownThrough(8), testLogger(t)); err != nil {
		t.Fatalf("down of an empty origin ledger: %v", err)
	}
	wantVersion(t, cfg, 7, false)
	if queryBool(t, conn, "select to_regclass('forecast.origin_ledger') is not null") {
		t.Error("forecast.origin_ledger is still there after down")
	}
	if !queryBool(t, conn, "select to_regclass('forecast.runs') is not null") {
		t.Error("down of 0008 dropped forecast.runs")
	}
	if err := Up(ctx, cfg, testLogger(t)); err != nil {
		t.Fatalf("up again: %v", err)
	}
	insertRun(t, connectAs(t, cfg, forecaster))
}

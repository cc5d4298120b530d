package report

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"go.yaml.in/yaml/v3"
)

// The Load tests run against the server the PG* variables name (`just test` sets them), in a
// database of their own with the marts' tables: columns and types from their dbt contracts
// (dbt/models/marts/**/*models.yml) where those hold every column the report reads (below),
// so a changed column type shows up here.

// martContract is the forecast mart contract (the columns Load reads, with their types).
var martContract = map[string][]string{
	"fct_starlink_forecast": {"scenario_name text", "scenario_label text", "scenario_description text", "is_headline boolean",
		"is_naive boolean", "as_of_date date", "data_sources text", "satellites_in_orbit_at_as_of integer", "target_satellites integer",
		"simulated_paths integer", "horizon_date date", "reach_month_p10 date", "reach_month_p50 date", "reach_month_p90 date",
		"share_never_reached numeric", "launches_needed_p10 integer", "launches_needed_p50 integer", "launches_needed_p90 integer",
		"prob_by_2030 numeric", "prob_by_2035 numeric", "prob_by_2040 numeric", "answer text", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_monthly": {"scenario_name text", "month date", "is_observed boolean", "observed_in_orbit integer",
		"in_orbit_p10 numeric", "in_orbit_p50 numeric", "in_orbit_p90 numeric", "launches_p50 numeric", "transformation_updated_at timestamptz"},
	"fct_starlink_launch_cadence_monthly": {"month date", "launches_observed integer", "satellites_deployed_observed integer",
		"cadence_fitted numeric", "cadence_p10 numeric", "cadence_p90 numeric", "is_observed boolean", "transformation_updated_at timestamptz"},
	"fct_starlink_launches": {"launch_key text", "launch_designator text", "launch_date date", "satellites_deployed integer", "launch_id text",
		"launch_name text", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_backtest": {"origin_date date", "horizon_months integer", "target_date date", "method text",
		"predicted_p10 numeric", "predicted_p50 numeric", "predicted_p90 numeric", "actual_in_orbit integer", "abs_pct_error numeric",
		"is_covered boolean", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_backtest_summary": {"method text", "horizon_months integer", "origins integer", "mean_abs_pct_error numeric",
		"coverage numeric", "is_headline_method boolean", "transformation_updated_at timestamptz"},
	"fct_starlink_launch_requirements": {"satellites_per_launch integer", "lifetime_years integer", "target_satellites integer",
		"launches_per_month_needed numeric", "launches_per_year_needed numeric", "transformation_updated_at timestamptz"},
}

func TestLoad_ReadsTheMartsExactlyAsTheAnalystCanSeeThem(t *testing.T) {
	ctx := context.Background()
	conn := martsDatabase(t)
	for _, sql := range []string{
		`insert into analytics.fct_starlink_forecast
		   (scenario_name, scenario_label, scenario_description, is_headline, is_naive, as_of_date, data_sources,
		    satellites_in_orbit_at_as_of, target_satellites, simulated_paths, horizon_date, reach_month_p10, reach_month_p50,
		    reach_month_p90, share_never_reached, launches_needed_p10, launches_needed_p50, launches_needed_p90,
		    prob_by_2030, prob_by_2035, prob_by_2040, answer, transformation_updated_at)
		 values
		 ('naive_no_retirement', 'No retirements', 'naive', false, true, '2025-06-18', 'spacex_api+spacetrack', 7600, 42000, 500,
		  '2060-12-31', '2028-07-01', '2029-03-01', '2030-02-01', 0, 260, 320, 390, 0.999, 1, 1, 'Naive answer.', now()),
		 ('fitted', 'Fitted cadence growth', 'fitted', true, false, '2025-06-18', 'spacex_api+spacetrack', 7600, 42000, 500,
		  '2060-12-31', '2029-03-01', '2030-06-01', null, 0.125, 310, 410, null, 0.28, 0.71, 0.97,
		  'Fitted cadence growth: 42,000 in orbit between Mar 2029 and Nov 2031 (median Jun 2030), after 310–520 more launches; 71% chance by 2035. As of 2025-06-18, 7,600 in orbit.', now()),
		 ('falcon9_ceiling', 'Today''s rocket', 'capped', false, false, '2025-06-18', 'spacex_api+spacetrack', 7600, 42000, 500,
		  '2060-12-31', null, null, null, 1, null, null, null, 0, 0, 0, 'Not reached.', now())`,
		`insert into analytics.fct_starlink_forecast_monthly
		   (scenario_name, month, is_observed, observed_in_orbit, in_orbit_p10, in_orbit_p50, in_orbit_p90, launches_p50, transformation_updated_at)
		 select s, m, m <= '2025-06-01', case when m <= '2025-06-01' then 7600 end,
		        case when m >= '2025-06-01' then 7600.25 end, case when m >= '2025-06-01' then 7700.5 end,
		        case when m >= '2025-06-01' then 7800.75 end, case when m > '2025-06-01' then 9.5 end, now()
		   from unnest(array['fitted', 'naive_no_retirement', 'falcon9_ceiling']) as s,
		        generate_series('2025-05-01'::date, '2025-07-01', interval '1 month') as m`,
		`insert into analytics.fct_starlink_launch_cadence_monthly
		   (month, launches_observed, satellites_deployed_observed, cadence_fitted, cadence_p10, cadence_p90, is_observed, transformation_updated_at)
		 values ('2025-07-01', null, null, 10.5, 8.25, 13.125, false, now()), ('2025-06-01', 9, 207, 10.25, 8.5, 12, true, now())`,
		`insert into analytics.fct_starlink_launches
		   (launch_key, launch_designator, launch_date, satellites_deployed, launch_id, launch_name, transformation_updated_at)
		 values ('2025-101', '2025-101', '2025-06-10', 23, null, null, now()),
		        ('2019-029', '2019-029', '2019-05-24', 60, '5eb87d30ffd86e000604b378', 'Starlink v0.9', now()),
		        ('5eb87d46ffd86e000604b389', null, '2022-12-17', null, '5eb87d46ffd86e000604b389', 'Starlink 4-37 (v1.5)', now())`,
		`insert into analytics.fct_starlink_forecast_backtest
		   (origin_date, horizon_months, target_date, method, predicted_p10, predicted_p50, predicted_p90, actual_in_orbit,
		    abs_pct_error, is_covered, transformation_updated_at)
		 values ('2024-06-01', 12, '2025-06-01', 'fitted', 7000, 7450.5, 8100, 7600, 0.0197, true, now())`,
		`insert into analytics.fct_starlink_forecast_backtest_summary
		   (method, horizon_months, origins, mean_abs_pct_error, coverage, is_headline_method, transformation_updated_at)
		 values ('naive', 12, 9, 0.2051, 0, false, now()), ('fitted', 12, 9, 0.0312, 0.7778, true, now())`,
		`insert into analytics.fct_starlink_launch_requirements
		   (satellites_per_launch, lifetime_years, target_satellites, launches_per_month_needed, launches_per_year_needed, transformation_updated_at)
		 values (60, 5, 42000, 11.6666666667, 140, now()), (22, 4, 42000, 39.7727272727, 477.2727272727, now())`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	asAnalyst(t, conn)

	d, err := Load(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range d.Forecasts {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, []string{"fitted", "falcon9_ceiling", "naive_no_retirement"}) {
		t.Fatalf("scenarios %v, want the headline first and the naive one last", names)
	}
	h := d.Headline()
	if h.Answer != fixtureAnswers["fitted"] {
		t.Errorf("answer = %q, want the row's text byte for byte", h.Answer)
	}
	if formatDate(h.AsOf) != "2025-06-18" || formatMonthOr(h.ReachP50, "") != "Jun 2030" || h.ReachP90 != nil || h.LaunchesP90 != nil ||
		*h.LaunchesP10 != 310 || h.ShareNeverReached != 0.125 || h.ProbBy2035 != 0.71 || h.SimulatedPaths != 500 || h.Label != "Fitted cadence growth" {
		t.Errorf("headline loaded as %+v", h)
	}
	if f := d.Forecasts[1]; f.Label != "Today's rocket" || f.ReachP10 != nil || f.LaunchesP50 != nil || f.ShareNeverReached != 1 {
		t.Errorf("falcon9_ceiling loaded as %+v", f)
	}
	months := d.MonthsOf("fitted")
	if len(months) != 3 || formatDate(months[0].Month) != "2025-05-01" || months[0].InOrbitP50 != nil || *months[0].Observed != 7600 ||
		months[2].Observed != nil || *months[2].InOrbitP90 != 7800.75 || *months[1].InOrbitP10 != 7600.25 || months[1].LaunchesP50 != nil {
		t.Errorf("fitted months = %+v", months)
	}
	if len(d.Cadence) != 2 || formatDate(d.Cadence[0].Month) != "2025-06-01" || *d.Cadence[0].Launches != 9 || d.Cadence[1].Launches != nil || *d.Cadence[1].P90 != 13.125 {
		t.Errorf("cadence = %+v, want two months in order, nulls kept", d.Cadence)
	}
	if l := d.Launches; len(l) != 3 || l[0].Designator != "2019-029" || *l[0].Name != "Starlink v0.9" || *l[0].SpacexLaunchID != "5eb87d30ffd86e000604b378" ||
		l[1].Designator != "5eb87d46ffd86e000604b389" || l[1].SatellitesDeployed != nil || l[2].SpacexLaunchID != nil || *l[2].SatellitesDeployed != 23 {
		t.Errorf("launches = %+v, want three by date, nulls kept, the key where there is no designator", l)
	}
	if b := d.Backtest; len(b) != 1 || b[0].P50 != 7450.5 || b[0].Actual != 7600 || !b[0].IsCovered || b[0].HorizonMonths != 12 {
		t.Errorf("backtest = %+v", b)
	}
	if s := d.BacktestSummary; len(s) != 2 || s[0].Method != "fitted" || !s[0].IsHeadlineMethod || s[0].Coverage != 0.7778 || s[1].Origins != 9 {
		t.Errorf("backtest summary = %+v", s)
	}
	if r := d.Requirements; len(r) != 2 || r[0].SatellitesPerLaunch != 22 || r[1].LaunchesPerYearNeeded != 140 {
		t.Errorf("requirements = %+v, want by satellites per launch", r)
	}
}

func TestLoad_EmptyMartsSayToRunThePipeline(t *testing.T) {
	conn := martsDatabase(t)
	asAnalyst(t, conn)
	_, err := Load(context.Background(), conn)
	if err == nil || !strings.Contains(err.Error(), "just pipeline") {
		t.Errorf("Load error = %v, want one saying to run just pipeline", err)
	}
}

func TestLoad_NamesAMissingMart(t *testing.T) {
	ctx := context.Background()
	conn := martsDatabase(t)
	if _, err := conn.Exec(ctx, "drop table analytics.fct_starlink_forecast_backtest"); err != nil {
		t.Fatal(err)
	}
	asAnalyst(t, conn)
	_, err := Load(ctx, conn)
	if err == nil || !strings.Contains(err.Error(), "reading analytics.fct_starlink_forecast_backtest:") {
		t.Errorf("Load error = %v, want one naming analytics.fct_starlink_forecast_backtest", err)
	}
}

// martsDatabase creates a database with schema analytics and the marts' tables, dropped when
// the test ends, and connects to it as the admin.
func martsDatabase(t *testing.T) *pgx.Conn {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: these tests need a PostgreSQL server; run them with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./analyses/...`)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "spacex_report_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, "dbname=postgres")
	if err != nil {
		t.Fatalf("connecting to the maintenance database: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "create database "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, "dbname=postgres")
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		for _, sql := range []string{"drop database if exists " + name + " with (force)", "drop role if exists " + name} {
			if _, err := admin.Exec(ctx, sql); err != nil {
				t.Errorf("%s: %v", sql, err)
			}
		}
	})
	conn, err := pgx.Connect(ctx, "dbname="+name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	ddl := []string{"create schema analytics", "create schema staging", "create table staging.secret (x int)"}
	ddl = append(ddl, contractTables(t)...)
	for _, sql := range ddl {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	return conn
}

// asAnalyst switches the session to a role that can only read schema analytics, like the
// analyst's login; the role has the test database's name and goes with it.
func asAnalyst(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	role := conn.Config().Database
	for _, sql := range []string{
		"create role " + role + " nologin",
		"grant usage on schema analytics to " + role,
		"grant select on all tables in schema analytics to " + role,
		"set role " + role,
	} {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if _, err := conn.Exec(context.Background(), "select * from staging.secret"); err == nil {
		t.Fatal("the analyst role can read staging; the test would not show that Load reads only analytics")
	}
}

// contractTables returns `create table` statements for the marts Load reads: a mart's dbt
// contract in dbt/models/marts/_marts__models.yml when it has every column of martContract,
// else martContract itself.
func contractTables(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "dbt", "models", "marts", "*models.yml"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join("..", "..", "dbt", "models", "marts", "*", "*models.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if files = append(files, more...); len(files) == 0 {
		t.Fatal("no model YAML in dbt/models/marts")
	}
	dbtContract := map[string][]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var file struct {
			Models []struct {
				Name    string
				Columns []struct {
					Name     string
					DataType string `yaml:"data_type"`
				}
			}
		}
		if err := yaml.Unmarshal(raw, &file); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, m := range file.Models {
			for _, c := range m.Columns {
				if c.DataType != "" {
					dbtContract[m.Name] = append(dbtContract[m.Name], c.Name+" "+c.DataType)
				}
			}
		}
	}
	var out []string
	for _, mart := range slices.Sorted(maps.Keys(martContract)) {
		cols := martContract[mart]
		if dbt := dbtContract[mart]; hasColumns(dbt, cols) {
			cols = dbt
		}
		out = append(out, fmt.Sprintf("create table analytics.%s (%s)", mart, strings.Join(cols, ", ")))
	}
	return out
}

// hasColumns reports whether every column named in want is in have ("name type" entries).
func hasColumns(have, want []string) bool {
	names := map[string]bool{}
	for _, c := range have {
		names[strings.Fields(c)[0]] = true
	}
	for _, c := range want {
		if !names[strings.Fields(c)[0]] {
			return false
		}
	}
	return len(have) > 0
}

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

// martContract is the forecast marts' contract as Load reads it (the columns, with their types).
var martContract = map[string][]string{
	"fct_starlink_forecast": {"scenario_name text", "scenario_order integer", "scenario_label text", "scenario_description text",
		"conditional_on text", "is_headline boolean", "is_naive boolean", "run_id bigint", "as_of_date date", "data_sources text",
		"git_commit text", "engine_version text", "assumptions_hash text", "overridden_assumptions text", "paths integer", "seed bigint",
		"horizon_month date", "satellites_in_orbit_at_as_of integer", "nowcast_launches_p50 integer", "nowcast_satellites_p50 integer",
		"target_satellites integer", "reach_month_p10 date", "reach_month_p50 date", "reach_month_p90 date", "share_never_reached numeric",
		"launches_needed_p10 integer", "launches_needed_p50 integer", "launches_needed_p90 integer", "prob_by_2030 numeric",
		"prob_by_2035 numeric", "prob_by_2040 numeric", "in_orbit_at_horizon_p10 integer", "in_orbit_at_horizon_p50 integer",
		"in_orbit_at_horizon_p90 integer", "answer text", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_monthly": {"scenario_name text", "month date", "is_observed boolean", "is_projected boolean",
		"observed_in_orbit integer", "in_orbit_p10 integer", "in_orbit_p50 integer", "in_orbit_p90 integer", "cum_launches_p10 integer",
		"cum_launches_p50 integer", "cum_launches_p90 integer", "launches_falcon9_p50 numeric", "launches_starship_p50 numeric",
		"transformation_updated_at timestamptz"},
	"fct_starlink_launch_cadence_monthly": {"month date", "is_observed boolean", "launches_observed integer", "satellites_deployed_observed integer",
		"launches_falcon9_p50 numeric", "launches_starship_p50 numeric", "transformation_updated_at timestamptz"},
	"fct_starlink_launches": {"launch_key text", "launch_designator text", "launch_date date", "satellites_deployed integer", "launch_id text",
		"launch_name text", "transformation_updated_at timestamptz"},
	"fct_starlink_shells_monthly": {"month_start date", "shell text", "shell_order integer", "inclination_min_deg numeric",
		"inclination_max_deg numeric", "month_end date", "satellites_in_orbit bigint", "satellites_launched bigint",
		"satellites_decayed bigint", "share_of_constellation numeric(6, 4)", "median_altitude_km_at_as_of_date numeric(7, 1)",
		"transformation_updated_at timestamptz"},
	"dim_starlink_satellites": {"norad_id integer", "source text", "is_in_orbit boolean", "launch_date date", "as_of_date date",
		"transformation_updated_at timestamptz"},
	"fct_starlink_forecast_backtest": {"origin_date date", "history_months integer", "method text", "target text", "horizon_months integer",
		"threshold integer", "predicted_p10 numeric", "predicted_p50 numeric", "predicted_p90 numeric", "actual numeric", "error_p50 numeric",
		"crps numeric", "interval_score numeric", "is_covered boolean", "calibration_factor numeric", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_backtest_summary": {"method text", "target text", "horizon_months integer", "threshold integer", "origins integer",
		"first_origin_date date", "last_origin_date date", "mean_crps numeric", "mean_interval_score numeric", "coverage numeric",
		"mean_error_p50 numeric", "mean_abs_error_p50 numeric", "transformation_updated_at timestamptz"},
	"dim_starlink_forecast_assumptions": {"assumption_name text", "value text", "default_value text", "is_overridden boolean", "unit text",
		"source text", "description text", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_estimates": {"estimate_name text", "value numeric", "p10 numeric", "p90 numeric", "unit text", "description text",
		"transformation_updated_at timestamptz"},
	"fct_starlink_forecast_authorised": {"scenario_name text", "authorisation text", "authorised_total integer", "share_exceeded numeric",
		"exceeded_month_p50 date", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_runs": {"run_id bigint", "is_latest_run boolean", "finished_at timestamptz", "as_of_date date", "data_sources text",
		"git_commit text", "assumptions_hash text", "overridden_assumptions text", "headline_scenario_name text", "reach_month_p10 date",
		"reach_month_p50 date", "reach_month_p90 date", "launches_needed_p10 integer", "launches_needed_p50 integer",
		"launches_needed_p90 integer", "transformation_updated_at timestamptz"},
	"fct_starlink_forecast_ledger": {"point_kind text", "run_id bigint", "as_of_date date", "point_order integer",
		"is_current_answer boolean", "assumptions_hash text", "satellites_in_orbit integer", "target_satellites integer",
		"reach_month_p10 date", "reach_month_p50 date", "reach_month_p90 date", "share_never_reached numeric",
		"launches_needed_p50 integer", "prob_by_2035 numeric", "calibration_factor numeric", "transformation_updated_at timestamptz"},
	"fct_starlink_launch_requirements": {"satellites_per_launch integer", "lifetime_years integer", "target_satellites integer",
		"launches_per_month_needed numeric", "launches_per_year_needed numeric", "transformation_updated_at timestamptz"},
}

// The rows the Load test writes: the marts' columns as the dbt contracts have them; columns
// a contract adds beside those Load reads (run_id, as_of_date ...) are filled where not null.
var loadTestRows = []string{
	`insert into analytics.fct_starlink_forecast
	   (scenario_name, scenario_order, scenario_label, scenario_description, conditional_on, is_headline, is_naive, run_id, as_of_date,
	    data_sources, git_commit, engine_version, assumptions_hash, overridden_assumptions, paths, seed, horizon_month,
	    satellites_in_orbit_at_as_of, nowcast_launches_p50, nowcast_satellites_p50, target_satellites, reach_month_p10, reach_month_p50,
	    reach_month_p90, share_never_reached, launches_needed_p10, launches_needed_p50, launches_needed_p90,
	    prob_by_2030, prob_by_2035, prob_by_2040, in_orbit_at_horizon_p10, in_orbit_at_horizon_p50, in_orbit_at_horizon_p90, answer,
	    transformation_updated_at)
	 values
	 ('naive_no_retirement', 4, 'Naive, no retirement', 'naive', 'nothing', false, true, 7, '2025-06-18', 'spacex_api+spacetrack', null,
	  'v0.3.0', 'abc', 'paths=2000', 2000, 42, '2045-12-01', 7600, 3, 81, 42000, '2029-07-01', '2030-03-01', '2031-02-01', 0, 1300, 1400, 1500,
	  0.62, 1, 1, 90000, 95000, 99000, 'Naive answer.', now()),
	 ('overall', 3, 'Overall', 'mixture', 'Falcon 9 and Starship', true, false, 7, '2025-06-18', 'spacex_api+spacetrack', null,
	  'v0.3.0', 'abc', 'paths=2000', 2000, 42, '2045-12-01', 7600, 3, 81, 42000, '2031-03-01', '2033-06-01', null, 0.125, 1100, 1400, null,
	  0.08, 0.71, 0.85, 38000, 52000, 61000,
	  'Overall: 42,000 in orbit between Mar 2031 and Nov 2036 (median Jun 2033), after 1,100–1,700 more launches; 71% chance by 2035. As of 2025-06-18, 7,600 in orbit.', now()),
	 ('falcon9_only', 1, 'With Falcon 9 alone', 'capped', 'Falcon 9 only', false, false, 7, '2025-06-18', 'spacex_api+spacetrack', null,
	  'v0.3.0', 'abc', 'paths=2000', 2000, 42, '2045-12-01', 7600, 3, 81, 42000, null, null, null, 1, null, null, null, 0, 0, 0,
	  20000, 25000, 30000, 'Not reached.', now())`,
	`insert into analytics.fct_starlink_forecast_monthly
	   (run_id, scenario_name, month, is_observed, is_projected, observed_in_orbit, in_orbit_p10, in_orbit_p50, in_orbit_p90,
	    cum_launches_p10, cum_launches_p50, cum_launches_p90, launches_falcon9_p50, launches_starship_p50, transformation_updated_at)
	 select 7, s, m, m <= '2025-06-01', m >= '2025-06-01', case when m <= '2025-06-01' then 7600 end,
	        case when m >= '2025-06-01' then 7600 end, case when m >= '2025-06-01' then 7700 end,
	        case when m >= '2025-06-01' then 7800 end, case when m >= '2025-06-01' then 8 end, case when m >= '2025-06-01' then 10 end,
	        case when m >= '2025-06-01' then 12 end, case when m >= '2025-06-01' then 9.5 end, case when m >= '2025-06-01' then 0.25 end, now()
	   from unnest(array['overall', 'naive_no_retirement', 'falcon9_only']) as s,
	        generate_series('2025-05-01'::date, '2025-07-01', interval '1 month') as m`,
	`insert into analytics.fct_starlink_launch_cadence_monthly
	   (month, is_observed, launches_observed, satellites_deployed_observed, headline_scenario_name, launches_falcon9_p50,
	    launches_starship_p50, launches_p50, transformation_updated_at)
	 values ('2025-07-01', false, null, null, 'overall', 10.5, 0.125, 10.625, now()), ('2025-06-01', true, 9, 207, 'overall', 10.25, 0, 10.25, now())`,
	`insert into analytics.fct_starlink_launches
	   (launch_key, launch_designator, launch_date, satellites_deployed, launch_id, launch_name, transformation_updated_at)
	 values ('2025-101', '2025-101', '2025-06-10', 23, null, null, now()),
	        ('2019-029', '2019-029', '2019-05-24', 60, '5eb87d30ffd86e000604b378', 'Starlink v0.9', now()),
	        ('5eb87d46ffd86e000604b389', null, '2022-12-17', null, '5eb87d46ffd86e000604b389', 'Starlink 4-37 (v1.5)', now())`,
	`insert into analytics.fct_starlink_shells_monthly
	   (month_start, shell, shell_order, inclination_min_deg, inclination_max_deg, month_end, satellites_in_orbit, satellites_launched,
	    satellites_decayed, share_of_constellation, median_altitude_km_at_as_of_date, transformation_updated_at)
	 values ('2025-06-01', 'unknown', 5, null, null, '2025-06-18', 0, 0, 1, 0, null, now()),
	        ('2025-05-01', '53°', 1, 52.5, 53.5, '2025-05-31', 6, 6, 0, 0.8571, 550.0, now()),
	        ('2025-06-01', '53°', 1, 52.5, 53.5, '2025-06-18', 7, 2, 1, 1.0000, 550.0, now()),
	        ('2025-05-01', 'unknown', 5, null, null, '2025-05-31', 1, 1, 0, 0.1429, null, now())`,
	`insert into analytics.dim_starlink_satellites (norad_id, source, is_in_orbit, launch_date, as_of_date, transformation_updated_at)
	 select n, case when n <= 8 then 'spacetrack' else 'spacex_api' end, n <= 7, '2025-05-01', '2025-06-18', now()
	   from generate_series(1, 9) as n`,
	`insert into analytics.fct_starlink_forecast_backtest
	   (run_id, origin_date, history_months, method, target, horizon_months, threshold, predicted_p10, predicted_p50, predicted_p90,
	    actual, error_p50, crps, interval_score, is_covered, calibration_factor, as_of_date, transformation_updated_at)
	 values (7, '2024-06-30', 62, 'capacity', 'in_orbit', 12, 0, 7000, 7450.5, 8100, 7600, -149.5, 88.25, 1100, true, 1.25, '2025-06-18', now()),
	        (7, '2022-06-30', 38, 'naive', 'threshold_crossing', 0, 4000, 3, 5, 9, 7, -2, 1.5, 6, true, 1, '2025-06-18', now())`,
	`insert into analytics.fct_starlink_forecast_backtest_summary
	   (method, target, horizon_months, threshold, origins, first_origin_date, last_origin_date, min_history_months, mean_crps,
	    mean_interval_score, coverage, mean_error_p50, mean_abs_error_p50, transformation_updated_at)
	 values ('naive', 'threshold_crossing', 0, 4000, 1, '2022-06-30', '2022-06-30', 38, 1.5, 6, 1, -2, 2, now()),
	        ('capacity', 'in_orbit', 12, 0, 9, '2022-06-30', '2024-06-30', 38, 88.25, 1100, 0.7778, -149.5, 149.5, now())`,
	`insert into analytics.dim_starlink_forecast_assumptions
	   (assumption_name, run_id, value, default_value, is_overridden, unit, source, description, assumptions_hash, transformation_updated_at)
	 values ('seed', 7, '42', '42', false, '', 'Project choice.', 'Seed.', 'abc', now()),
	        ('paths', 7, '2000', '1000', true, 'paths', 'Project choice.', 'Paths per scenario.', 'abc', now())`,
	`insert into analytics.fct_starlink_forecast_estimates
	   (estimate_name, run_id, value, p10, p90, unit, description, as_of_date, transformation_updated_at)
	 values ('falcon9_launches_per_month_now', 7, 9.83, 8.9, 10.75, 'launches/month', 'Falcon 9 now.', '2025-06-18', now()),
	        ('deorbit_age_months', 7, 61.5, null, null, 'months', 'De-orbit age.', '2025-06-18', now())`,
	`insert into analytics.fct_starlink_forecast_authorised
	   (scenario_name, authorisation, run_id, authorised_total, share_exceeded, exceeded_month_p50, transformation_updated_at)
	 values ('overall', 'FCC Gen1 + Gen2 (2022)', 7, 11908, 1, '2027-03-01', now()), ('overall', 'ITU (42,000)', 7, 42000, 0.875, null, now())`,
	`insert into analytics.fct_starlink_forecast_runs
	   (run_id, is_latest_run, started_at, finished_at, as_of_date, data_sources, git_commit, engine_version, assumptions_hash,
	    assumptions_overridden, overridden_assumptions, paths, seed, horizon_month, target_satellites, headline_scenario_name,
	    reach_month_p10, reach_month_p50, reach_month_p90, share_never_reached, launches_needed_p10, launches_needed_p50, launches_needed_p90,
	    headline_answer, transformation_updated_at)
	 values (3, false, '2026-12-01 09:00+00', '2026-12-01 09:00:02+00', '2021-10-17', 'spacex_api', 'deadbeef', 'v0.2.0', 'old', 0, null,
	         1000, 42, '2045-12-01', 42000, 'overall', null, '2038-01-01', null, 0.3, null, 2100, null, 'Old.', now()),
	        (7, true, '2026-12-06 07:00+00', '2026-12-06 07:00:03+00', '2025-06-18', 'spacex_api+spacetrack', null, 'v0.3.0', 'abc', 1,
	         'paths=2000', 2000, 42, '2045-12-01', 42000, 'overall', '2031-03-01', '2033-06-01', null, 0.125, 1100, 1400, null, 'New.', now())`,
	`insert into analytics.fct_starlink_forecast_ledger
	   (point_kind, run_id, as_of_date, point_order, is_current_answer, data_sources, assumptions_hash, satellites_in_orbit,
	    target_satellites, reach_month_p10, reach_month_p50, reach_month_p90, share_never_reached, launches_needed_p10,
	    launches_needed_p50, launches_needed_p90, prob_by_2035, calibration_factor, transformation_updated_at)
	 values ('run', 7, '2025-06-18', 3, true, 'spacex_api+spacetrack', 'abc', 7600, 42000, '2031-03-01', '2033-06-01', null, 0.125,
	         1100, 1400, null, 0.71, 1.75, now()),
	        ('backtest_origin', 7, '2024-12-31', 2, false, 'spacex_api+spacetrack', 'abc', 6700, 42000, '2031-05-01', null, null, 0.625,
	         1450, null, null, 0.3125, 2.5, now()),
	        ('run', 3, '2021-10-17', 1, false, 'spacex_api', 'old', 1650, 42000, null, '2038-01-01', null, 0.3, null, 2100, null, 0.2,
	         null, now())`,
	`insert into analytics.fct_starlink_launch_requirements
	   (satellites_per_launch, lifetime_years, target_satellites, launches_per_month_needed, launches_per_year_needed, transformation_updated_at)
	 values (60, 5, 42000, 11.6666666667, 140, now()), (22, 4, 42000, 39.7727272727, 477.2727272727, now())`,
}

func TestLoad_ReadsTheMartsExactlyAsTheAnalystCanSeeThem(t *testing.T) {
	ctx := context.Background()
	conn := martsDatabase(t)
	for _, sql := range loadTestRows {
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
	if !slices.Equal(names, []string{"overall", "falcon9_only", "naive_no_retirement"}) {
		t.Fatalf("scenarios %v, want the headline first, then by scenario_order", names)
	}
	h := d.Headline()
	if h.Answer != fixtureAnswers["overall"] {
		t.Errorf("answer = %q, want the row's text byte for byte", h.Answer)
	}
	if formatDate(h.AsOf) != "2025-06-18" || formatMonthOr(h.ReachP50, "") != "Jun 2033" || h.ReachP90 != nil || h.LaunchesP90 != nil ||
		*h.LaunchesP10 != 1100 || h.ShareNeverReached != 0.125 || h.ProbBy2035 != 0.71 || h.Paths != 2000 || h.Label != "Overall" ||
		h.GitCommit != nil || h.RunID != 7 || h.AssumptionsHash != "abc" || *h.OverriddenAssumptions != "paths=2000" || h.NowcastSatellites != 81 ||
		h.InOrbitAtHorizonP90 != 61000 || h.ConditionalOn != "Falcon 9 and Starship" || formatDate(h.Horizon) != "2045-12-01" {
		t.Errorf("headline loaded as %+v", h)
	}
	if f := d.Forecasts[1]; f.Label != "With Falcon 9 alone" || f.ReachP10 != nil || f.LaunchesP50 != nil || f.ShareNeverReached != 1 {
		t.Errorf("falcon9_only loaded as %+v", f)
	}
	months := d.MonthsOf("overall")
	if len(months) != 3 || formatDate(months[0].Month) != "2025-05-01" || months[0].InOrbitP50 != nil || *months[0].Observed != 7600 ||
		months[2].Observed != nil || *months[2].InOrbitP90 != 7800 || *months[1].InOrbitP10 != 7600 || !months[1].IsObserved || !months[1].IsProjected ||
		*months[1].CumLaunchesP90 != 12 || *months[1].LaunchesStarshipP50 != 0.25 {
		t.Errorf("overall months = %+v", months)
	}
	if len(d.Cadence) != 2 || formatDate(d.Cadence[0].Month) != "2025-06-01" || *d.Cadence[0].Launches != 9 || d.Cadence[1].Launches != nil || *d.Cadence[1].StarshipP50 != 0.125 {
		t.Errorf("cadence = %+v, want two months in order, nulls kept", d.Cadence)
	}
	if l := d.Launches; len(l) != 3 || l[0].Designator != "2019-029" || *l[0].Name != "Starlink v0.9" || *l[0].SpacexLaunchID != "5eb87d30ffd86e000604b378" ||
		l[1].Designator != "5eb87d46ffd86e000604b389" || l[1].SatellitesDeployed != nil || l[2].SpacexLaunchID != nil || *l[2].SatellitesDeployed != 23 {
		t.Errorf("launches = %+v, want three by date, nulls kept, the key where there is no designator", l)
	}
	if b := d.Backtest; len(b) != 2 || b[0].Target != "in_orbit" || b[0].P50 != 7450.5 || b[0].Actual != 7600 || !b[0].IsCovered || b[0].HorizonMonths != 12 ||
		b[0].CRPS != 88.25 || b[0].CalibrationFactor != 1.25 || b[1].Threshold != 4000 || b[1].ErrorP50 != -2 {
		t.Errorf("backtest = %+v", b)
	}
	if s := d.BacktestSummary; len(s) != 2 || s[0].Method != "capacity" || s[0].Coverage != 0.7778 || s[0].Origins != 9 || s[0].MeanErrorP50 != -149.5 ||
		s[1].Threshold != 4000 || formatDate(s[0].FirstOrigin) != "2022-06-30" {
		t.Errorf("backtest summary = %+v", s)
	}
	if a := d.Assumptions; len(a) != 2 || a[0].Name != "paths" || !a[0].IsOverridden || a[0].Default != "1000" || a[1].Unit != "" {
		t.Errorf("assumptions = %+v, want by name, empty units kept", a)
	}
	if e := d.Estimates; len(e) != 2 || e[0].Name != "deorbit_age_months" || e[0].P10 != nil || *e[1].P90 != 10.75 {
		t.Errorf("estimates = %+v, want by name, nulls kept", e)
	}
	if a := d.Authorised; len(a) != 2 || a[0].Total != 11908 || a[1].ExceededMonthP50 != nil || a[1].ShareExceeded != 0.875 {
		t.Errorf("authorised = %+v", a)
	}
	if r := d.Runs; len(r) != 2 || r[0].RunID != 7 || !r[0].IsLatest || r[1].IsLatest || *r[1].GitCommit != "deadbeef" || r[0].GitCommit != nil || r[1].ReachP10 != nil {
		t.Errorf("runs = %+v, want newest first, nulls kept", r)
	}
	if l := d.Ledger; len(l) != 3 || l[0].RunID != 3 || l[0].Kind != "run" || l[0].CalibrationFactor != nil || l[0].ReachP10 != nil ||
		l[1].Kind != "backtest_origin" || formatDate(l[1].AsOf) != "2024-12-31" || l[1].ReachP50 != nil || l[1].LaunchesP50 != nil ||
		*l[1].CalibrationFactor != 2.5 || l[1].ShareNeverReached != 0.625 || l[1].ProbBy2035 != 0.3125 || l[1].InOrbit != 6700 ||
		!l[2].IsCurrent || *l[2].LaunchesP50 != 1400 || l[2].AssumptionsHash != "abc" || l[2].Order != 3 {
		t.Errorf("ledger = %+v, want by point_order, nulls kept", l)
	}
	if r := d.Requirements; len(r) != 2 || r[0].SatellitesPerLaunch != 22 || r[1].LaunchesPerYearNeeded != 140 {
		t.Errorf("requirements = %+v, want by satellites per launch", r)
	}
	checkShellsLoaded(t, d)
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

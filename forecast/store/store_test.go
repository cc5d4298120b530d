package store

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// result is a small Result with every nullable field both null and set somewhere.
func result(t *testing.T) *forecast.Result {
	t.Helper()
	a, err := forecast.DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Set("paths", "1234"); err != nil {
		t.Fatal(err)
	}
	return &forecast.Result{
		AsOf: day("2025-06-18"), Sources: "spacex_api+spacetrack", Assumptions: a, AssumptionsHash: a.Hash(),
		Scenarios: []forecast.ScenarioResult{
			{Name: "falcon9_only", Order: 1, Label: "With Falcon 9 alone", Description: "d1", ConditionalOn: "Falcon 9 only",
				SatellitesInOrbitAtAsOf: 7721, NowcastLaunchesP50: 2, NowcastSatellitesP50: 54, Target: 42000,
				ShareNeverReached: 1, ProbBy2030: 0, ProbBy2035: 0, ProbBy2040: 0.25,
				InOrbitAtHorizonP10: 11000, InOrbitAtHorizonP50: 12000, InOrbitAtHorizonP90: 13500, Answer: "never",
				Authorised: []forecast.AuthorisedShare{{Name: "FCC Gen1", Total: 11908, ShareExceeded: 0.4}}},
			{Name: "overall", Order: 2, Label: "Overall", Description: "d2", ConditionalOn: "both", IsHeadline: true,
				SatellitesInOrbitAtAsOf: 7721, Target: 42000,
				ReachMonthP10: ptr(day("2031-01-01")), ReachMonthP50: ptr(day("2033-06-01")), ReachMonthP90: nil,
				ShareNeverReached: 0.125, LaunchesNeededP10: ptr(300), LaunchesNeededP50: ptr(420), LaunchesNeededP90: nil,
				ProbBy2030: 0.05, ProbBy2035: 0.6, ProbBy2040: 0.8, InOrbitAtHorizonP10: 30000, InOrbitAtHorizonP50: 45000,
				InOrbitAtHorizonP90: 60000, Answer: "with Starship, 2033",
				Authorised: []forecast.AuthorisedShare{
					{Name: "FCC Gen1", Total: 11908, ShareExceeded: 1, ExceededMonthP50: ptr(day("2026-03-01"))},
					{Name: "ITU 42k", Total: 42000, ShareExceeded: 0.875},
				}},
		},
		Monthly: []forecast.MonthlyRow{
			{Scenario: "overall", Month: day("2025-06-01"), InOrbitP10: 7721, InOrbitP50: 7721, InOrbitP90: 7721},
			{Scenario: "overall", Month: day("2025-07-01"), InOrbitP10: 7800, InOrbitP50: 7900, InOrbitP90: 8000,
				CumLaunchesP10: 8, CumLaunchesP50: 9, CumLaunchesP90: 11, LaunchesFalcon9P50: 9.5, LaunchesStarshipP50: 0.25,
				SatellitesLaunchedP50: 250.5, SatellitesRetiredP50: 12.125},
		},
		Backtest: []forecast.BacktestRow{
			{Origin: day("2022-06-30"), HistoryMonths: 37, Method: "capacity", Target: "in_orbit", HorizonMonths: 6,
				PredictedP10: 2400.5, PredictedP50: 2600, PredictedP90: 2800, Actual: 2650, CRPS: 40.25, IntervalScore: 400,
				IsCovered: true, CalibrationFactor: 1},
			{Origin: day("2022-06-30"), HistoryMonths: 37, Method: "naive", Target: "threshold_crossing", Threshold: 4000,
				PredictedP10: 5, PredictedP50: 9, PredictedP90: 14, Actual: 16, CRPS: 4, IntervalScore: 34, CalibrationFactor: 1.5},
		},
		Ledger: []forecast.LedgerRow{
			{Origin: day("2022-06-30"), SatellitesInOrbit: 2600, Target: 42000, ReachMonthP10: ptr(day("2030-04-01")),
				ShareNeverReached: 0.625, LaunchesNeededP10: ptr(1480), ProbBy2035: 0.3125, CalibrationFactor: 1},
			{Origin: day("2022-09-30"), SatellitesInOrbit: 3100, Target: 42000, ReachMonthP10: ptr(day("2029-11-01")),
				ReachMonthP50: ptr(day("2034-02-01")), ReachMonthP90: ptr(day("2041-07-01")), ShareNeverReached: 0.375,
				LaunchesNeededP10: ptr(1300), LaunchesNeededP50: ptr(1710), LaunchesNeededP90: ptr(2950), ProbBy2035: 0.5625,
				CalibrationFactor: 2.25},
		},
		Estimates: []forecast.Estimate{
			{Name: "falcon9_launches_per_month_now", Value: 9.25, P10: ptr(8.0), P90: ptr(10.5), Unit: "launches/month", Description: "regime"},
			{Name: "starship_first_starlink_month", Value: 2027.5, Unit: "year", Description: "no interval"},
		},
	}
}

func runInfo() RunInfo {
	return RunInfo{StartedAt: time.Date(2026, 12, 6, 7, 0, 0, 123456000, time.UTC),
		FinishedAt: time.Date(2026, 12, 6, 7, 0, 2, 0, time.UTC), EngineVersion: "(devel)"}
}

func TestSave_ThenReadBackRoundTripsEveryTableWithNulls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	r := result(t)
	info := runInfo()
	info.GitCommit = "0123456789abcdef0123456789abcdef01234567"
	id, counts, err := SaveCounts(ctx, db.forecaster, r, info)
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	catalogue, _ := forecast.Catalogue()
	want := Counts{Assumptions: int64(len(catalogue)), Scenarios: 2, Authorised: 3, Monthly: 2, Backtest: 2, Estimates: 2, OriginLedger: 2}
	if counts != want {
		t.Errorf("counts = %+v, want %+v", counts, want)
	}

	// runs
	var (
		started, finished     time.Time
		asOf, horizon         time.Time
		sources, commit, hash string
		version               string
		paths, target         int
		seed                  int64
	)
	err = db.admin.QueryRow(ctx, `select started_at, finished_at, data_as_of_date, data_sources, git_commit,
		engine_version, assumptions_hash, paths, seed, horizon_month, target_satellites from forecast.runs where run_id = $1`, id).
		Scan(&started, &finished, &asOf, &sources, &commit, &version, &hash, &paths, &seed, &horizon, &target)
	if err != nil {
		t.Fatal(err)
	}
	if !started.Equal(info.StartedAt) || !finished.Equal(info.FinishedAt) || !asOf.Equal(r.AsOf) || sources != r.Sources ||
		commit != info.GitCommit || version != "(devel)" || hash != r.AssumptionsHash || paths != 1234 || seed != r.Assumptions.Seed ||
		!horizon.Equal(day("2045-12-01")) || target != 42000 {
		t.Errorf("runs row = %v %v %v %s %s %s %s %d %d %v %d", started, finished, asOf, sources, commit, version, hash, paths, seed, horizon, target)
	}

	// assumptions: the override is marked.
	var value, def string
	var overridden bool
	if err := db.admin.QueryRow(ctx, "select value, default_value, is_overridden from forecast.assumptions where run_id = $1 and name = 'paths'", id).
		Scan(&value, &def, &overridden); err != nil {
		t.Fatal(err)
	}
	if value != "1234" || def != "1000" || !overridden {
		t.Errorf("assumption paths = %s (default %s, overridden %v)", value, def, overridden)
	}
	if n := db.count(t, "select count(*) from forecast.assumptions where run_id = $1 and is_overridden", id); n != 1 {
		t.Errorf("%d overridden assumptions, want 1", n)
	}

	// scenarios: nulls stay null, numbers exact.
	type scenario struct {
		Name                  string
		Order                 int
		Headline, Naive       bool
		R10, R50, R90         *time.Time
		Never                 float64
		L10, L50, L90         *int
		P30, P35, P40         float64
		H10, H50, H90         int
		Nowcast, NowcastSats  int
		Answer, ConditionalOn string
	}
	var got []scenario
	rows, err := db.admin.Query(ctx, `select scenario_name, scenario_order, is_headline, is_naive, reach_month_p10,
		reach_month_p50, reach_month_p90, share_never_reached, launches_needed_p10, launches_needed_p50,
		launches_needed_p90, prob_by_2030, prob_by_2035, prob_by_2040, in_orbit_at_horizon_p10,
		in_orbit_at_horizon_p50, in_orbit_at_horizon_p90, nowcast_launches_p50, nowcast_satellites_p50, answer, conditional_on
		from forecast.scenarios where run_id = $1 order by scenario_order`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s scenario
		if err := rows.Scan(&s.Name, &s.Order, &s.Headline, &s.Naive, &s.R10, &s.R50, &s.R90, &s.Never, &s.L10, &s.L50, &s.L90,
			&s.P30, &s.P35, &s.P40, &s.H10, &s.H50, &s.H90, &s.Nowcast, &s.NowcastSats, &s.Answer, &s.ConditionalOn); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	var wantScenarios []scenario
	for _, s := range r.Scenarios {
		wantScenarios = append(wantScenarios, scenario{s.Name, s.Order, s.IsHeadline, s.IsNaive, s.ReachMonthP10, s.ReachMonthP50,
			s.ReachMonthP90, s.ShareNeverReached, s.LaunchesNeededP10, s.LaunchesNeededP50, s.LaunchesNeededP90, s.ProbBy2030,
			s.ProbBy2035, s.ProbBy2040, s.InOrbitAtHorizonP10, s.InOrbitAtHorizonP50, s.InOrbitAtHorizonP90,
			s.NowcastLaunchesP50, s.NowcastSatellitesP50, s.Answer, s.ConditionalOn})
	}
	if !reflect.DeepEqual(got, wantScenarios) {
		t.Errorf("scenarios read back:\n got %+v\nwant %+v", got, wantScenarios)
	}
	if got[1].R90 != nil || got[1].L90 != nil || got[0].R50 != nil {
		t.Error("a null reach month or launches needed was not stored as null")
	}

	// authorised
	if n := db.count(t, "select count(*) from forecast.authorised where run_id = $1 and exceeded_month_p50 is null", id); n != 2 {
		t.Errorf("%d authorised rows with a null month, want 2", n)
	}
	if n := db.count(t, `select count(*) from forecast.authorised where run_id = $1 and scenario_name = 'overall'
		and authorisation = 'FCC Gen1' and total = 11908 and share_exceeded = 1 and exceeded_month_p50 = '2026-03-01'`, id); n != 1 {
		t.Errorf("the overall scenario's FCC Gen1 row is not as saved (%d rows match)", n)
	}

	// monthly and backtest: fractions exact.
	if n := db.count(t, `select count(*) from forecast.monthly where run_id = $1 and month = '2025-07-01' and in_orbit_p50 = 7900
		and cum_launches_p90 = 11 and launches_falcon9_p50 = 9.5 and launches_starship_p50 = 0.25
		and satellites_launched_p50 = 250.5 and satellites_retired_p50 = 12.125`, id); n != 1 {
		t.Errorf("the 2025-07 monthly row is not as saved (%d rows match)", n)
	}
	if n := db.count(t, `select count(*) from forecast.backtest where run_id = $1 and origin_date = '2022-06-30'
		and method = 'capacity' and predicted_p10 = 2400.5 and crps = 40.25 and is_covered and horizon_months = 6 and threshold = 0`, id); n != 1 {
		t.Errorf("the capacity backtest row is not as saved (%d rows match)", n)
	}
	if n := db.count(t, `select count(*) from forecast.backtest where run_id = $1 and target = 'threshold_crossing'
		and threshold = 4000 and not is_covered and calibration_factor = 1.5`, id); n != 1 {
		t.Errorf("the threshold backtest row is not as saved (%d rows match)", n)
	}

	// origin_ledger: every column back as saved, nulls null, fractions exact.
	var ledger []forecast.LedgerRow
	rows, err = db.admin.Query(ctx, `select origin_date, satellites_in_orbit, target_satellites, reach_month_p10,
		reach_month_p50, reach_month_p90, share_never_reached, launches_needed_p10, launches_needed_p50,
		launches_needed_p90, prob_by_2035, calibration_factor
		from forecast.origin_ledger where run_id = $1 order by origin_date`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l forecast.LedgerRow
		if err := rows.Scan(&l.Origin, &l.SatellitesInOrbit, &l.Target, &l.ReachMonthP10, &l.ReachMonthP50, &l.ReachMonthP90,
			&l.ShareNeverReached, &l.LaunchesNeededP10, &l.LaunchesNeededP50, &l.LaunchesNeededP90, &l.ProbBy2035,
			&l.CalibrationFactor); err != nil {
			t.Fatal(err)
		}
		ledger = append(ledger, l)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if !reflect.DeepEqual(ledger, r.Ledger) {
		t.Errorf("origin ledger read back:\n got %+v\nwant %+v", ledger, r.Ledger)
	}

	// estimates: a null interval stays null.
	var p10, p90 *float64
	if err := db.admin.QueryRow(ctx, "select p10, p90 from forecast.estimates where run_id = $1 and name = 'starship_first_starlink_month'", id).Scan(&p10, &p90); err != nil {
		t.Fatal(err)
	}
	if p10 != nil || p90 != nil {
		t.Errorf("estimate interval = %v, %v, want nulls", p10, p90)
	}
	if err := db.admin.QueryRow(ctx, "select p10, p90 from forecast.estimates where run_id = $1 and name = 'falcon9_launches_per_month_now'", id).Scan(&p10, &p90); err != nil {
		t.Fatal(err)
	}
	if p10 == nil || *p10 != 8 || p90 == nil || *p90 != 10.5 {
		t.Errorf("estimate interval = %v, %v, want 8, 10.5", p10, p90)
	}
}

func TestSave_UnknownCommitIsNull(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	id, err := Save(context.Background(), db.forecaster, result(t), runInfo())
	if err != nil {
		t.Fatal(err)
	}
	if n := db.count(t, "select count(*) from forecast.runs where run_id = $1 and git_commit is null", id); n != 1 {
		t.Error("git_commit is not null for an unknown commit")
	}
}

func TestSave_FailureLeavesNothingAndKeepsThePreviousRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	first, err := Save(ctx, db.forecaster, result(t), runInfo())
	if err != nil {
		t.Fatal(err)
	}
	before := db.count(t, "select count(*) from forecast.monthly")

	bad := result(t)
	bad.Scenarios[1].Name = bad.Scenarios[0].Name // a duplicate scenario name: the primary key refuses it
	_, err = Save(ctx, db.forecaster, bad, runInfo())
	if err == nil {
		t.Fatal("saving two scenarios of one name succeeded")
	}
	if !strings.Contains(err.Error(), "forecast.scenarios") {
		t.Errorf("the error does not name the table: %v", err)
	}
	if n := db.count(t, "select count(*) from forecast.runs"); n != 1 {
		t.Errorf("%d runs after the failed save, want the first only", n)
	}
	for _, table := range []string{"assumptions", "scenarios", "authorised", "monthly", "backtest", "estimates", "origin_ledger"} {
		if n := db.count(t, "select count(*) from forecast."+table+" where run_id <> $1", first); n != 0 {
			t.Errorf("forecast.%s holds %d rows of the failed run", table, n)
		}
	}
	if n := db.count(t, "select count(*) from forecast.monthly"); n != before {
		t.Errorf("the failed save changed the first run's monthly rows: %d, want %d", n, before)
	}
}

func TestSave_DeletesOlderRunsMonthlyBacktestAndOriginRowsAndKeepsTheLedger(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	first, err := Save(ctx, db.forecaster, result(t), runInfo())
	if err != nil {
		t.Fatal(err)
	}
	second, counts, err := SaveCounts(ctx, db.forecaster, result(t), runInfo())
	if err != nil {
		t.Fatal(err)
	}
	if second <= first {
		t.Errorf("run ids %d then %d, want increasing", first, second)
	}
	if counts.DeletedMonthly != 2 || counts.DeletedBacktest != 2 || counts.DeletedOriginLedger != 2 {
		t.Errorf("deleted %d monthly, %d backtest and %d origin ledger rows, want the first run's 2, 2 and 2",
			counts.DeletedMonthly, counts.DeletedBacktest, counts.DeletedOriginLedger)
	}
	if n := db.count(t, "select count(*) from forecast.origin_ledger where run_id = $1", second); n != 2 {
		t.Errorf("%d origin ledger rows of the latest run, want 2", n)
	}
	for table, want := range map[string]int{"monthly": 0, "backtest": 0, "origin_ledger": 0, "runs": 1, "assumptions": int(counts.Assumptions),
		"scenarios": 2, "authorised": 3, "estimates": 2} {
		if n := db.count(t, "select count(*) from forecast."+table+" where run_id = $1", first); n != want {
			t.Errorf("forecast.%s: %d rows of the first run, want %d", table, n, want)
		}
	}
	if n := db.count(t, "select count(*) from forecast.monthly where run_id = $1", second); n != 2 {
		t.Errorf("%d monthly rows of the latest run, want 2", n)
	}
}

func TestSave_RefusesWhatTheTablesCannotHold(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		change func(*forecast.Result, *RunInfo)
		want   string
	}{
		"NaN":          {func(r *forecast.Result, _ *RunInfo) { r.Monthly[1].SatellitesRetiredP50 = math.NaN() }, "forecast.monthly (scenario overall, month 2025-07): satellites_retired_p50 is NaN"},
		"infinite p90": {func(r *forecast.Result, _ *RunInfo) { r.Estimates[0].P90 = ptr(math.Inf(1)) }, "forecast.estimates (falcon9_launches_per_month_now): p90 is +Inf"},
		"no as-of":     {func(r *forecast.Result, _ *RunInfo) { r.AsOf = time.Time{} }, "forecast.runs: the result has no as-of date"},
		"no version":   {func(_ *forecast.Result, i *RunInfo) { i.EngineVersion = "" }, "forecast.runs: no engine version"},
		"NaN share":    {func(r *forecast.Result, _ *RunInfo) { r.Ledger[1].ShareNeverReached = math.NaN() }, "forecast.origin_ledger (origin 2022-09-30): share_never_reached is NaN"},
		"bad horizon":  {func(r *forecast.Result, _ *RunInfo) { r.Assumptions.HorizonMonth = "2045" }, `horizon_month "2045"`},
	} {
		t.Run(name, func(t *testing.T) {
			r, info := result(t), runInfo()
			tc.change(r, &info)
			// No connection is needed to refuse: nil would panic if Save reached the database.
			_, err := Save(context.Background(), nil, r, info)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLoadHistory_ReadsTheMarts(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	db.exec(t, `insert into analytics.dim_starlink_satellites
		(norad_id, launch_designator, launch_key, source, is_in_orbit, launch_date, decay_date, as_of_date) values
		(44235, '2019-029', '2019-029', 'spacetrack', false, '2019-05-24', '2020-10-13', '2025-06-18'),
		(44236, '2019-029', null, 'spacex_api', true, '2019-05-24', null, '2025-06-18'),
		(60001, '2025-110', '2025-110', 'spacetrack', true, '2025-06-10', null, '2025-06-18')`)
	db.exec(t, `insert into analytics.fct_starlink_launches
		(launch_key, launch_designator, rocket_name, satellites_deployed, launch_date, as_of_date) values
		('2019-029', '2019-029', 'Falcon 9', 60, '2019-05-24', '2025-06-18'),
		('2025-110', '2025-110', null, 27, '2025-06-10', '2025-06-18'),
		('5eb87d46ffd86e000604b388', null, 'Falcon 9', null, '2022-08-12', '2025-06-18'),
		('2025-111', '2025-111', 'Starship', 100, '2025-06-12', '2025-06-18')`)
	h, err := LoadHistory(context.Background(), db.forecaster)
	if err != nil {
		t.Fatal(err)
	}
	want := forecast.History{
		AsOf: day("2025-06-18"), Sources: "spacex_api+spacetrack",
		Satellites: []forecast.Satellite{
			{NoradID: 44235, LaunchKey: "2019-029", LaunchDate: day("2019-05-24"), DecayDate: ptr(day("2020-10-13"))},
			{NoradID: 44236, LaunchKey: "2019-029", LaunchDate: day("2019-05-24")},
			{NoradID: 60001, LaunchKey: "2025-110", LaunchDate: day("2025-06-10")},
		},
		Launches: []forecast.Launch{
			{Key: "2019-029", Date: day("2019-05-24"), Vehicle: forecast.Falcon9, Satellites: ptr(60), InCatalogue: true},
			{Key: "5eb87d46ffd86e000604b388", Date: day("2022-08-12"), Vehicle: forecast.Falcon9},
			{Key: "2025-110", Date: day("2025-06-10"), Vehicle: forecast.Falcon9, Satellites: ptr(27), InCatalogue: true},
			{Key: "2025-111", Date: day("2025-06-12"), Vehicle: forecast.Starship, Satellites: ptr(100), InCatalogue: true},
		},
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("history:\n got %+v\nwant %+v", h, want)
	}
}

func TestLoadHistory_OnTheSpaceXAPIAlone(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	db.exec(t, `insert into analytics.dim_starlink_satellites
		(norad_id, launch_designator, launch_key, source, is_in_orbit, launch_date, decay_date, as_of_date) values
		(44235, '2019-029', '2019-029', 'spacex_api', true, '2019-05-24', null, '2021-10-17')`)
	h, err := LoadHistory(context.Background(), db.forecaster)
	if err != nil {
		t.Fatal(err)
	}
	if h.Sources != "spacex_api" || !h.AsOf.Equal(day("2021-10-17")) || len(h.Launches) != 0 {
		t.Errorf("history = %+v", h)
	}
	// The API's launch list runs past its satellite data: the history starts from its last launch.
	db.exec(t, `insert into analytics.fct_starlink_launches
		(launch_key, launch_designator, rocket_name, satellites_deployed, launch_date, as_of_date) values
		('5eb87d46ffd86e000604b388', null, 'Falcon 9', null, '2022-11-01', '2021-10-17')`)
	if h, err = LoadHistory(context.Background(), db.forecaster); err != nil {
		t.Fatal(err)
	}
	if !h.AsOf.Equal(day("2022-11-01")) || len(h.Launches) != 1 || h.Launches[0].InCatalogue || h.Launches[0].Satellites != nil {
		t.Errorf("history with a later launch: as of %s, launches %+v", h.AsOf.Format(time.DateOnly), h.Launches)
	}
}

func TestLoadHistory_RefusesRowsItCannotRepresent(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ row, want string }{
		"re-entered without a date": {"(1, '2019-029', '2019-029', 'spacex_api', false, '2019-05-24', null, '2021-10-17')",
			"analytics.dim_starlink_satellites: satellite 1 has re-entered (is_in_orbit false) but has no decay_date"},
		"no launch": {"(2, null, null, 'spacetrack', true, '2019-05-24', null, '2021-10-17')",
			"analytics.dim_starlink_satellites: satellite 2 has neither launch_key nor launch_designator"},
		"unknown source": {"(3, '2019-029', '2019-029', 'heavens_above', true, '2019-05-24', null, '2021-10-17')",
			`satellite 3: unknown source "heavens_above"`},
		"in orbit with a decay date": {"(4, '2019-029', '2019-029', 'spacetrack', true, '2019-05-24', '2020-01-01', '2021-10-17')",
			"satellite 4 is in orbit but has decay_date 2020-01-01"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := newTestDB(t)
			db.exec(t, `insert into analytics.dim_starlink_satellites
				(norad_id, launch_designator, launch_key, source, is_in_orbit, launch_date, decay_date, as_of_date) values `+tc.row)
			_, err := LoadHistory(context.Background(), db.forecaster)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("empty marts", func(t *testing.T) {
		t.Parallel()
		_, err := LoadHistory(context.Background(), newTestDB(t).forecaster)
		if err == nil || !strings.Contains(err.Error(), "analytics.dim_starlink_satellites: no satellites") {
			t.Errorf("err = %v", err)
		}
	})
}

// Package report writes the analyst-facing answer of the pipeline: a Markdown report and its
// charts, from the marts in schema `analytics` only (fct_starlink_forecast and the marts
// around it, see Load), so it runs as the analyst's login. Everything it writes is a function
// of those rows: the same rows give byte-identical files. The answer sentences are the forecast
// engine's own (fct_starlink_forecast.answer), never re-worded here, and every result is
// stamped with the run it came from: the data's as-of date, its sources, the commit and the
// assumptions hash.
package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Forecast is one scenario of analytics.fct_starlink_forecast (the engine's latest run).
// Pointers are SQL nulls: a reach month or a launch count is null when the target is not
// reached by the horizon at that percentile of the simulated paths; the commit when unknown.
type Forecast struct {
	Name, Label, Description string
	ConditionalOn            string
	Order                    int
	IsHeadline, IsNaive      bool

	// The run: every scenario of a report has the same.
	RunID                 int64
	AsOf                  time.Time
	DataSources           string // spacex_api, or spacex_api+spacetrack
	GitCommit             *string
	EngineVersion         string
	AssumptionsHash       string
	OverriddenAssumptions *string // "name=value, ..."; null: all defaults
	Paths                 int64
	Seed                  int64
	Horizon               time.Time // first day of the last month simulated

	InOrbitAtAsOf                                                 int64
	NowcastLaunches, NowcastSatellites                            int64
	Target                                                        int64
	ReachP10, ReachP50, ReachP90                                  *time.Time
	ShareNeverReached                                             float64
	LaunchesP10, LaunchesP50, LaunchesP90                         *int64
	ProbBy2030, ProbBy2035, ProbBy2040                            float64
	InOrbitAtHorizonP10, InOrbitAtHorizonP50, InOrbitAtHorizonP90 int64
	Answer                                                        string
}

// ForecastMonth is one scenario × month of analytics.fct_starlink_forecast_monthly: observed up
// to the as-of month, projected from it (the as-of month is both).
type ForecastMonth struct {
	Scenario                                string
	Month                                   time.Time // first day
	IsObserved, IsProjected                 bool
	Observed                                *int64 // null after the as-of month
	InOrbitP10, InOrbitP50, InOrbitP90      *int64 // null before the as-of month
	CumLaunchesP10, CumLaunchesP50          *int64
	CumLaunchesP90                          *int64
	LaunchesFalcon9P50, LaunchesStarshipP50 *float64
}

// CadenceMonth is one month of analytics.fct_starlink_launch_cadence_monthly: the observed
// launches up to the latest known launch, the headline's median launches per vehicle from the
// as-of month.
type CadenceMonth struct {
	Month                   time.Time
	IsObserved              bool
	Launches                *int64
	SatellitesDeployed      *int64
	Falcon9P50, StarshipP50 *float64
}

// Launch is one launch that carried Starlink satellites (analytics.fct_starlink_launches).
type Launch struct {
	Designator         string // YYYY-NNN, or the mart's launch_key when it has none
	Date               time.Time
	SatellitesDeployed *int64  // null: unknown (an API launch no satellite data covers)
	SpacexLaunchID     *string // null: the SpaceX API does not list it
	Name               *string
}

// BacktestRow is one origin × method × target × horizon × threshold of
// analytics.fct_starlink_forecast_backtest.
type BacktestRow struct {
	Origin            time.Time
	HistoryMonths     int
	Method, Target    string
	HorizonMonths     int
	Threshold         int64
	P10, P50, P90     float64
	Actual, ErrorP50  float64
	CRPS, Interval    float64
	IsCovered         bool
	CalibrationFactor float64
}

// BacktestScore is one method × target × horizon × threshold of
// analytics.fct_starlink_forecast_backtest_summary.
type BacktestScore struct {
	Method, Target                   string
	HorizonMonths                    int
	Threshold                        int64
	Origins                          int
	FirstOrigin, LastOrigin          time.Time
	MeanCRPS, MeanInterval, Coverage float64
	MeanErrorP50, MeanAbsErrorP50    float64
}

// Assumption is one row of analytics.dim_starlink_forecast_assumptions.
type Assumption struct {
	Name, Value, Default string
	IsOverridden         bool
	Unit, Source         string
	Description          string
}

// Estimate is one row of analytics.fct_starlink_forecast_estimates.
type Estimate struct {
	Name        string
	Value       float64
	P10, P90    *float64
	Unit        string
	Description string
}

// Authorised is one scenario × authorisation of analytics.fct_starlink_forecast_authorised.
type Authorised struct {
	Scenario, Authorisation string
	Total                   int64
	ShareExceeded           float64
	ExceededMonthP50        *time.Time
}

// Run is one run of the engine (analytics.fct_starlink_forecast_runs), the ledger.
type Run struct {
	RunID                                 int64
	IsLatest                              bool
	FinishedAt                            time.Time
	AsOf                                  time.Time
	DataSources                           string
	GitCommit                             *string
	AssumptionsHash                       string
	OverriddenAssumptions                 *string
	HeadlineScenario                      *string
	ReachP10, ReachP50, ReachP90          *time.Time
	LaunchesP10, LaunchesP50, LaunchesP90 *int64
}

// LedgerPoint is one point of analytics.fct_starlink_forecast_ledger, the headline's answer in
// the answer's history: at a backtest origin of the latest run (Kind "backtest_origin", as it
// would have been then) or a real run (Kind "run"). Pointers are SQL nulls.
type LedgerPoint struct {
	Kind                         string
	RunID                        int64
	AsOf                         time.Time
	Order                        int
	IsCurrent                    bool
	AssumptionsHash              string
	InOrbit                      int64
	Target                       int64
	ReachP10, ReachP50, ReachP90 *time.Time
	ShareNeverReached            float64
	LaunchesP50                  *int64
	ProbBy2035                   float64
	CalibrationFactor            *float64
}

// Ledger point kinds.
const (
	pointOrigin = "backtest_origin"
	pointRun    = "run"
)

// Requirement is one satellites-per-launch × lifetime row of
// analytics.fct_starlink_launch_requirements.
type Requirement struct {
	SatellitesPerLaunch    int
	LifetimeYears          int
	Target                 int64
	LaunchesPerMonthNeeded float64
	LaunchesPerYearNeeded  float64
}

// Data is everything the report and the charts show.
type Data struct {
	Forecasts       []Forecast // the headline first, then by scenario_order
	Months          []ForecastMonth
	Cadence         []CadenceMonth
	Launches        []Launch
	Backtest        []BacktestRow
	BacktestSummary []BacktestScore
	Assumptions     []Assumption
	Estimates       []Estimate
	Authorised      []Authorised
	Runs            []Run // newest first
	Requirements    []Requirement
	Shells          []ShellMonth  // every month × shell, by month (shells.go)
	Sources         []SourceCount // satellites per source of the unified history
	Ledger          []LedgerPoint // oldest first
}

// Headline is the scenario the answer leads with (is_headline).
func (d Data) Headline() Forecast { return d.Forecasts[0] }

// MonthsOf returns one scenario's months, in month order.
func (d Data) MonthsOf(scenario string) []ForecastMonth {
	var out []ForecastMonth
	for _, m := range d.Months {
		if m.Scenario == scenario {
			out = append(out, m)
		}
	}
	return out
}

// Methods lists the backtest's methods in the engine's order (capacity, flat_pooled, naive),
// then any other by name.
func (d Data) Methods() []string {
	var out []string
	for _, s := range d.BacktestSummary {
		if !slices.Contains(out, s.Method) {
			out = append(out, s.Method)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return compareByOrder(methodOrder, a, b) })
	return out
}

// Panel is one (target, horizon) of the backtest: in_orbit at each horizon, each 12-month
// target, and threshold_crossing over all thresholds.
type Panel struct {
	Target        string
	HorizonMonths int
}

// Panels lists the backtest's panels in the engine's order of targets, horizons ascending.
func (d Data) Panels() []Panel {
	var out []Panel
	for _, b := range d.Backtest {
		p := Panel{Target: b.Target, HorizonMonths: b.HorizonMonths}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Panel) int {
		if c := compareByOrder(targetOrder, a.Target, b.Target); c != 0 {
			return c
		}
		return a.HorizonMonths - b.HorizonMonths
	})
	return out
}

var (
	methodOrder = []string{"capacity", "flat_pooled", "naive"}
	targetOrder = []string{"in_orbit", "launches_next_12m", "satellites_per_launch_next_12m", "fleet_losses_next_12m", "threshold_crossing"}
)

// compareByOrder orders known names as listed, unknown ones after them by name.
func compareByOrder(order []string, a, b string) int {
	ia, ib := slices.Index(order, a), slices.Index(order, b)
	if ia < 0 {
		ia = len(order)
	}
	if ib < 0 {
		ib = len(order)
	}
	if ia != ib {
		return ia - ib
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Validate checks what the report relies on, naming the mart and column that break it.
func (d Data) Validate() error {
	if len(d.Forecasts) == 0 {
		return errors.New("analytics.fct_starlink_forecast has no rows: run `just pipeline` first")
	}
	first := d.Forecasts[0]
	headlines := 0
	for _, f := range d.Forecasts {
		if f.IsHeadline {
			headlines++
		}
		if f.RunID != first.RunID || !f.AsOf.Equal(first.AsOf) || !f.Horizon.Equal(first.Horizon) || f.Target != first.Target ||
			f.DataSources != first.DataSources || f.AssumptionsHash != first.AssumptionsHash {
			return fmt.Errorf("analytics.fct_starlink_forecast: scenarios %s and %s differ in run_id, as_of_date, horizon_month, target_satellites, data_sources or assumptions_hash", first.Name, f.Name)
		}
		if f.Answer == "" {
			return fmt.Errorf("analytics.fct_starlink_forecast: scenario %s has no answer", f.Name)
		}
		if len(d.MonthsOf(f.Name)) == 0 {
			return fmt.Errorf("analytics.fct_starlink_forecast_monthly has no rows for scenario %s", f.Name)
		}
	}
	if headlines != 1 || !first.IsHeadline {
		return fmt.Errorf("analytics.fct_starlink_forecast: %d scenarios have is_headline, want exactly 1", headlines)
	}
	if !slices.ContainsFunc(d.Months, func(m ForecastMonth) bool { return m.Scenario == first.Name && m.Observed != nil }) {
		return fmt.Errorf("analytics.fct_starlink_forecast_monthly: scenario %s has no observed_in_orbit", first.Name)
	}
	if len(d.Cadence) == 0 {
		return errors.New("analytics.fct_starlink_launch_cadence_monthly has no rows")
	}
	if len(d.Requirements) == 0 {
		return errors.New("analytics.fct_starlink_launch_requirements has no rows")
	}
	if len(d.Assumptions) == 0 {
		return errors.New("analytics.dim_starlink_forecast_assumptions has no rows")
	}
	// The backtest may be empty (no origin with enough history, e.g. on the SpaceX API alone),
	// but its summary cannot be when it is not.
	if len(d.Backtest) > 0 && len(d.BacktestSummary) == 0 {
		return errors.New("analytics.fct_starlink_forecast_backtest_summary has no rows but fct_starlink_forecast_backtest has: rebuild the forecast marts")
	}
	if !slices.ContainsFunc(d.Runs, func(r Run) bool { return r.IsLatest && r.RunID == first.RunID }) {
		return fmt.Errorf("analytics.fct_starlink_forecast_runs: the latest run is not run %d of fct_starlink_forecast", first.RunID)
	}
	current := 0
	for _, p := range d.Ledger {
		if p.IsCurrent {
			current++
			if p.Kind != pointRun || p.RunID != first.RunID {
				return fmt.Errorf("analytics.fct_starlink_forecast_ledger: the current answer is %s %d, not run %d of fct_starlink_forecast", p.Kind, p.RunID, first.RunID)
			}
		}
	}
	if current != 1 {
		return fmt.Errorf("analytics.fct_starlink_forecast_ledger: %d points are the current answer, want exactly 1 (run %d): rebuild the forecast marts", current, first.RunID)
	}
	return d.validateShells()
}

// Queries read the marts only; Load runs them in one read-only, repeatable-read transaction so
// they see the same build. Columns are the forecast marts' contracts.
const (
	forecastQuery = `
select scenario_name, scenario_label, scenario_description, conditional_on, scenario_order, is_headline, is_naive,
       run_id, as_of_date, data_sources, git_commit, engine_version, assumptions_hash, overridden_assumptions, paths, seed,
       horizon_month, satellites_in_orbit_at_as_of, nowcast_launches_p50, nowcast_satellites_p50, target_satellites,
       reach_month_p10, reach_month_p50, reach_month_p90, share_never_reached::float8,
       launches_needed_p10, launches_needed_p50, launches_needed_p90,
       prob_by_2030::float8, prob_by_2035::float8, prob_by_2040::float8,
       in_orbit_at_horizon_p10, in_orbit_at_horizon_p50, in_orbit_at_horizon_p90, answer
  from analytics.fct_starlink_forecast
 order by is_headline desc, scenario_order, scenario_name`
	monthlyQuery = `
select scenario_name, month, is_observed, is_projected, observed_in_orbit, in_orbit_p10, in_orbit_p50, in_orbit_p90,
       cum_launches_p10, cum_launches_p50, cum_launches_p90, launches_falcon9_p50::float8, launches_starship_p50::float8
  from analytics.fct_starlink_forecast_monthly
 order by scenario_name, month`
	cadenceQuery = `
select month, is_observed, launches_observed, satellites_deployed_observed,
       launches_falcon9_p50::float8, launches_starship_p50::float8
  from analytics.fct_starlink_launch_cadence_monthly
 order by month`
	launchesQuery = `
select coalesce(launch_designator, launch_key), launch_date, satellites_deployed, launch_id, launch_name
  from analytics.fct_starlink_launches
 where launch_date is not null
 order by launch_date, launch_key`
	backtestQuery = `
select origin_date, history_months, method, target, horizon_months, threshold, predicted_p10::float8,
       predicted_p50::float8, predicted_p90::float8, actual::float8, error_p50::float8, crps::float8,
       interval_score::float8, is_covered, calibration_factor::float8
  from analytics.fct_starlink_forecast_backtest
 order by target, horizon_months, threshold, method, origin_date`
	backtestSummaryQuery = `
select method, target, horizon_months, threshold, origins, first_origin_date, last_origin_date, mean_crps::float8,
       mean_interval_score::float8, coverage::float8, mean_error_p50::float8, mean_abs_error_p50::float8
  from analytics.fct_starlink_forecast_backtest_summary
 order by target, horizon_months, threshold, method`
	assumptionsQuery = `
select assumption_name, value, default_value, is_overridden, unit, source, description
  from analytics.dim_starlink_forecast_assumptions
 order by assumption_name`
	estimatesQuery = `
select estimate_name, value::float8, p10::float8, p90::float8, unit, description
  from analytics.fct_starlink_forecast_estimates
 order by estimate_name`
	authorisedQuery = `
select scenario_name, authorisation, authorised_total, share_exceeded::float8, exceeded_month_p50
  from analytics.fct_starlink_forecast_authorised
 order by scenario_name, authorised_total, authorisation`
	runsQuery = `
select run_id, is_latest_run, finished_at, as_of_date, data_sources, git_commit, assumptions_hash, overridden_assumptions,
       headline_scenario_name, reach_month_p10, reach_month_p50, reach_month_p90,
       launches_needed_p10, launches_needed_p50, launches_needed_p90
  from analytics.fct_starlink_forecast_runs
 order by run_id desc`
	ledgerQuery = `
select point_kind, run_id, as_of_date, point_order, is_current_answer, assumptions_hash, satellites_in_orbit, target_satellites,
       reach_month_p10, reach_month_p50, reach_month_p90, share_never_reached::float8, launches_needed_p50,
       prob_by_2035::float8, calibration_factor::float8
  from analytics.fct_starlink_forecast_ledger
 order by point_order`
	requirementsQuery = `
select satellites_per_launch, lifetime_years, target_satellites,
       launches_per_month_needed::float8, launches_per_year_needed::float8
  from analytics.fct_starlink_launch_requirements
 order by satellites_per_launch, lifetime_years`
)

// Load reads the marts.
func Load(ctx context.Context, conn *pgx.Conn) (Data, error) {
	var d Data
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return d, fmt.Errorf("starting a read-only transaction: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only; nothing to undo

	if d.Forecasts, err = collect(ctx, tx, "fct_starlink_forecast", forecastQuery, func(row pgx.CollectableRow) (Forecast, error) {
		var f Forecast
		err := row.Scan(&f.Name, &f.Label, &f.Description, &f.ConditionalOn, &f.Order, &f.IsHeadline, &f.IsNaive,
			&f.RunID, &f.AsOf, &f.DataSources, &f.GitCommit, &f.EngineVersion, &f.AssumptionsHash, &f.OverriddenAssumptions, &f.Paths, &f.Seed,
			&f.Horizon, &f.InOrbitAtAsOf, &f.NowcastLaunches, &f.NowcastSatellites, &f.Target,
			&f.ReachP10, &f.ReachP50, &f.ReachP90, &f.ShareNeverReached,
			&f.LaunchesP10, &f.LaunchesP50, &f.LaunchesP90,
			&f.ProbBy2030, &f.ProbBy2035, &f.ProbBy2040,
			&f.InOrbitAtHorizonP10, &f.InOrbitAtHorizonP50, &f.InOrbitAtHorizonP90, &f.Answer)
		return f, err
	}); err != nil {
		return d, err
	}
	if d.Months, err = collect(ctx, tx, "fct_starlink_forecast_monthly", monthlyQuery, func(row pgx.CollectableRow) (ForecastMonth, error) {
		var m ForecastMonth
		err := row.Scan(&m.Scenario, &m.Month, &m.IsObserved, &m.IsProjected, &m.Observed, &m.InOrbitP10, &m.InOrbitP50, &m.InOrbitP90,
			&m.CumLaunchesP10, &m.CumLaunchesP50, &m.CumLaunchesP90, &m.LaunchesFalcon9P50, &m.LaunchesStarshipP50)
		return m, err
	}); err != nil {
		return d, err
	}
	if d.Cadence, err = collect(ctx, tx, "fct_starlink_launch_cadence_monthly", cadenceQuery, func(row pgx.CollectableRow) (CadenceMonth, error) {
		var c CadenceMonth
		err := row.Scan(&c.Month, &c.IsObserved, &c.Launches, &c.SatellitesDeployed, &c.Falcon9P50, &c.StarshipP50)
		return c, err
	}); err != nil {
		return d, err
	}
	if d.Launches, err = collect(ctx, tx, "fct_starlink_launches", launchesQuery, func(row pgx.CollectableRow) (Launch, error) {
		var l Launch
		err := row.Scan(&l.Designator, &l.Date, &l.SatellitesDeployed, &l.SpacexLaunchID, &l.Name)
		return l, err
	}); err != nil {
		return d, err
	}
	if d.Backtest, err = collect(ctx, tx, "fct_starlink_forecast_backtest", backtestQuery, func(row pgx.CollectableRow) (BacktestRow, error) {
		var b BacktestRow
		err := row.Scan(&b.Origin, &b.HistoryMonths, &b.Method, &b.Target, &b.HorizonMonths, &b.Threshold, &b.P10, &b.P50, &b.P90,
			&b.Actual, &b.ErrorP50, &b.CRPS, &b.Interval, &b.IsCovered, &b.CalibrationFactor)
		return b, err
	}); err != nil {
		return d, err
	}
	if d.BacktestSummary, err = collect(ctx, tx, "fct_starlink_forecast_backtest_summary", backtestSummaryQuery, func(row pgx.CollectableRow) (BacktestScore, error) {
		var s BacktestScore
		err := row.Scan(&s.Method, &s.Target, &s.HorizonMonths, &s.Threshold, &s.Origins, &s.FirstOrigin, &s.LastOrigin,
			&s.MeanCRPS, &s.MeanInterval, &s.Coverage, &s.MeanErrorP50, &s.MeanAbsErrorP50)
		return s, err
	}); err != nil {
		return d, err
	}
	if d.Assumptions, err = collect(ctx, tx, "dim_starlink_forecast_assumptions", assumptionsQuery, func(row pgx.CollectableRow) (Assumption, error) {
		var a Assumption
		err := row.Scan(&a.Name, &a.Value, &a.Default, &a.IsOverridden, &a.Unit, &a.Source, &a.Description)
		return a, err
	}); err != nil {
		return d, err
	}
	if d.Estimates, err = collect(ctx, tx, "fct_starlink_forecast_estimates", estimatesQuery, func(row pgx.CollectableRow) (Estimate, error) {
		var e Estimate
		err := row.Scan(&e.Name, &e.Value, &e.P10, &e.P90, &e.Unit, &e.Description)
		return e, err
	}); err != nil {
		return d, err
	}
	if d.Authorised, err = collect(ctx, tx, "fct_starlink_forecast_authorised", authorisedQuery, func(row pgx.CollectableRow) (Authorised, error) {
		var a Authorised
		err := row.Scan(&a.Scenario, &a.Authorisation, &a.Total, &a.ShareExceeded, &a.ExceededMonthP50)
		return a, err
	}); err != nil {
		return d, err
	}
	if d.Runs, err = collect(ctx, tx, "fct_starlink_forecast_runs", runsQuery, func(row pgx.CollectableRow) (Run, error) {
		var r Run
		err := row.Scan(&r.RunID, &r.IsLatest, &r.FinishedAt, &r.AsOf, &r.DataSources, &r.GitCommit, &r.AssumptionsHash, &r.OverriddenAssumptions,
			&r.HeadlineScenario, &r.ReachP10, &r.ReachP50, &r.ReachP90, &r.LaunchesP10, &r.LaunchesP50, &r.LaunchesP90)
		return r, err
	}); err != nil {
		return d, err
	}
	if d.Requirements, err = collect(ctx, tx, "fct_starlink_launch_requirements", requirementsQuery, func(row pgx.CollectableRow) (Requirement, error) {
		var r Requirement
		err := row.Scan(&r.SatellitesPerLaunch, &r.LifetimeYears, &r.Target, &r.LaunchesPerMonthNeeded, &r.LaunchesPerYearNeeded)
		return r, err
	}); err != nil {
		return d, err
	}
	if d.Ledger, err = collect(ctx, tx, "fct_starlink_forecast_ledger", ledgerQuery, func(row pgx.CollectableRow) (LedgerPoint, error) {
		var p LedgerPoint
		err := row.Scan(&p.Kind, &p.RunID, &p.AsOf, &p.Order, &p.IsCurrent, &p.AssumptionsHash, &p.InOrbit, &p.Target,
			&p.ReachP10, &p.ReachP50, &p.ReachP90, &p.ShareNeverReached, &p.LaunchesP50, &p.ProbBy2035, &p.CalibrationFactor)
		return p, err
	}); err != nil {
		return d, err
	}
	if err := loadShells(ctx, tx, &d); err != nil {
		return d, err
	}
	return d, d.Validate()
}

// collect runs one mart's query and scans its rows, naming the mart in any error.
func collect[T any](ctx context.Context, tx pgx.Tx, mart, query string, scan func(pgx.CollectableRow) (T, error)) ([]T, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("reading analytics.%s: %w", mart, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("reading analytics.%s: %w", mart, err)
	}
	return out, nil
}

// Package report writes the analyst-facing answer of the pipeline: a Markdown report and its
// charts, from the marts in schema `analytics` only (fct_starlink_forecast and the marts
// around it, see Load), so it runs as the analyst's login. Everything it writes is a function
// of those rows, the dbt vars and the scenario seed: the same inputs give byte-identical files.
// The answer sentences are the mart's own (fct_starlink_forecast.answer), never re-worded here.
package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Forecast is one scenario of analytics.fct_starlink_forecast. Pointers are SQL nulls: a
// reach month or a launch count is null when the target is not reached by the horizon at that
// percentile of the simulated paths.
type Forecast struct {
	Name, Label, Description string
	IsHeadline, IsNaive      bool
	AsOf                     time.Time
	DataSources              string // spacex_api, or spacex_api+spacetrack
	InOrbitAtAsOf            int64
	Target                   int64
	SimulatedPaths           int64
	Horizon                  time.Time
	ReachP10, ReachP50       *time.Time
	ReachP90                 *time.Time
	ShareNeverReached        float64
	LaunchesP10, LaunchesP50 *int64
	LaunchesP90              *int64
	ProbBy2030, ProbBy2035   float64
	ProbBy2040               float64
	Answer                   string
}

// ForecastMonth is one scenario × month of analytics.fct_starlink_forecast_monthly.
type ForecastMonth struct {
	Scenario                string
	Month                   time.Time // first day
	IsObserved              bool
	Observed                *int64 // null after the as-of month
	InOrbitP10, InOrbitP50  *float64
	InOrbitP90, LaunchesP50 *float64
}

// CadenceMonth is one month of analytics.fct_starlink_launch_cadence_monthly: the observed
// launches until the as-of date and the fitted cadence with its band throughout.
type CadenceMonth struct {
	Month              time.Time
	IsObserved         bool
	Launches           *int64
	SatellitesDeployed *int64
	Fitted, P10, P90   *float64
}

// Launch is one launch that carried Starlink satellites (analytics.fct_starlink_launches).
type Launch struct {
	Designator         string // YYYY-NNN, or the mart's launch_key when it has none
	Date               time.Time
	SatellitesDeployed *int64  // null: unknown (an API launch no satellite data covers)
	SpacexLaunchID     *string // null: the SpaceX API does not list it
	Name               *string
}

// BacktestRow is one origin × horizon × method of analytics.fct_starlink_forecast_backtest.
type BacktestRow struct {
	Origin        time.Time
	HorizonMonths int
	TargetDate    time.Time
	Method        string
	P10, P50, P90 float64
	Actual        int64
	AbsPctError   float64
	IsCovered     bool
}

// BacktestScore is one method × horizon of analytics.fct_starlink_forecast_backtest_summary.
type BacktestScore struct {
	Method           string
	HorizonMonths    int
	Origins          int
	MeanAbsPctError  float64
	Coverage         float64
	IsHeadlineMethod bool
}

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
	Forecasts       []Forecast // the headline first, then the others by name, the naive ones last
	Months          []ForecastMonth
	Cadence         []CadenceMonth
	Launches        []Launch
	Backtest        []BacktestRow
	BacktestSummary []BacktestScore
	Requirements    []Requirement
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

// Methods lists the backtest's methods, the headline method first, then by name.
func (d Data) Methods() []string {
	var out []string
	for _, s := range d.BacktestSummary {
		if !slices.Contains(out, s.Method) {
			out = append(out, s.Method)
		}
	}
	headline := func(m string) bool {
		return slices.ContainsFunc(d.BacktestSummary, func(s BacktestScore) bool { return s.Method == m && s.IsHeadlineMethod })
	}
	slices.SortStableFunc(out, func(a, b string) int {
		if ha, hb := headline(a), headline(b); ha != hb {
			if ha {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	return out
}

// Horizons lists the backtest's horizons in months, ascending.
func (d Data) Horizons() []int {
	var out []int
	for _, s := range d.BacktestSummary {
		if !slices.Contains(out, s.HorizonMonths) {
			out = append(out, s.HorizonMonths)
		}
	}
	slices.Sort(out)
	return out
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
		if !f.AsOf.Equal(first.AsOf) || !f.Horizon.Equal(first.Horizon) || f.Target != first.Target || f.DataSources != first.DataSources {
			return fmt.Errorf("analytics.fct_starlink_forecast: scenarios %s and %s differ in as_of_date, horizon_date, target_satellites or data_sources", first.Name, f.Name)
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
	if len(d.BacktestSummary) == 0 {
		return errors.New("analytics.fct_starlink_forecast_backtest_summary has no rows")
	}
	return nil
}

// Queries read the marts only; Load runs them in one read-only, repeatable-read transaction so
// they see the same build. Columns are the forecast mart contract's.
const (
	forecastQuery = `
select scenario_name, scenario_label, scenario_description, is_headline, is_naive, as_of_date,
       data_sources, satellites_in_orbit_at_as_of, target_satellites, simulated_paths, horizon_date,
       reach_month_p10, reach_month_p50, reach_month_p90, share_never_reached::float8,
       launches_needed_p10, launches_needed_p50, launches_needed_p90,
       prob_by_2030::float8, prob_by_2035::float8, prob_by_2040::float8, answer
  from analytics.fct_starlink_forecast
 order by is_headline desc, is_naive, scenario_name`
	monthlyQuery = `
select scenario_name, month, is_observed, observed_in_orbit, in_orbit_p10::float8,
       in_orbit_p50::float8, in_orbit_p90::float8, launches_p50::float8
  from analytics.fct_starlink_forecast_monthly
 order by scenario_name, month`
	cadenceQuery = `
select month, is_observed, launches_observed, satellites_deployed_observed,
       cadence_fitted::float8, cadence_p10::float8, cadence_p90::float8
  from analytics.fct_starlink_launch_cadence_monthly
 order by month`
	launchesQuery = `
select coalesce(launch_designator, launch_key), launch_date, satellites_deployed, launch_id, launch_name
  from analytics.fct_starlink_launches
 where launch_date is not null
 order by launch_date, launch_key`
	backtestQuery = `
select origin_date, horizon_months, target_date, method, predicted_p10::float8,
       predicted_p50::float8, predicted_p90::float8, actual_in_orbit, abs_pct_error::float8, is_covered
  from analytics.fct_starlink_forecast_backtest
 order by method, horizon_months, origin_date`
	backtestSummaryQuery = `
select method, horizon_months, origins, mean_abs_pct_error::float8, coverage::float8, is_headline_method
  from analytics.fct_starlink_forecast_backtest_summary
 order by method, horizon_months`
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
		err := row.Scan(&f.Name, &f.Label, &f.Description, &f.IsHeadline, &f.IsNaive, &f.AsOf,
			&f.DataSources, &f.InOrbitAtAsOf, &f.Target, &f.SimulatedPaths, &f.Horizon,
			&f.ReachP10, &f.ReachP50, &f.ReachP90, &f.ShareNeverReached,
			&f.LaunchesP10, &f.LaunchesP50, &f.LaunchesP90,
			&f.ProbBy2030, &f.ProbBy2035, &f.ProbBy2040, &f.Answer)
		return f, err
	}); err != nil {
		return d, err
	}
	if d.Months, err = collect(ctx, tx, "fct_starlink_forecast_monthly", monthlyQuery, func(row pgx.CollectableRow) (ForecastMonth, error) {
		var m ForecastMonth
		err := row.Scan(&m.Scenario, &m.Month, &m.IsObserved, &m.Observed, &m.InOrbitP10, &m.InOrbitP50, &m.InOrbitP90, &m.LaunchesP50)
		return m, err
	}); err != nil {
		return d, err
	}
	if d.Cadence, err = collect(ctx, tx, "fct_starlink_launch_cadence_monthly", cadenceQuery, func(row pgx.CollectableRow) (CadenceMonth, error) {
		var c CadenceMonth
		err := row.Scan(&c.Month, &c.IsObserved, &c.Launches, &c.SatellitesDeployed, &c.Fitted, &c.P10, &c.P90)
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
		err := row.Scan(&b.Origin, &b.HorizonMonths, &b.TargetDate, &b.Method, &b.P10, &b.P50, &b.P90, &b.Actual, &b.AbsPctError, &b.IsCovered)
		return b, err
	}); err != nil {
		return d, err
	}
	if d.BacktestSummary, err = collect(ctx, tx, "fct_starlink_forecast_backtest_summary", backtestSummaryQuery, func(row pgx.CollectableRow) (BacktestScore, error) {
		var s BacktestScore
		err := row.Scan(&s.Method, &s.HorizonMonths, &s.Origins, &s.MeanAbsPctError, &s.Coverage, &s.IsHeadlineMethod)
		return s, err
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

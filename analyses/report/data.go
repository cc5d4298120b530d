// Package report writes the analyst-facing answer of the pipeline: a Markdown report and two
// charts, from the marts in schema `analytics` only (fct_starlink_forecast,
// fct_starlink_forecast_monthly, fct_starlink_constellation_daily, fct_starlink_launches), so
// it runs as the analyst's login. Everything it writes is a function of those rows: the same
// data gives byte-identical files.
package report

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Scenario is one row of analytics.fct_starlink_forecast. Decimals are exact (numeric columns
// read as big.Rat), so the report rounds them the way Postgres' to_char does; nil is SQL null.
type Scenario struct {
	Key                        string // flat_cadence, trend_cadence, no_retirements
	Order                      int
	Method                     string
	TargetSatellites           int64
	SatellitesInOrbitAtAsOf    int64
	LaunchesPerMonth           *big.Rat
	LaunchesPerMonthChange     *big.Rat
	SatellitesPerLaunch        *big.Rat
	EarlyFailureRate           *big.Rat
	SatelliteLifetimeYears     *big.Rat // nil: satellites never leave orbit
	LaunchesNeeded             *int64   // nil: target not reached by the horizon
	MonthsNeeded               *int64
	SatellitesInOrbitAtHorizon *big.Rat
	AsOfDate                   time.Time
	TargetReachedOn            *time.Time // nil: target not reached by the horizon
	HorizonDate                time.Time
}

// Name is the scenario's display name: its key with spaces, as dbt/scripts/print_answer.sql
// prints it.
func (s Scenario) Name() string { return strings.ReplaceAll(s.Key, "_", " ") }

// Reached reports whether the scenario reaches the target before the horizon.
func (s Scenario) Reached() bool { return s.TargetReachedOn != nil }

// Month is one row of analytics.fct_starlink_forecast_monthly: month m of a scenario's
// projection ends on as_of_date + m months (month 0 is the as-of date itself).
type Month struct {
	Scenario          string
	Number            int
	StartDate         time.Time
	EndDate           time.Time
	ProjectedLaunches float64
	SatellitesInOrbit float64
}

// Day is the observed constellation at the end of one day
// (analytics.fct_starlink_constellation_daily).
type Day struct {
	Date              time.Time
	SatellitesInOrbit int64
}

// Launch is one launch that carried Starlink satellites (analytics.fct_starlink_launches).
type Launch struct {
	Name       string
	LaunchedAt time.Time
}

// Data is everything the report and the charts show.
type Data struct {
	Scenarios []Scenario // in scenario_order
	Months    []Month    // by scenario, then month number
	Days      []Day      // by date
	Launches  []Launch   // by launch time
}

// AsOf is the as-of date shared by every scenario.
func (d Data) AsOf() time.Time { return d.Scenarios[0].AsOfDate }

// MonthsOf returns the projection of one scenario, in month order.
func (d Data) MonthsOf(scenario string) []Month {
	var out []Month
	for _, m := range d.Months {
		if m.Scenario == scenario {
			out = append(out, m)
		}
	}
	return out
}

// Validate checks what the report relies on: at least one scenario, one as-of date, target
// and horizon, and a projection for every scenario.
func (d Data) Validate() error {
	if len(d.Scenarios) == 0 {
		return errors.New("analytics.fct_starlink_forecast has no rows: run `just pipeline` first")
	}
	first := d.Scenarios[0]
	for _, s := range d.Scenarios {
		if !s.AsOfDate.Equal(first.AsOfDate) || !s.HorizonDate.Equal(first.HorizonDate) || s.TargetSatellites != first.TargetSatellites {
			return fmt.Errorf("analytics.fct_starlink_forecast: scenarios %s and %s differ in as_of_date, horizon_date or target_satellites", first.Key, s.Key)
		}
		if (s.TargetReachedOn == nil) != (s.LaunchesNeeded == nil) {
			return fmt.Errorf("analytics.fct_starlink_forecast: scenario %s has only one of target_reached_on and launches_needed", s.Key)
		}
		if len(d.MonthsOf(s.Key)) == 0 {
			return fmt.Errorf("analytics.fct_starlink_forecast_monthly has no rows for scenario %s", s.Key)
		}
	}
	if len(d.Days) == 0 {
		return errors.New("analytics.fct_starlink_constellation_daily has no rows")
	}
	return nil
}

// Queries read the marts only; Load runs them in one read-only, repeatable-read transaction so
// they see the same build.
const (
	scenariosQuery = `
select scenario, coalesce(scenario_order, 0), method, target_satellites, satellites_in_orbit_at_as_of,
       launches_per_month, launches_per_month_change, satellites_per_launch, early_failure_rate,
       satellite_lifetime_years, launches_needed, months_needed, satellites_in_orbit_at_horizon,
       as_of_date, target_reached_on, horizon_date
  from analytics.fct_starlink_forecast
 order by scenario_order, scenario`
	monthsQuery = `
select scenario, month_number, coalesce(month_start_date, month_end_date), month_end_date,
       coalesce(projected_launches, 0)::float8, satellites_in_orbit::float8
  from analytics.fct_starlink_forecast_monthly
 order by scenario, month_number`
	daysQuery = `
select date_day, satellites_in_orbit
  from analytics.fct_starlink_constellation_daily
 order by date_day`
	launchesQuery = `
select launch_name, launched_at
  from analytics.fct_starlink_launches
 where launched_at is not null
 order by launched_at, launch_id`
)

// Load reads the marts.
func Load(ctx context.Context, conn *pgx.Conn) (Data, error) {
	var d Data
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return d, fmt.Errorf("starting a read-only transaction: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only; nothing to undo

	rows, _ := tx.Query(ctx, scenariosQuery)
	d.Scenarios, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Scenario, error) {
		var s Scenario
		var order int32
		var lpm, change, spl, efr, lifetime, horizonLevel pgtype.Numeric
		var launches, months pgtype.Int8
		var reached pgtype.Date
		err := row.Scan(&s.Key, &order, &s.Method, &s.TargetSatellites, &s.SatellitesInOrbitAtAsOf,
			&lpm, &change, &spl, &efr, &lifetime, &launches, &months, &horizonLevel,
			&s.AsOfDate, &reached, &s.HorizonDate)
		s.Order = int(order)
		s.LaunchesPerMonth, s.LaunchesPerMonthChange = rat(lpm), rat(change)
		s.SatellitesPerLaunch, s.EarlyFailureRate = rat(spl), rat(efr)
		s.SatelliteLifetimeYears, s.SatellitesInOrbitAtHorizon = rat(lifetime), rat(horizonLevel)
		if launches.Valid {
			s.LaunchesNeeded = &launches.Int64
		}
		if months.Valid {
			s.MonthsNeeded = &months.Int64
		}
		if reached.Valid {
			s.TargetReachedOn = &reached.Time
		}
		return s, err
	})
	if err != nil {
		return d, fmt.Errorf("reading analytics.fct_starlink_forecast: %w", err)
	}

	rows, _ = tx.Query(ctx, monthsQuery)
	d.Months, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Month, error) {
		var m Month
		var n int32
		err := row.Scan(&m.Scenario, &n, &m.StartDate, &m.EndDate, &m.ProjectedLaunches, &m.SatellitesInOrbit)
		m.Number = int(n)
		return m, err
	})
	if err != nil {
		return d, fmt.Errorf("reading analytics.fct_starlink_forecast_monthly: %w", err)
	}

	rows, _ = tx.Query(ctx, daysQuery)
	d.Days, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Day, error) {
		var day Day
		err := row.Scan(&day.Date, &day.SatellitesInOrbit)
		return day, err
	})
	if err != nil {
		return d, fmt.Errorf("reading analytics.fct_starlink_constellation_daily: %w", err)
	}

	rows, _ = tx.Query(ctx, launchesQuery)
	d.Launches, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Launch, error) {
		var l Launch
		err := row.Scan(&l.Name, &l.LaunchedAt)
		l.LaunchedAt = l.LaunchedAt.UTC()
		return l, err
	})
	if err != nil {
		return d, fmt.Errorf("reading analytics.fct_starlink_launches: %w", err)
	}
	return d, d.Validate()
}

// rat converts a numeric to an exact rational; nil for SQL null.
func rat(n pgtype.Numeric) *big.Rat {
	if !n.Valid || n.NaN || n.InfinityModifier != pgtype.Finite {
		return nil
	}
	r := new(big.Rat).SetInt(n.Int)
	if n.Exp > 0 {
		return r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.Exp)), nil)))
	}
	if n.Exp < 0 {
		return r.Quo(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-n.Exp)), nil)))
	}
	return r
}

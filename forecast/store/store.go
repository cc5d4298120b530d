// Package store moves the forecast engine's input and output through the warehouse: it reads
// the engine's History from the dbt marts (LoadHistory) and writes a Result into schema
// forecast in one transaction (Save). It connects as the forecaster's login user (group role
// spacex_forecaster, warehouse migrations 0006 and 0008): read the marts in analytics, write
// forecast.
package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// DB is what the store needs of a connection: *pgx.Conn and *pgxpool.Pool have it.
type DB interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// The marts the history comes from, and the sources their rows name.
const (
	satellitesMart = "analytics.dim_starlink_satellites"
	launchesMart   = "analytics.fct_starlink_launches"

	sourceSpaceXAPI  = "spacex_api"
	sourceSpaceTrack = "spacetrack"
	sourceCelesTrak  = "celestrak"
)

// LoadHistory reads the engine's History from the marts, in one read-only snapshot (so that a
// dbt build running meanwhile cannot give satellites and launches of two different builds):
//
//   - Satellites from analytics.dim_starlink_satellites, by NORAD id: the launch is launch_key
//     (the designator YYYY-NNN, else the API's launch id), else launch_designator; a satellite
//     that is no longer in orbit keeps its decay_date.
//   - Launches from analytics.fct_starlink_launches, by date: InCatalogue when the satellite data
//     lists the launch's satellites (satellites_deployed not null); Satellites stays nil when
//     unknown.
//   - AsOf: the latest of the marts' as_of_date (the satellite data's latest event) and the
//     latest launch date (the launch list may run past the satellite data); Sources: "spacex_api", or
//     "spacex_api+spacetrack", "spacex_api+celestrak" or "spacex_api+spacetrack+celestrak" by the
//     catalogues that supplied satellites.
//
// Rows the engine cannot use (no launch, no launch date) are errors naming the satellite, never
// skipped.
func LoadHistory(ctx context.Context, db DB) (forecast.History, error) {
	var h forecast.History
	tx, err := db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return h, fmt.Errorf("reading the history: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only; nothing to keep

	if h, err = loadSatellites(ctx, tx); err != nil {
		return h, fmt.Errorf("%s: %w", satellitesMart, err)
	}
	if h.Launches, err = loadLaunches(ctx, tx); err != nil {
		return h, fmt.Errorf("%s: %w", launchesMart, err)
	}
	// The launch list can run past the satellite data (the SpaceX API alone: satellites to
	// 2021-10, launches to 2022): the engine starts from the latest thing known, and censors
	// the satellites at their own data's last event.
	for _, l := range h.Launches {
		if l.Date.After(h.AsOf) {
			h.AsOf = l.Date
		}
	}
	return h, nil
}

func loadSatellites(ctx context.Context, tx pgx.Tx) (forecast.History, error) {
	var h forecast.History
	rows, err := tx.Query(ctx, `select norad_id, coalesce(launch_key, launch_designator), launch_date,
			decay_date, is_in_orbit, as_of_date, source
		from `+satellitesMart+`
		order by norad_id`)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	sources := map[string]bool{}
	for rows.Next() {
		var (
			s                forecast.Satellite
			launchKey        *string
			launchDate, asOf *time.Time
			isInOrbit        bool
			source           string
		)
		if err := rows.Scan(&s.NoradID, &launchKey, &launchDate, &s.DecayDate, &isInOrbit, &asOf, &source); err != nil {
			return h, err
		}
		switch {
		case launchKey == nil:
			return h, fmt.Errorf("satellite %d has neither launch_key nor launch_designator", s.NoradID)
		case launchDate == nil:
			return h, fmt.Errorf("satellite %d has no launch_date", s.NoradID)
		case asOf == nil:
			return h, fmt.Errorf("satellite %d has no as_of_date", s.NoradID)
		case source != sourceSpaceXAPI && source != sourceSpaceTrack && source != sourceCelesTrak:
			return h, fmt.Errorf("satellite %d: unknown source %q (want %s, %s or %s)", s.NoradID, source, sourceSpaceXAPI, sourceSpaceTrack, sourceCelesTrak)
		case isInOrbit && s.DecayDate != nil:
			return h, fmt.Errorf("satellite %d is in orbit but has decay_date %s", s.NoradID, s.DecayDate.Format(time.DateOnly))
		case !isInOrbit && s.DecayDate == nil:
			// History has no way to say "re-entered on an unknown day" (a nil DecayDate means in
			// orbit): refuse rather than count it in orbit or make a date up.
			return h, fmt.Errorf("satellite %d has re-entered (is_in_orbit false) but has no decay_date", s.NoradID)
		}
		s.LaunchKey, s.LaunchDate = *launchKey, civil(*launchDate)
		if s.DecayDate != nil {
			d := civil(*s.DecayDate)
			s.DecayDate = &d
		}
		if asOf.After(h.AsOf) {
			h.AsOf = civil(*asOf)
		}
		sources[source] = true
		h.Satellites = append(h.Satellites, s)
	}
	if err := rows.Err(); err != nil {
		return h, err
	}
	if len(h.Satellites) == 0 {
		return h, errors.New("no satellites: build the marts first (dbt-postgres:build-history)")
	}
	h.Sources = sourceSpaceXAPI
	for _, c := range []string{sourceSpaceTrack, sourceCelesTrak} {
		if sources[c] {
			h.Sources += "+" + c
		}
	}
	return h, nil
}

func loadLaunches(ctx context.Context, tx pgx.Tx) ([]forecast.Launch, error) {
	rows, err := tx.Query(ctx, `select launch_key, launch_date, rocket_name, satellites_deployed
		from `+launchesMart+`
		order by launch_date, launch_key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var launches []forecast.Launch
	for rows.Next() {
		var (
			l          forecast.Launch
			date       *time.Time
			rocketName *string
			deployed   *int64
		)
		if err := rows.Scan(&l.Key, &date, &rocketName, &deployed); err != nil {
			return nil, err
		}
		if date == nil {
			return nil, fmt.Errorf("launch %s has no launch_date", l.Key)
		}
		l.Date = civil(*date)
		l.Vehicle = vehicle(rocketName)
		if deployed != nil {
			n := int(*deployed)
			l.Satellites = &n
		}
		l.InCatalogue = deployed != nil
		launches = append(launches, l)
	}
	return launches, rows.Err()
}

// vehicle names the rocket of a launch. Every Starlink launch in the data flew on Falcon 9:
// the SpaceX API names the rocket (when its rockets stream is loaded), the catalogue names none,
// so a launch without a rocket name is a Falcon 9 launch, and only a name containing "Starship"
// is Starship's.
func vehicle(rocketName *string) forecast.Vehicle {
	if rocketName != nil && strings.Contains(strings.ToLower(*rocketName), "starship") {
		return forecast.Starship
	}
	return forecast.Falcon9
}

// civil is the day of t as a civil date: 00:00 UTC.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// RunInfo is what a run records about itself besides the Result.
type RunInfo struct {
	StartedAt, FinishedAt time.Time
	// GitCommit is the commit the engine was built from; "" when unknown (stored as null,
	// never made up).
	GitCommit string
	// EngineVersion names the engine's build (the module version, or "(devel)").
	EngineVersion string
}

// saveLockKey serialises Saves on one database (pg_advisory_xact_lock), so that the latest run
// is the one whose monthly, backtest and origin ledger rows are kept.
const saveLockKey = 0x5370_6163_6546 // "SpaceF"

// Counts are the rows a Save wrote, per table of schema forecast.
type Counts struct {
	Assumptions, Scenarios, Authorised, Monthly, Backtest, Estimates, OriginLedger int64
	// Deleted* are the older runs' rows the Save removed.
	DeletedMonthly, DeletedBacktest, DeletedOriginLedger int64
}

// Save writes r into schema forecast in one transaction: a row of forecast.runs (its run_id is
// returned), then COPY into assumptions, scenarios, authorised, monthly, backtest, estimates and
// origin_ledger (r.Ledger), then the older runs' monthly, backtest and origin_ledger rows are
// deleted. Either all of it is committed or
// nothing is. Nil pointers of r are stored as nulls; a value that is not finite is an error.
func Save(ctx context.Context, db DB, r *forecast.Result, info RunInfo) (int64, error) {
	id, _, err := SaveCounts(ctx, db, r, info)
	return id, err
}

// SaveCounts is Save, also returning how many rows it wrote and deleted.
func SaveCounts(ctx context.Context, db DB, r *forecast.Result, info RunInfo) (runID int64, counts Counts, err error) {
	if err := validate(r, info); err != nil {
		return 0, counts, err
	}
	horizon, err := time.Parse("2006-01", r.Assumptions.HorizonMonth)
	if err != nil {
		return 0, counts, fmt.Errorf("forecast.runs: horizon_month %q is not a month (YYYY-MM)", r.Assumptions.HorizonMonth)
	}
	assumptions, err := r.Assumptions.Table()
	if err != nil {
		return 0, counts, fmt.Errorf("forecast.assumptions: %w", err)
	}

	tx, err := db.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return 0, counts, fmt.Errorf("starting the transaction: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit it does nothing

	if _, err := tx.Exec(ctx, "select pg_advisory_xact_lock($1)", int64(saveLockKey)); err != nil {
		return 0, counts, fmt.Errorf("waiting for another run's save: %w", err)
	}
	var gitCommit *string
	if info.GitCommit != "" {
		gitCommit = &info.GitCommit
	}
	err = tx.QueryRow(ctx, `insert into forecast.runs (started_at, finished_at, data_as_of_date, data_sources,
			git_commit, engine_version, assumptions_hash, paths, seed, horizon_month, target_satellites)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		returning run_id`,
		info.StartedAt, info.FinishedAt, civil(r.AsOf), r.Sources, gitCommit, info.EngineVersion,
		r.AssumptionsHash, r.Assumptions.Paths, r.Assumptions.Seed, horizon, r.Assumptions.TargetSatellites,
	).Scan(&runID)
	if err != nil {
		return 0, counts, fmt.Errorf("forecast.runs: %w", err)
	}

	copies := []struct {
		table   string
		columns []string
		rows    [][]any
		count   *int64
	}{
		{"assumptions", assumptionColumns, assumptionRows(runID, assumptions), &counts.Assumptions},
		{"scenarios", scenarioColumns, scenarioRows(runID, r.Scenarios), &counts.Scenarios},
		{"authorised", authorisedColumns, authorisedRows(runID, r.Scenarios), &counts.Authorised},
		{"monthly", monthlyColumns, monthlyRows(runID, r.Monthly), &counts.Monthly},
		{"backtest", backtestColumns, backtestRows(runID, r.Backtest), &counts.Backtest},
		{"estimates", estimateColumns, estimateRows(runID, r.Estimates), &counts.Estimates},
		{"origin_ledger", originLedgerColumns, originLedgerRows(runID, r.Ledger), &counts.OriginLedger},
	}
	for _, c := range copies {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"forecast", c.table}, c.columns, pgx.CopyFromRows(c.rows))
		if err != nil {
			return 0, counts, fmt.Errorf("forecast.%s: %w", c.table, err)
		}
		*c.count = n
	}

	for _, d := range []struct {
		table string
		count *int64
	}{{"monthly", &counts.DeletedMonthly}, {"backtest", &counts.DeletedBacktest}, {"origin_ledger", &counts.DeletedOriginLedger}} {
		tag, err := tx.Exec(ctx, "delete from forecast."+d.table+" where run_id <> $1", runID)
		if err != nil {
			return 0, counts, fmt.Errorf("forecast.%s: deleting older runs' rows: %w", d.table, err)
		}
		*d.count = tag.RowsAffected()
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, counts, fmt.Errorf("committing run %d: %w", runID, err)
	}
	return runID, counts, nil
}

// validate refuses a Result the tables cannot hold faithfully, naming the table, row and column.
func validate(r *forecast.Result, info RunInfo) error {
	switch {
	case r == nil:
		return errors.New("forecast.runs: no result to save")
	case r.AsOf.IsZero():
		return errors.New("forecast.runs: the result has no as-of date")
	case r.Sources == "":
		return errors.New("forecast.runs: the result names no data sources")
	case r.AssumptionsHash == "":
		return errors.New("forecast.runs: the result has no assumptions hash")
	case info.EngineVersion == "":
		return errors.New("forecast.runs: no engine version")
	case info.StartedAt.IsZero() || info.FinishedAt.IsZero():
		return errors.New("forecast.runs: the run's start and finish times are required")
	}
	for _, s := range r.Scenarios {
		for col, x := range map[string]float64{
			"share_never_reached": s.ShareNeverReached, "prob_by_2030": s.ProbBy2030,
			"prob_by_2035": s.ProbBy2035, "prob_by_2040": s.ProbBy2040,
		} {
			if err := finite("scenarios", "scenario "+s.Name, col, x); err != nil {
				return err
			}
		}
		for _, a := range s.Authorised {
			if err := finite("authorised", "scenario "+s.Name+", "+a.Name, "share_exceeded", a.ShareExceeded); err != nil {
				return err
			}
		}
	}
	for _, m := range r.Monthly {
		row := "scenario " + m.Scenario + ", month " + m.Month.Format("2006-01")
		for col, x := range map[string]float64{
			"launches_falcon9_p50": m.LaunchesFalcon9P50, "launches_starship_p50": m.LaunchesStarshipP50,
			"satellites_launched_p50": m.SatellitesLaunchedP50, "satellites_retired_p50": m.SatellitesRetiredP50,
		} {
			if err := finite("monthly", row, col, x); err != nil {
				return err
			}
		}
	}
	for _, b := range r.Backtest {
		row := fmt.Sprintf("origin %s, %s, %s, %d months, threshold %d", b.Origin.Format(time.DateOnly), b.Method, b.Target, b.HorizonMonths, b.Threshold)
		for col, x := range map[string]float64{
			"predicted_p10": b.PredictedP10, "predicted_p50": b.PredictedP50, "predicted_p90": b.PredictedP90,
			"actual": b.Actual, "crps": b.CRPS, "interval_score": b.IntervalScore, "calibration_factor": b.CalibrationFactor,
		} {
			if err := finite("backtest", row, col, x); err != nil {
				return err
			}
		}
	}
	for _, l := range r.Ledger {
		row := "origin " + l.Origin.Format(time.DateOnly)
		for col, x := range map[string]float64{
			"share_never_reached": l.ShareNeverReached, "prob_by_2035": l.ProbBy2035, "calibration_factor": l.CalibrationFactor,
		} {
			if err := finite("origin_ledger", row, col, x); err != nil {
				return err
			}
		}
	}
	for _, e := range r.Estimates {
		if err := finite("estimates", e.Name, "value", e.Value); err != nil {
			return err
		}
		for col, p := range map[string]*float64{"p10": e.P10, "p90": e.P90} {
			if p != nil {
				if err := finite("estimates", e.Name, col, *p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func finite(table, row, column string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("forecast.%s (%s): %s is %v, not a finite number", table, row, column, x)
	}
	return nil
}

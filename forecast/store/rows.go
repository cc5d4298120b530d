package store

import (
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// The columns of each table of schema forecast, in the order of its rows below (warehouse
// migration 0006; origin_ledger 0008).
var (
	assumptionColumns = []string{"run_id", "name", "value", "default_value", "is_overridden", "unit", "source", "description"}
	scenarioColumns   = []string{"run_id", "scenario_name", "scenario_order", "label", "description", "conditional_on",
		"is_headline", "is_naive", "satellites_in_orbit_at_as_of", "nowcast_launches_p50", "nowcast_satellites_p50",
		"target_satellites", "reach_month_p10", "reach_month_p50", "reach_month_p90", "share_never_reached",
		"launches_needed_p10", "launches_needed_p50", "launches_needed_p90", "prob_by_2030", "prob_by_2035",
		"prob_by_2040", "in_orbit_at_horizon_p10", "in_orbit_at_horizon_p50", "in_orbit_at_horizon_p90", "answer"}
	authorisedColumns = []string{"run_id", "scenario_name", "authorisation", "total", "share_exceeded", "exceeded_month_p50"}
	monthlyColumns    = []string{"run_id", "scenario_name", "month", "in_orbit_p10", "in_orbit_p50", "in_orbit_p90",
		"cum_launches_p10", "cum_launches_p50", "cum_launches_p90", "launches_falcon9_p50", "launches_starship_p50",
		"satellites_launched_p50", "satellites_retired_p50"}
	backtestColumns = []string{"run_id", "origin_date", "history_months", "method", "target", "horizon_months",
		"threshold", "predicted_p10", "predicted_p50", "predicted_p90", "actual", "crps", "interval_score",
		"is_covered", "calibration_factor"}
	estimateColumns     = []string{"run_id", "name", "value", "p10", "p90", "unit", "description"}
	originLedgerColumns = []string{"run_id", "origin_date", "satellites_in_orbit", "target_satellites", "reach_month_p10",
		"reach_month_p50", "reach_month_p90", "share_never_reached", "launches_needed_p10", "launches_needed_p50",
		"launches_needed_p90", "prob_by_2035", "calibration_factor"}
)

func assumptionRows(runID int64, rows []forecast.AssumptionRow) [][]any {
	out := make([][]any, 0, len(rows))
	for _, a := range rows {
		out = append(out, []any{runID, a.Name, a.Value, a.Default, a.IsOverridden, a.Unit, a.Source, a.Description})
	}
	return out
}

func scenarioRows(runID int64, scenarios []forecast.ScenarioResult) [][]any {
	out := make([][]any, 0, len(scenarios))
	for _, s := range scenarios {
		out = append(out, []any{runID, s.Name, s.Order, s.Label, s.Description, s.ConditionalOn,
			s.IsHeadline, s.IsNaive, s.SatellitesInOrbitAtAsOf, s.NowcastLaunchesP50, s.NowcastSatellitesP50,
			s.Target, date(s.ReachMonthP10), date(s.ReachMonthP50), date(s.ReachMonthP90), s.ShareNeverReached,
			s.LaunchesNeededP10, s.LaunchesNeededP50, s.LaunchesNeededP90, s.ProbBy2030, s.ProbBy2035,
			s.ProbBy2040, s.InOrbitAtHorizonP10, s.InOrbitAtHorizonP50, s.InOrbitAtHorizonP90, s.Answer})
	}
	return out
}

func authorisedRows(runID int64, scenarios []forecast.ScenarioResult) [][]any {
	var out [][]any
	for _, s := range scenarios {
		for _, a := range s.Authorised {
			out = append(out, []any{runID, s.Name, a.Name, a.Total, a.ShareExceeded, date(a.ExceededMonthP50)})
		}
	}
	return out
}

func monthlyRows(runID int64, rows []forecast.MonthlyRow) [][]any {
	out := make([][]any, 0, len(rows))
	for _, m := range rows {
		out = append(out, []any{runID, m.Scenario, civil(m.Month), m.InOrbitP10, m.InOrbitP50, m.InOrbitP90,
			m.CumLaunchesP10, m.CumLaunchesP50, m.CumLaunchesP90, m.LaunchesFalcon9P50, m.LaunchesStarshipP50,
			m.SatellitesLaunchedP50, m.SatellitesRetiredP50})
	}
	return out
}

func backtestRows(runID int64, rows []forecast.BacktestRow) [][]any {
	out := make([][]any, 0, len(rows))
	for _, b := range rows {
		out = append(out, []any{runID, civil(b.Origin), b.HistoryMonths, b.Method, b.Target, b.HorizonMonths,
			b.Threshold, b.PredictedP10, b.PredictedP50, b.PredictedP90, b.Actual, b.CRPS, b.IntervalScore,
			b.IsCovered, b.CalibrationFactor})
	}
	return out
}

func estimateRows(runID int64, rows []forecast.Estimate) [][]any {
	out := make([][]any, 0, len(rows))
	for _, e := range rows {
		out = append(out, []any{runID, e.Name, e.Value, e.P10, e.P90, e.Unit, e.Description})
	}
	return out
}

func originLedgerRows(runID int64, rows []forecast.LedgerRow) [][]any {
	out := make([][]any, 0, len(rows))
	for _, l := range rows {
		out = append(out, []any{runID, civil(l.Origin), l.SatellitesInOrbit, l.Target, date(l.ReachMonthP10),
			date(l.ReachMonthP50), date(l.ReachMonthP90), l.ShareNeverReached, l.LaunchesNeededP10, l.LaunchesNeededP50,
			l.LaunchesNeededP90, l.ProbBy2035, l.CalibrationFactor})
	}
	return out
}

// date is a nullable civil date: nil stays nil (null).
func date(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := civil(*t)
	return &d
}

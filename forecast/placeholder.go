package forecast

// PLACEHOLDER for the integration branch only, until the engine lands (the engine's branch
// deletes this file): a deterministic straight-line projection with the Result's shape, so the
// store, the command, Meltano and dbt can be built against real tables. Never on main.

import (
	"context"
	"fmt"
	"time"
)

// Run runs every scenario and the backtest on h with the assumptions a.
func Run(ctx context.Context, h History, a Assumptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	horizon, err := time.Parse("2006-01", a.HorizonMonth)
	if err != nil {
		return nil, fmt.Errorf("horizon_month: %w", err)
	}
	inOrbit := 0
	for _, s := range h.Satellites {
		if s.DecayDate == nil {
			inOrbit++
		}
	}
	r := &Result{AsOf: h.AsOf, Sources: h.Sources, Assumptions: a, AssumptionsHash: a.Hash()}
	asOfMonth := time.Date(h.AsOf.Year(), h.AsOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"falcon9_only", "starship_on_schedule", "overall", "naive_no_retirement"} {
		perMonth := 150 * (i + 1)
		s := ScenarioResult{Name: name, Order: i + 1, Label: name, Description: "placeholder", ConditionalOn: "placeholder",
			IsHeadline: name == "overall", IsNaive: name == "naive_no_retirement", SatellitesInOrbitAtAsOf: inOrbit,
			Target: a.TargetSatellites, ShareNeverReached: 1}
		n, cum := inOrbit, 0
		for m := asOfMonth; !m.After(horizon); m = m.AddDate(0, 1, 0) {
			if m.After(asOfMonth) {
				n += perMonth
				cum += perMonth / 25
			}
			if n >= a.TargetSatellites && s.ReachMonthP50 == nil {
				mm, c := m, cum
				s.ReachMonthP10, s.ReachMonthP50, s.ReachMonthP90 = &mm, &mm, &mm
				s.LaunchesNeededP10, s.LaunchesNeededP50, s.LaunchesNeededP90 = &c, &c, &c
				s.ShareNeverReached = 0
			}
			r.Monthly = append(r.Monthly, MonthlyRow{Scenario: name, Month: m, InOrbitP10: n, InOrbitP50: n, InOrbitP90: n,
				CumLaunchesP10: cum, CumLaunchesP50: cum, CumLaunchesP90: cum, LaunchesFalcon9P50: float64(perMonth / 25)})
		}
		s.InOrbitAtHorizonP10, s.InOrbitAtHorizonP50, s.InOrbitAtHorizonP90 = n, n, n
		s.Authorised = []AuthorisedShare{{Name: "FCC Gen1 + Gen2 (2022)", Total: 11908, ShareExceeded: 1}}
		s.Answer = fmt.Sprintf("%s: placeholder answer as of %s", name, h.AsOf.Format(time.DateOnly))
		r.Scenarios = append(r.Scenarios, s)
	}
	origin := asOfMonth.AddDate(0, -12, -1)
	r.Backtest = []BacktestRow{{Origin: origin, HistoryMonths: 30, Method: "capacity", Target: "in_orbit", HorizonMonths: 6,
		PredictedP10: 1, PredictedP50: 2, PredictedP90: 3, Actual: 2, IsCovered: true, CalibrationFactor: 1}}
	r.Estimates = []Estimate{{Name: "falcon9_launches_per_month_now", Value: 9, Unit: "launches/month", Description: "placeholder"}}
	return r, nil
}

// Package forecast is the project's forecast engine: when will there be a target number
// (42,000) of Starlink satellites in orbit, and how many launches will it take?
//
// It is pure Go without database code: Run takes the unified History (satellites with launch
// and decay dates, launches with vehicle and satellites deployed) and the Assumptions (the
// named, sourced values in assumptions.yaml) and returns a Result: per scenario the month the
// target is reached (P10/P50/P90, share never), the launches needed, the chance by 2030, 2035
// and 2040, the authorised totals exceeded, monthly fan-chart rows, the fitted Estimates and a
// rolling-origin Backtest.
//
// The model is stocks and flows on a monthly grid from the as-of date:
//
//   - Inflow by vehicle: Falcon 9 from its current regime (a stand-down-robust level with a
//     Gamma posterior) growing toward a sourced capacity ceiling, Poisson launches, fitted
//     stand-downs, satellites per launch from the latest launches; Starship from a first
//     Starlink month drawn from assumptions, ramping to its own ceiling with ~60 V3
//     satellites per launch.
//   - Outflow by cohort: a piecewise-constant retirement hazard by age for each generation
//     (v0.9, v1.0, v1.5, v2 mini) estimated with censoring; ages a generation has not reached
//     borrow from older generations; beyond all data, a background hazard plus a planned
//     de-orbit age fitted by censored maximum likelihood (design life when not identified).
//   - Nowcast of the catalogue's missing last weeks.
//
// Every path draws its own parameters (regime, ceiling, satellites per launch, hazards,
// de-orbit age, Starship start) from a PCG generator seeded by (seed, scenario, path), so a
// run is deterministic and paths run in parallel. Counts are integers. See README.md.
package forecast

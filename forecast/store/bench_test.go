package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
	"github.com/spacex-elt/spacex-elt/warehouse"
	"github.com/spacex-elt/spacex-elt/warehouse/warehousetest"
)

// BenchmarkSave writes a Result of the engine's full size (4 scenarios, monthly to 2045-12,
// a backtest of 40 origins x 3 methods x 8 targets) in one transaction, as the forecaster,
// each iteration a run that replaces the previous run's monthly and backtest rows.
func BenchmarkSave(b *testing.B) {
	cfg := warehousetest.Database(b)
	user := warehousetest.Login(b, cfg, warehouse.ForecasterRole)
	conn := warehousetest.ConnectAs(b, cfg, user)
	a, err := forecast.DefaultAssumptions()
	if err != nil {
		b.Fatal(err)
	}
	r := &forecast.Result{AsOf: time.Date(2025, 6, 18, 0, 0, 0, 0, time.UTC), Sources: "spacex_api+spacetrack",
		Assumptions: a, AssumptionsHash: a.Hash()}
	for i, name := range []string{"falcon9_only", "starship_on_schedule", "overall", "naive_no_retirement"} {
		r.Scenarios = append(r.Scenarios, forecast.ScenarioResult{Name: name, Order: i, Label: name, Answer: "x",
			Authorised: []forecast.AuthorisedShare{{Name: "FCC Gen1", Total: 11908, ShareExceeded: 0.5}}})
		for m := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC); m.Year() < 2046; m = m.AddDate(0, 1, 0) {
			r.Monthly = append(r.Monthly, forecast.MonthlyRow{Scenario: name, Month: m, InOrbitP50: 8000, LaunchesFalcon9P50: 9.5})
		}
	}
	for o := range 40 {
		for _, method := range []string{"capacity", "flat_pooled", "naive"} {
			for target := range 8 {
				r.Backtest = append(r.Backtest, forecast.BacktestRow{Origin: time.Date(2020, time.Month(3*o+1), 0, 0, 0, 0, 0, time.UTC),
					Method: method, Target: fmt.Sprint("target_", target), PredictedP50: 1, CalibrationFactor: 1})
			}
		}
	}
	info := RunInfo{StartedAt: time.Now(), FinishedAt: time.Now(), EngineVersion: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Save(context.Background(), conn, r, info); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.Monthly)+len(r.Backtest)), "rows/op")
}

package forecast

import (
	"context"
	"reflect"
	"sync"
	"testing"
)

// RunWith skipping the backtest, given a full run's factors, gives the full run's scenarios
// and monthly rows; without factors it does not widen (its bands are no wider than with
// factors of 2, and narrower somewhere).
func TestRunWith_SkipBacktestSameAsRun(t *testing.T) {
	h := smallHistory(t)
	a := smallAssumptions(t)
	ctx := context.Background()
	full, err := Run(ctx, h, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Backtest) == 0 || len(full.CalibrationFactors) == 0 {
		t.Fatalf("the full run has %d backtest rows and %d factors; the test needs both", len(full.Backtest), len(full.CalibrationFactors))
	}
	same, err := RunWith(ctx, h, a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(full, same) {
		t.Fatal("RunWith with zero Options differs from Run")
	}
	fast, err := RunWith(ctx, h, a, Options{SkipBacktest: true, Factors: full.CalibrationFactors})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(full.Scenarios, fast.Scenarios) {
		t.Error("scenarios differ between the full run and the run without backtest given its factors")
	}
	if !reflect.DeepEqual(full.Monthly, fast.Monthly) {
		t.Error("monthly rows differ between the full run and the run without backtest given its factors")
	}
	if fast.Backtest != nil {
		t.Errorf("the run without backtest has %d backtest rows", len(fast.Backtest))
	}
	if fast.Ledger != nil || len(full.Ledger) == 0 {
		t.Errorf("the run without backtest has %d ledger rows, the full run %d; want none and some", len(fast.Ledger), len(full.Ledger))
	}
	if !reflect.DeepEqual(fast.CalibrationFactors, full.CalibrationFactors) {
		t.Error("the run without backtest does not report the factors it widened with")
	}

	// Factors widen; no factors, no widening (the small history's backtest is too short to
	// give factors above 1, so these are made up).
	two := map[string]float64{}
	for _, k := range []string{"capacity|in_orbit|6", "capacity|in_orbit|12", "capacity|in_orbit|24", "capacity|launches_next_12m|12", "capacity|threshold_crossing|0"} {
		two[k] = 2
	}
	wide, err := RunWith(ctx, h, a, Options{SkipBacktest: true, Factors: two})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := RunWith(ctx, h, a, Options{SkipBacktest: true})
	if err != nil {
		t.Fatal(err)
	}
	if raw.CalibrationFactors != nil {
		t.Errorf("no factors given, yet the run reports %v", raw.CalibrationFactors)
	}
	widened := false
	for i, m := range raw.Monthly {
		w := wide.Monthly[i]
		if m.InOrbitP50 != w.InOrbitP50 || m.CumLaunchesP50 != w.CumLaunchesP50 {
			t.Fatalf("%s %s: medians differ without widening", m.Scenario, m.Month.Format("2006-01"))
		}
		if m.InOrbitP10 < w.InOrbitP10 || m.InOrbitP90 > w.InOrbitP90 || m.CumLaunchesP10 < w.CumLaunchesP10 || m.CumLaunchesP90 > w.CumLaunchesP90 {
			t.Fatalf("%s %s: the unwidened band is wider than the widened one", m.Scenario, m.Month.Format("2006-01"))
		}
		if m.InOrbitP90-m.InOrbitP10 < w.InOrbitP90-w.InOrbitP10 {
			widened = true
		}
	}
	if !widened {
		t.Error("factors of 2 widened no in-orbit band")
	}
}

// Concurrent runs (the what-if page may run several) give the numbers of a run alone.
func TestRun_Concurrent(t *testing.T) {
	h := smallHistory(t)
	a := smallAssumptions(t)
	ctx := context.Background()
	want, err := Run(ctx, h, a)
	if err != nil {
		t.Fatal(err)
	}
	b := a
	b.StarshipCeilingLaunchesPerMonthP50 = 10
	wantB, err := RunWith(ctx, h, b, Options{SkipBacktest: true, Factors: want.CalibrationFactors})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]*Result, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Go(func() {
			if i%2 == 0 {
				got[i], errs[i] = Run(ctx, h, a)
			} else {
				got[i], errs[i] = RunWith(ctx, h, b, Options{SkipBacktest: true, Factors: want.CalibrationFactors})
			}
		})
	}
	wg.Wait()
	for i, r := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		w := want
		if i%2 == 1 {
			w = wantB
		}
		if !reflect.DeepEqual(r, w) {
			t.Errorf("concurrent run %d differs from the run alone", i)
		}
	}
}

func BenchmarkRunWithoutBacktest(b *testing.B) {
	h := realOrSmallHistory(b)
	a := defaults(b)
	full, err := Run(context.Background(), h, a)
	if err != nil {
		b.Fatal(err)
	}
	o := Options{SkipBacktest: true, Factors: full.CalibrationFactors}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RunWith(context.Background(), h, a, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(4*a.Paths)*float64(b.N)/b.Elapsed().Seconds(), "paths/s")
}

package forecast

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// The ledger: the headline at every backtest origin, on the cut history only.
func TestLedger_OneRowPerOriginOrderedAndConsistent(t *testing.T) {
	h := realOrSmallHistory(t)
	a := smallAssumptions(t)
	a.BacktestMinHistoryMonths = 24
	r, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	origins := map[time.Time]bool{}
	for _, b := range r.Backtest {
		origins[b.Origin] = true
	}
	if len(r.Ledger) == 0 || len(r.Ledger) != len(origins) {
		t.Fatalf("%d ledger rows for %d backtest origins, want one per origin", len(r.Ledger), len(origins))
	}
	for i, l := range r.Ledger {
		t.Logf("%s in orbit %d: reach %s / %s / %s never %.2f launches %v by 2035 %.2f factor %.2f",
			l.Origin.Format(time.DateOnly), l.SatellitesInOrbit, monthText(l.ReachMonthP10), monthText(l.ReachMonthP50),
			monthText(l.ReachMonthP90), l.ShareNeverReached, deref(l.LaunchesNeededP50), l.ProbBy2035, l.CalibrationFactor)
		if !origins[l.Origin] {
			t.Errorf("ledger row at %s is not a backtest origin", l.Origin.Format(time.DateOnly))
		}
		if i > 0 && !l.Origin.After(r.Ledger[i-1].Origin) {
			t.Errorf("ledger rows not in origin order at %d", i)
		}
		if l.Target != a.TargetSatellites || l.CalibrationFactor < 1 {
			t.Errorf("%s: target %d, factor %g", l.Origin.Format(time.DateOnly), l.Target, l.CalibrationFactor)
		}
		ms := []*time.Time{l.ReachMonthP10, l.ReachMonthP50, l.ReachMonthP90}
		for j := 1; j < 3; j++ {
			if ms[j-1] == nil && ms[j] != nil {
				t.Errorf("%s: reach month percentile %d nil but a later one is not", l.Origin.Format(time.DateOnly), j)
			}
			if ms[j-1] != nil && ms[j] != nil && ms[j].Before(*ms[j-1]) {
				t.Errorf("%s: reach months not ordered", l.Origin.Format(time.DateOnly))
			}
		}
		if l.ReachMonthP10 != nil && l.ReachMonthP10.Before(monthStart(monthIndex(l.Origin))) {
			t.Errorf("%s: reached in %s, before the origin", l.Origin.Format(time.DateOnly), l.ReachMonthP10.Format("2006-01"))
		}
		// Unwidened shares: a median month exists exactly when at most half the paths never reach it.
		if (l.ReachMonthP50 != nil) != (l.ShareNeverReached < 0.5) {
			t.Errorf("%s: median month %v with %.3f never reaching it", l.Origin.Format(time.DateOnly), l.ReachMonthP50, l.ShareNeverReached)
		}
		if l.ProbBy2035 < 0 || l.ProbBy2035 > 1-l.ShareNeverReached+1e-12 {
			t.Errorf("%s: by 2035 %.3f with %.3f never", l.Origin.Format(time.DateOnly), l.ProbBy2035, l.ShareNeverReached)
		}
		if (l.LaunchesNeededP50 == nil) != (l.ReachMonthP50 == nil) {
			t.Errorf("%s: launches needed and the median month disagree on reaching the target", l.Origin.Format(time.DateOnly))
		}
		// What was in orbit at the origin is what a run on the cut history starts from.
		c, err := RunWith(context.Background(), h.Cut(l.Origin), a, Options{SkipBacktest: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Scenarios[0].SatellitesInOrbitAtAsOf; got != l.SatellitesInOrbit {
			t.Errorf("%s: ledger has %d in orbit, a run on the cut history %d", l.Origin.Format(time.DateOnly), l.SatellitesInOrbit, got)
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return "never"
	}
	return *p
}

// At a later origin, whose reach month is widened with the calibration factor of earlier
// origins' crossings, the ledger's rows up to it do not change when everything after it does;
// the rows after it do (so the corruption reaches the ledger at all).
func TestLedger_NoLeakageAtALaterOrigin(t *testing.T) {
	h := realOrSmallHistory(t)
	a := smallAssumptions(t)
	a.BacktestMinHistoryMonths = 24
	ctx := context.Background()
	full, err := Run(ctx, h, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Ledger) < 2 {
		t.Fatalf("%d ledger rows; the test needs two", len(full.Ledger))
	}
	// The first origin with a factor above 1, else the one before the last.
	k := len(full.Ledger) - 2
	for i, l := range full.Ledger[:len(full.Ledger)-1] {
		if l.CalibrationFactor > 1 {
			k = i
			break
		}
	}
	o := full.Ledger[k].Origin
	t.Logf("origin %s, factor %.2f", o.Format(time.DateOnly), full.Ledger[k].CalibrationFactor)
	other, err := Run(ctx, corruptAfter(h, o), a)
	if err != nil {
		t.Fatal(err)
	}
	if len(other.Ledger) != len(full.Ledger) {
		t.Fatalf("%d ledger rows from the corrupted history, %d from the full one", len(other.Ledger), len(full.Ledger))
	}
	for i := range k + 1 {
		if !reflect.DeepEqual(full.Ledger[i], other.Ledger[i]) {
			t.Errorf("origin %s: the ledger's row depends on data after %s: %+v vs %+v", full.Ledger[i].Origin.Format(time.DateOnly),
				o.Format(time.DateOnly), full.Ledger[i], other.Ledger[i])
		}
	}
	if reflect.DeepEqual(full.Ledger[k+1:], other.Ledger[k+1:]) {
		t.Error("the rows after the origin did not change with the data after it: the test checks nothing")
	}
}

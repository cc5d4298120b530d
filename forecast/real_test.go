package forecast

import (
	"context"
	"slices"
	"testing"
)

func TestRun_RealCatalogue(t *testing.T) {
	h := realOrSmallHistory(t)
	a := defaults(t)
	r, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Scenarios {
		t.Log(s.Answer)
		for _, au := range s.Authorised {
			t.Logf("  %s %d: %.2f %v", au.Name, au.Total, au.ShareExceeded, au.ExceededMonthP50)
		}
	}
	for _, e := range r.Estimates {
		if e.P10 != nil {
			t.Logf("%s = %.4g [%.4g, %.4g] %s — %s", e.Name, e.Value, *e.P10, *e.P90, e.Unit, e.Description)
		} else {
			t.Logf("%s = %.4g %s — %s", e.Name, e.Value, e.Unit, e.Description)
		}
	}
	t.Logf("backtest rows %d", len(r.Backtest))
	backtestSummary(t, r.Backtest)
	for _, b := range r.Backtest {
		if b.Method == methodCapacity && b.Target != targetThreshold {
			t.Logf("%s %s %s %d: %.0f [%.0f %.0f] actual %.0f f=%.2f", b.Origin.Format("2006-01"), b.Method, b.Target, b.HorizonMonths, b.PredictedP50, b.PredictedP10, b.PredictedP90, b.Actual, b.CalibrationFactor)
		}
	}
	for _, m := range r.Monthly {
		if m.Month.Month() == 12 && m.Month.Year()%5 == 0 {
			t.Logf("%s %s in orbit %d %d %d launches %d %d %d", m.Scenario, m.Month.Format("2006-01"), m.InOrbitP10, m.InOrbitP50, m.InOrbitP90, m.CumLaunchesP10, m.CumLaunchesP50, m.CumLaunchesP90)
		}
	}
}

// backtestSummary logs mean CRPS, coverage and mean error (P50 - actual) per method and target.
func backtestSummary(t *testing.T, rows []BacktestRow) {
	type acc struct {
		n, cov             int
		crps, err, is, fct float64
	}
	m := map[string]*acc{}
	var keys []string
	for _, r := range rows {
		k := r.Target + "/" + r.Method
		if r.HorizonMonths > 0 && r.Target == targetInOrbit {
			k = r.Target + "_" + string(rune('0'+r.HorizonMonths/10)) + string(rune('0'+r.HorizonMonths%10)) + "m/" + r.Method
		}
		if m[k] == nil {
			m[k] = &acc{}
			keys = append(keys, k)
		}
		a := m[k]
		a.n++
		if r.IsCovered {
			a.cov++
		}
		a.crps += r.CRPS
		a.is += r.IntervalScore
		a.err += r.PredictedP50 - r.Actual
		a.fct += r.CalibrationFactor
	}
	slices.Sort(keys)
	for _, k := range keys {
		a := m[k]
		n := float64(a.n)
		t.Logf("%-45s n=%3d CRPS=%9.2f IS=%9.1f cover=%.2f meanErr=%9.2f meanFactor=%.2f", k, a.n, a.crps/n, a.is/n, float64(a.cov)/n, a.err/n, a.fct/n)
	}
}

package forecast

import (
	"context"
	"testing"
)

func TestRun_RealCatalogue(t *testing.T) {
	h, ok := realHistory(t)
	if !ok {
		h = smallHistory(t)
	}
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
}

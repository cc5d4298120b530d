package forecast

import (
	"context"
	"testing"
)

// TestSensitivity logs the README's sensitivity table (chance of the target by 2035 and 2040 in
// the overall scenario, share never reached, in orbit at the horizon) on the catalogue
// FORECAST_SATCAT names, or on the small history, and checks that the answer moves the way
// each change must move it (common random numbers: the same seed for every change).
func TestSensitivity(t *testing.T) {
	h, ok := realHistory(t)
	a0 := defaults(t)
	if !ok {
		h = smallHistory(t)
		a0.Paths = 300
	}
	ctx := context.Background()
	overall := func(a Assumptions) ScenarioResult {
		r, err := RunWith(ctx, h, a, Options{SkipBacktest: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range r.Scenarios {
			if s.Name == scenarioOverall {
				return s
			}
		}
		t.Fatal("no overall scenario")
		return ScenarioResult{}
	}
	type change struct {
		label string
		set   map[string]string
	}
	changes := []change{
		{"defaults", nil},
		{"starship_ceiling_launches_per_month 12 (fixed)", map[string]string{"starship_ceiling_launches_per_month": "12"}},
		{"starship_ceiling_launches_per_month 7 (fixed)", map[string]string{"starship_ceiling_launches_per_month": "7"}},
		{"starship_ceiling_launches_per_month 4 (fixed)", map[string]string{"starship_ceiling_launches_per_month": "4"}},
		{"starship_ceiling_launches_per_month_p90 20", map[string]string{"starship_ceiling_launches_per_month_p90": "20"}},
		{"starship_satellites_per_launch 60 (fixed)", map[string]string{"starship_satellites_per_launch": "60"}},
		{"falcon9_taper_after_starship 0", map[string]string{"falcon9_taper_after_starship": "0"}},
		{"falcon9_ceiling_launches_per_month 14", map[string]string{"falcon9_ceiling_launches_per_month": "14"}},
		{"lifetime_uncertainty 0.4", map[string]string{"lifetime_uncertainty": "0.4"}},
		{"starship_first_starlink_month_p50 2026-12", map[string]string{"starship_first_starlink_month_p50": "2026-12"}},
	}
	res := map[string]ScenarioResult{}
	t.Log("| change | by 2035 | by 2040 | never by the horizon | in orbit at the horizon, P50 |")
	for _, c := range changes {
		a := a0
		for k, v := range c.set {
			if err := a.Set(k, v); err != nil {
				t.Fatal(err)
			}
		}
		s := overall(a)
		res[c.label] = s
		t.Logf("| %s | %.0f%% | %.0f%% | %.0f%% | %s |", c.label, 100*s.ProbBy2035, 100*s.ProbBy2040, 100*s.ShareNeverReached, thousands(s.InOrbitAtHorizonP50))
	}
	hi, mid, lo := res["starship_ceiling_launches_per_month 12 (fixed)"], res["starship_ceiling_launches_per_month 7 (fixed)"], res["starship_ceiling_launches_per_month 4 (fixed)"]
	if !(hi.InOrbitAtHorizonP50 > mid.InOrbitAtHorizonP50 && mid.InOrbitAtHorizonP50 > lo.InOrbitAtHorizonP50) || hi.ProbBy2040 < mid.ProbBy2040 || mid.ProbBy2040 < lo.ProbBy2040 {
		t.Error("a higher Starship ceiling does not raise the answer")
	}
	if d, f := res["defaults"], res["falcon9_taper_after_starship 0"]; f.InOrbitAtHorizonP50 <= d.InOrbitAtHorizonP50 || f.ProbBy2040 < d.ProbBy2040 {
		t.Error("no Falcon 9 taper does not raise the answer")
	}
}

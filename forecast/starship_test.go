package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The split lognormal's sample quantiles are the given p10, p50, p90; equal quantiles give
// that value.
func TestSplitLognormal_Quantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = splitLognormal(r.NormFloat64(), 3, 7, 14)
	}
	slices.Sort(xs)
	for _, c := range []struct{ q, want float64 }{{0.1, 3}, {0.5, 7}, {0.9, 14}} {
		if got := quantileSorted(xs, c.q); math.Abs(got-c.want)/c.want > 0.02 {
			t.Errorf("P%.0f = %.3f, want %g", 100*c.q, got, c.want)
		}
	}
	for _, z := range []float64{-3, -0.5, 0, 1, 4} {
		if got := splitLognormal(z, 8, 8, 8); got != 8 {
			t.Errorf("fixed 8 at z=%g: %g", z, got)
		}
	}
}

// The former single-value names set a fixed value; quantiles out of order or not positive are
// refused with the assumption's name.
func TestAssumptions_StarshipDistributions(t *testing.T) {
	a := defaults(t)
	if err := a.Set("starship_ceiling_launches_per_month", "12"); err != nil {
		t.Fatal(err)
	}
	if a.StarshipCeilingLaunchesPerMonthP10 != 12 || a.StarshipCeilingLaunchesPerMonthP50 != 12 || a.StarshipCeilingLaunchesPerMonthP90 != 12 {
		t.Errorf("starship_ceiling_launches_per_month=12 set %g/%g/%g", a.StarshipCeilingLaunchesPerMonthP10, a.StarshipCeilingLaunchesPerMonthP50, a.StarshipCeilingLaunchesPerMonthP90)
	}
	if err := a.Set("starship_satellites_per_launch", "x"); err == nil || !strings.Contains(err.Error(), "starship_satellites_per_launch_p10") {
		t.Errorf("starship_satellites_per_launch=x: error %v", err)
	}
	if err := a.check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, value string }{
		{"starship_ceiling_launches_per_month_p10", "13"},
		{"starship_ceiling_launches_per_month_p10", "0"},
		{"starship_satellites_per_launch_p90", "50"},
	} {
		b := defaults(t)
		if err := b.Set(c.name, c.value); err != nil {
			t.Fatal(err)
		}
		err := b.check()
		prefix := strings.TrimSuffix(strings.TrimSuffix(c.name, "_p10"), "_p90")
		if err == nil || !strings.Contains(err.Error(), prefix) {
			t.Errorf("%s=%s: error %v, want one naming %s", c.name, c.value, err, prefix)
		}
		if _, err := Run(context.Background(), smallHistory(t), b); err == nil {
			t.Errorf("%s=%s: Run accepted it", c.name, c.value)
		}
	}
}

// A wider distribution of Starship's ceiling widens the overall scenario's range (in orbit at
// the horizon, P10..P90) and leaves Falcon 9 alone unchanged; a fixed ceiling gives every
// Starship path the same ceiling.
func TestStarshipCeiling_WiderDistributionWidensRange(t *testing.T) {
	h := smallHistory(t)
	ctx := context.Background()
	run := func(p10, p50, p90 float64) *Result {
		a := smallAssumptions(t)
		a.StarshipCeilingLaunchesPerMonthP10, a.StarshipCeilingLaunchesPerMonthP50, a.StarshipCeilingLaunchesPerMonthP90 = p10, p50, p90
		r, err := RunWith(ctx, h, a, Options{SkipBacktest: true})
		if err != nil {
			t.Fatal(err)
		}
		checkOrdered(t, r)
		return r
	}
	sc := func(r *Result, name string) ScenarioResult {
		for _, s := range r.Scenarios {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no scenario %s", name)
		return ScenarioResult{}
	}
	fixed, narrow, wide := run(7, 7, 7), run(5, 7, 10), run(3, 7, 14)
	width := func(r *Result, name string) int {
		s := sc(r, name)
		return s.InOrbitAtHorizonP90 - s.InOrbitAtHorizonP10
	}
	for _, name := range []string{scenarioOverall, scenarioOnSchedule} {
		wf, wn, ww := width(fixed, name), width(narrow, name), width(wide, name)
		t.Logf("%s: in orbit at the horizon P10..P90 width fixed %d, 5-7-10 %d, 3-7-14 %d", name, wf, wn, ww)
		if !(wf < wn && wn < ww) {
			t.Errorf("%s: widths %d (fixed), %d (5-7-10), %d (3-7-14) do not grow with the ceiling's spread", name, wf, wn, ww)
		}
	}
	if width(fixed, scenarioFalcon9Only) != width(wide, scenarioFalcon9Only) {
		t.Error("Starship's ceiling changed the Falcon 9 alone scenario")
	}
	if !strings.Contains(sc(wide, scenarioOnSchedule).ConditionalOn, "to 7 launches a month (P10–P90 3–14) with 60 satellites each (P10–P90 45–75)") ||
		!strings.Contains(sc(fixed, scenarioOnSchedule).ConditionalOn, "to 7 launches a month") {
		t.Errorf("the condition does not state the ceiling: %q / %q", sc(wide, scenarioOnSchedule).ConditionalOn, sc(fixed, scenarioOnSchedule).ConditionalOn)
	}
}

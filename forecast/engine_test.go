package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The 6-MP arm of the Freireich et al. (1963) leukaemia remission trial, as in Kalbfleisch and
// Prentice (1980) and Klein and Moeschberger (2003, table 4.1A): weeks, + = censored.
func TestKaplanMeier_Gehan6MP(t *testing.T) {
	times := []float64{6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35}
	events := []bool{true, true, true, false, true, false, true, false, false, true, true, false, false, false, true, true, false, false, false, false, false}
	steps := kaplanMeier(times, events)
	want := map[float64]float64{6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}
	if len(steps) != len(want) {
		t.Fatalf("got %d event times, want %d: %+v", len(steps), len(want), steps)
	}
	for _, s := range steps {
		w, ok := want[s.Time]
		if !ok {
			t.Fatalf("unexpected event time %v", s.Time)
		}
		if math.Abs(s.Survival-w) > 0.0005 {
			t.Errorf("S(%v) = %.4f, want %.3f", s.Time, s.Survival, w)
		}
	}
	if got := kmSurvivalAt(steps, 12); math.Abs(got-0.753) > 0.0005 {
		t.Errorf("S(12) = %.4f, want 0.753 (step function)", got)
	}
	if steps[0].AtRisk != 21 || steps[0].Events != 3 {
		t.Errorf("first step: %d at risk, %d events; want 21, 3", steps[0].AtRisk, steps[0].Events)
	}
}

// syntheticHistory has launches on the 10th of each month from 2020-01 with counts[i] launches
// in month i and sats satellites each, nobody re-entering, as of the 20th of the last month.
func syntheticHistory(counts []int, sats func(month int) int) History {
	h := History{Sources: "synthetic"}
	n := int64(0)
	for i, c := range counts {
		for j := range c {
			d := time.Date(2020, time.Month(1+i), 1+j, 0, 0, 0, 0, time.UTC)
			k := d.Format("2006-01-02")
			s := sats(i)
			h.Launches = append(h.Launches, Launch{Key: k, Date: d, Vehicle: Falcon9, Satellites: &s, InCatalogue: true})
			for range s {
				n++
				h.Satellites = append(h.Satellites, Satellite{NoradID: n, LaunchKey: k, LaunchDate: d})
			}
			if d.After(h.AsOf) {
				h.AsOf = d
			}
		}
	}
	h.AsOf = time.Date(2020, time.Month(len(counts)), 28, 0, 0, 0, 0, time.UTC)
	return h
}

func TestFitCadence_Synthetic(t *testing.T) {
	a := defaults(t)
	// 12 months at 4, then the last 6 full months 8, 8, 2 (a grounding), 8, 8, 8; the
	// as-of month (partial) has 3.
	counts := []int{4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 2, 8, 8, 8, 3}
	sats := func(m int) int {
		if m >= 16 {
			return 27
		}
		return 22
	}
	f, err := fit(syntheticHistory(counts, sats), a)
	if err != nil {
		t.Fatal(err)
	}
	if f.LevelKept != 5 || f.LevelWindow != 6 {
		t.Errorf("regime kept %d of %d months, want 5 of 6 (the grounding left out)", f.LevelKept, f.LevelWindow)
	}
	if lvl := f.LevelShape / f.LevelRate; math.Abs(lvl-8.1) > 1e-9 { // (40 + 0.5) / 5
		t.Errorf("regime level %.4f, want 8.1", lvl)
	}
	if f.Standdowns != 1 {
		t.Errorf("%d stand-downs, want 1 (the month with 2)", f.Standdowns)
	}
	// The trailing median before the grounding month (months 8..13: 4,4,4,4,8,8) is 4.
	if math.Abs(f.StanddownDepth-0.5) > 1e-9 {
		t.Errorf("stand-down depth %.4f, want 2/4", f.StanddownDepth)
	}
	// The trailing 12 full months (months 6..17): 6x4 + 8+8+2+8+8+8 = 66 -> 5.5.
	if math.Abs(f.Trailing12-5.5) > 1e-9 {
		t.Errorf("trailing 12-month mean %.4f, want 5.5", f.Trailing12)
	}
	// Satellites per launch: the launches in the 3 months before the as-of date (2021-07-28)
	// are in months 16, 17, 18, which carry 27.
	if math.Abs(f.SatsPerLaunch-27) > 1e-9 {
		t.Errorf("satellites per launch %.3f, want 27", f.SatsPerLaunch)
	}
}

func TestFitDeorbit_RecoversNormalAge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var lives []lifetime
	for range 4000 {
		entry := 12 + 36*r.Float64() // ages at the data's end spread over 12..48 + 30 months
		end := entry + 30
		bg := r.ExpFloat64() / 0.002
		de := 55 + 6*r.NormFloat64()
		age := math.Min(bg, de)
		if age > end {
			lives = append(lives, lifetime{Age: end})
		} else {
			lives = append(lives, lifetime{Age: age, Event: true})
		}
	}
	d := fitDeorbit("test", lives, 12, 60, 12)
	if !d.Identified {
		t.Fatalf("not identified: %+v", d)
	}
	if math.Abs(d.Mu-55) > 2 || math.Abs(d.Sigma-6) > 2 {
		t.Errorf("mu %.1f sigma %.1f, want 55 and 6", d.Mu, d.Sigma)
	}
	if math.Abs(d.Background-0.002) > 0.001 {
		t.Errorf("background %.4f/month, want 0.002", d.Background)
	}
	// Young data only: not identified, the design life is used.
	var young []lifetime
	for _, l := range lives {
		if l.Age < 30 {
			young = append(young, l)
		} else {
			young = append(young, lifetime{Age: 30})
		}
	}
	if d := fitDeorbit("young", young, 12, 60, 12); d.Identified || d.Mu != 60 {
		t.Errorf("young data: identified=%v mu=%.1f, want the design life 60", d.Identified, d.Mu)
	}
}

// A run with constant cadence lambda, constant satellites per launch s and an exponential
// lifetime of mean L converges to N = lambda * s * L (per month units; 12*lambda*s*L with L
// in years).
func TestSimulate_SteadyState(t *testing.T) {
	a := defaults(t)
	const lambda, s, L = 10.0, 25.0, 60.0 // launches/month, satellites, months (5 years)
	a.Falcon9CeilingLaunchesPerMonth = lambda
	a.Falcon9CeilingUncertainty = 0
	a.LifetimeUncertainty = 0
	a.Falcon9MaxSatellitesPerLaunch = 100
	huge := 1e12
	hm := &hazardModel{Width: 6, MinExposure: 1, MaxAge: 700,
		Gens:    []genLife{{Name: "only", Events: []float64{huge / L}, Exposure: []float64{huge}}},
		Deorbit: deorbitFit{Background: 1 / L, Mu: 1e6, Sigma: 10}}
	hm.resolve()
	hm.tabulate()
	asOf := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	f := &fitted{AsOf: asOf, AsOfMonth: monthIndex(asOf), LevelShape: lambda * 1e9, LevelRate: 1e9,
		SatsPerLaunch: s, SatsPerLaunchMax: s, GrowthTau: 12, Hazards: hm}
	out, err := simulate(context.Background(), f, a, simSpec{Method: methodCapacity, Months: 600, Paths: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := lambda * s * L
	var mean float64
	for p := range out.Paths {
		mean += float64(out.InOrbit[p*out.Months+out.Months-1])
	}
	mean /= float64(out.Paths)
	// Poisson launch noise: sd of N about sqrt(lambda*L/2)*s ~ 430, mean of 50 paths ~ 60.
	if math.Abs(mean-want)/want > 0.02 {
		t.Errorf("steady state %.0f, want lambda*s*L = %.0f within 2%%", mean, want)
	}
}

func TestHistoryCut(t *testing.T) {
	h := smallHistory(t)
	o := day(t, "2020-06-30")
	c := h.Cut(o)
	if !c.AsOf.Equal(o) {
		t.Errorf("AsOf %v, want %v", c.AsOf, o)
	}
	for _, s := range c.Satellites {
		if s.LaunchDate.After(o) {
			t.Fatalf("satellite %d launched %v after the origin", s.NoradID, s.LaunchDate)
		}
		if s.DecayDate != nil && s.DecayDate.After(o) {
			t.Fatalf("satellite %d keeps a decay %v after the origin", s.NoradID, s.DecayDate)
		}
	}
	for _, l := range c.Launches {
		if l.Date.After(o) {
			t.Fatalf("launch %s after the origin", l.Key)
		}
	}
	// A satellite launched before and decayed after the origin is in orbit at the cut, and
	// the original history is untouched.
	found := false
	for i, s := range h.Satellites {
		if !s.LaunchDate.After(o) && s.DecayDate != nil && s.DecayDate.After(o) {
			found = true
			for _, cs := range c.Satellites {
				if cs.NoradID == s.NoradID && cs.DecayDate != nil {
					t.Fatalf("satellite %d: decay kept at the cut", s.NoradID)
				}
			}
			if h.Satellites[i].DecayDate == nil {
				t.Fatal("Cut modified the original history")
			}
		}
	}
	if !found {
		t.Fatal("test history has no satellite decaying after the origin")
	}
}

func smallAssumptions(t *testing.T) Assumptions {
	a := defaults(t)
	a.Paths, a.BacktestPaths = 200, 100
	return a
}

func TestRun_SameSeedSameNumbers(t *testing.T) {
	h := smallHistory(t)
	a := smallAssumptions(t)
	r1, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Fatal("two runs with the same seed differ")
	}
	a.Seed++
	r3, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(r1.Monthly, r3.Monthly) {
		t.Fatal("a different seed gives the same monthly numbers")
	}
}

// The forecast at a backtest origin is the same whether or not the data after the origin is
// present: rows at origin o from the full history equal those from the history cut well after
// o (only the actuals and their scores may differ), and Run on h.Cut(o) ignores everything
// after o.
func TestBacktest_NoLeakage(t *testing.T) {
	h := realOrSmallHistory(t)
	a := smallAssumptions(t)
	a.BacktestMinHistoryMonths = 24
	full, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Backtest) == 0 {
		t.Fatal("no backtest rows")
	}
	o := full.Backtest[0].Origin
	changed := corruptAfter(h, o)
	other, err := Run(context.Background(), changed, a)
	if err != nil {
		t.Fatal(err)
	}
	pred := func(rows []BacktestRow) map[string]BacktestRow {
		m := map[string]BacktestRow{}
		for _, r := range rows {
			if r.Origin.Equal(o) && r.Target != targetThreshold {
				m[r.Method+r.Target+string(rune(r.HorizonMonths))] = r
			}
		}
		return m
	}
	a1, a2 := pred(full.Backtest), pred(other.Backtest)
	if len(a1) == 0 {
		t.Fatal("no rows at the first origin")
	}
	for k, r := range a1 {
		q, ok := a2[k]
		if !ok {
			continue
		}
		if r.PredictedP10 != q.PredictedP10 || r.PredictedP50 != q.PredictedP50 || r.PredictedP90 != q.PredictedP90 || r.CalibrationFactor != q.CalibrationFactor {
			t.Errorf("origin %s %s: forecast depends on data after the origin: %+v vs %+v", o.Format(time.DateOnly), k, r, q)
		}
	}
	// The ledger's row at the origin: the headline as it would have been then.
	if len(full.Ledger) == 0 || !full.Ledger[0].Origin.Equal(o) {
		t.Fatalf("the ledger does not start at the first origin %s", o.Format(time.DateOnly))
	}
	if !reflect.DeepEqual(full.Ledger[0], other.Ledger[0]) {
		t.Errorf("origin %s: the ledger's row depends on data after the origin: %+v vs %+v", o.Format(time.DateOnly), full.Ledger[0], other.Ledger[0])
	}
	// Run on the cut: identical results from both histories.
	c1, err := Run(context.Background(), h.Cut(o), a)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Run(context.Background(), changed.Cut(o), a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c1, c2) {
		t.Fatal("Run on the cut history depends on data after the origin")
	}
}

// corruptAfter returns h with everything after o changed: every later satellite re-enters the
// day after launch (or the day after o), later launches carry one satellite.
func corruptAfter(h History, o time.Time) History {
	var changed History
	changed.AsOf, changed.Sources = h.AsOf, h.Sources
	for _, s := range h.Satellites {
		if s.LaunchDate.After(o) || (s.DecayDate != nil && s.DecayDate.After(o)) {
			d := s.LaunchDate.AddDate(0, 0, 1)
			if !s.LaunchDate.After(o) {
				d = o.AddDate(0, 0, 1)
			}
			if d.After(h.AsOf) {
				d = h.AsOf
			}
			s.DecayDate = &d
		}
		changed.Satellites = append(changed.Satellites, s)
	}
	one := 1
	for _, l := range h.Launches {
		if l.Date.After(o) {
			l.Satellites = &one
		}
		changed.Launches = append(changed.Launches, l)
	}
	return changed
}

func checkOrdered(t *testing.T, r *Result) {
	t.Helper()
	for _, m := range r.Monthly {
		if !(0 <= m.InOrbitP10 && m.InOrbitP10 <= m.InOrbitP50 && m.InOrbitP50 <= m.InOrbitP90) {
			t.Fatalf("%s %s: in orbit %d %d %d not ordered", m.Scenario, m.Month.Format("2006-01"), m.InOrbitP10, m.InOrbitP50, m.InOrbitP90)
		}
		if !(0 <= m.CumLaunchesP10 && m.CumLaunchesP10 <= m.CumLaunchesP50 && m.CumLaunchesP50 <= m.CumLaunchesP90) {
			t.Fatalf("%s %s: launches not ordered", m.Scenario, m.Month.Format("2006-01"))
		}
		if m.SatellitesLaunchedP50 < 0 || m.SatellitesRetiredP50 < 0 || m.LaunchesFalcon9P50 < 0 {
			t.Fatalf("%s %s: negative flow", m.Scenario, m.Month.Format("2006-01"))
		}
	}
	for _, s := range r.Scenarios {
		ms := []*time.Time{s.ReachMonthP10, s.ReachMonthP50, s.ReachMonthP90}
		for i := 1; i < 3; i++ {
			if ms[i-1] == nil && ms[i] != nil {
				t.Fatalf("%s: reach month P%d nil but a later percentile is not", s.Name, []int{10, 50}[i-1])
			}
			if ms[i-1] != nil && ms[i] != nil && ms[i].Before(*ms[i-1]) {
				t.Fatalf("%s: reach months not ordered", s.Name)
			}
		}
		ls := []*int{s.LaunchesNeededP10, s.LaunchesNeededP50, s.LaunchesNeededP90}
		for i := 1; i < 3; i++ {
			if ls[i-1] != nil && ls[i] != nil && *ls[i] < *ls[i-1] {
				t.Fatalf("%s: launches needed not ordered", s.Name)
			}
		}
		if !(s.InOrbitAtHorizonP10 <= s.InOrbitAtHorizonP50 && s.InOrbitAtHorizonP50 <= s.InOrbitAtHorizonP90) {
			t.Fatalf("%s: horizon not ordered", s.Name)
		}
		if !(s.ProbBy2030 <= s.ProbBy2035 && s.ProbBy2035 <= s.ProbBy2040 && s.ProbBy2040 <= 1-s.ShareNeverReached+1e-12) {
			t.Fatalf("%s: probabilities not ordered", s.Name)
		}
	}
	for _, b := range r.Backtest {
		if !(b.PredictedP10 <= b.PredictedP50 && b.PredictedP50 <= b.PredictedP90) || b.CalibrationFactor < 1 {
			t.Fatalf("backtest row not ordered: %+v", b)
		}
	}
}

func TestRun_SmallHistory(t *testing.T) {
	h := smallHistory(t)
	a := smallAssumptions(t)
	r, err := Run(context.Background(), h, a)
	if err != nil {
		t.Fatal(err)
	}
	checkOrdered(t, r)
	// Exact in orbit at the as-of date: 10 per catalogued launch minus the re-entries.
	want := 0
	for _, s := range h.Satellites {
		if s.DecayDate == nil {
			want++
		}
	}
	if want != 481 {
		t.Fatalf("hand count of the test history: %d in orbit, expected 481", want)
	}
	if len(r.Scenarios) != 4 {
		t.Fatalf("%d scenarios, want 4", len(r.Scenarios))
	}
	heads := 0
	for _, s := range r.Scenarios {
		if s.SatellitesInOrbitAtAsOf != want {
			t.Errorf("%s: %d in orbit at the as-of date, want %d", s.Name, s.SatellitesInOrbitAtAsOf, want)
		}
		// Nowcast: the two launches known only from the launch list (10 + drawn satellites)
		// plus what the regime adds in the 5 days after the last of them.
		if s.NowcastLaunchesP50 < 2 || s.NowcastSatellitesP50 < 20 {
			t.Errorf("%s: nowcast %d launches %d satellites, want at least 2 and 20", s.Name, s.NowcastLaunchesP50, s.NowcastSatellitesP50)
		}
		if s.IsHeadline {
			heads++
			if s.Name != "overall" {
				t.Errorf("headline is %s, want overall", s.Name)
			}
		}
		if !strings.Contains(s.Answer, "20 Jun 2021") || !strings.Contains(s.Answer, "481") {
			t.Errorf("%s: answer lacks the as-of date or count: %s", s.Name, s.Answer)
		}
	}
	if heads != 1 {
		t.Errorf("%d headlines, want 1", heads)
	}
	// First month: the as-of month; its in-orbit median is at least the catalogued fleet minus
	// its retirements in 10 days plus the nowcast.
	first := r.Monthly[0]
	if first.Month.Format("2006-01") != "2021-06" {
		t.Errorf("first month %s, want 2021-06", first.Month.Format("2006-01"))
	}
	if first.InOrbitP50 < want || first.InOrbitP50 > want+60 {
		t.Errorf("June 2021 in orbit P50 %d, want %d plus the nowcast", first.InOrbitP50, want)
	}
	// Falcon 9 alone: no Starship launches; the overall scenario has some.
	var ss9, ssAll float64
	for _, m := range r.Monthly {
		switch m.Scenario {
		case "falcon9_only":
			ss9 += m.LaunchesStarshipP50
		case "starship_on_schedule":
			ssAll += m.LaunchesStarshipP50
		}
	}
	if ss9 != 0 || ssAll == 0 {
		t.Errorf("Starship launches: falcon9_only %.0f (want 0), on schedule %.0f (want > 0)", ss9, ssAll)
	}
}

// Like the SpaceX API alone (data ends in 2021): a short history answers without error, says
// its data ends then, and has no backtest origin.
func TestRun_ShortHistoryAnswers(t *testing.T) {
	h, ok := realHistory(t)
	if !ok {
		h = smallHistory(t)
	}
	o := time.Date(2021, 10, 31, 0, 0, 0, 0, time.UTC)
	if !ok {
		o = time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC) // 24 months of the hand-made history
	}
	a := smallAssumptions(t)
	r, err := Run(context.Background(), h.Cut(o), a)
	if err != nil {
		t.Fatal(err)
	}
	checkOrdered(t, r)
	want := o.Format("2 Jan 2006") + " (the data ends then)"
	for _, s := range r.Scenarios {
		if !strings.Contains(s.Answer, want) {
			t.Errorf("%s: answer does not say the data ends %s: %s", s.Name, o.Format(time.DateOnly), s.Answer)
		}
	}
	if !ok && len(r.Backtest) != 0 {
		t.Errorf("%d backtest rows on 24 months of history, want none", len(r.Backtest))
	}
}

func TestRun_BadInput(t *testing.T) {
	a := smallAssumptions(t)
	h := smallHistory(t)
	bad := h
	bad.Satellites = append([]Satellite(nil), h.Satellites...)
	d := bad.Satellites[3].LaunchDate.AddDate(0, 0, -1)
	bad.Satellites[3].DecayDate = &d
	if _, err := Run(context.Background(), bad, a); err == nil || !strings.Contains(err.Error(), "NORAD") {
		t.Errorf("decay before launch: error %v, want one naming the NORAD id", err)
	}
	if _, err := Run(context.Background(), History{}, a); err == nil {
		t.Error("empty history: no error")
	}
	a.HorizonMonth = "2020-01"
	if _, err := Run(context.Background(), h, a); err == nil || !strings.Contains(err.Error(), "horizon") {
		t.Errorf("horizon before the data: error %v", err)
	}
}

func TestAssumptions_Documented(t *testing.T) {
	infos, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		if strings.TrimSpace(in.Source) == "" || strings.TrimSpace(in.Description) == "" ||
			strings.Contains(in.Source+in.Description, "PLACEHOLDER") {
			t.Errorf("assumption %s: source or description missing", in.Name)
		}
	}
	a := defaults(t)
	if err := a.check(); err != nil {
		t.Fatal(err)
	}
	if err := a.Set("starship_first_starlink_month_p50", "2027-13"); err == nil {
		t.Error("month 2027-13 accepted")
	}
}

func TestScores(t *testing.T) {
	// CRPS of a one-point ensemble is the absolute error; of {0, 1} at 0 it is 0.5 - 0.25.
	if got := crpsSorted([]float64{3}, 5); got != 2 {
		t.Errorf("CRPS %v, want 2", got)
	}
	if got := crpsSorted([]float64{0, 1}, 0); math.Abs(got-0.25) > 1e-12 {
		t.Errorf("CRPS %v, want 0.25", got)
	}
	if got := intervalScore(10, 20, 25, 0.2); got != 10+2/0.2*5 {
		t.Errorf("interval score %v", got)
	}
	r := rand.New(rand.NewPCG(3, 4))
	var s float64
	for range 20000 {
		s += gammaRand(r, 9, 3)
	}
	if m := s / 20000; math.Abs(m-3) > 0.05 {
		t.Errorf("Gamma(9, 3) mean %.3f, want 3", m)
	}
	var ps float64
	for range 20000 {
		ps += float64(poissonRand(r, 45))
	}
	if m := ps / 20000; math.Abs(m-45) > 0.3 {
		t.Errorf("Poisson(45) mean %.3f, want 45", m)
	}
	if q := gammaQuantile(9, 3, 0.5); math.Abs(q-2.8898) > 0.001 {
		t.Errorf("Gamma(9,3) median %.4f, want 2.8898", q)
	}
}

func BenchmarkRun(b *testing.B) {
	h := realOrSmallHistory(b)
	a := defaults(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), h, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(4*a.Paths)*float64(b.N)/b.Elapsed().Seconds(), "paths/s")
}

func TestREADME_ListsEveryAssumption(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	infos, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		name := in.Name
		if strings.HasSuffix(name, "_month") && strings.HasPrefix(name, "authorised_") || name == "itu_filings_month" {
			name = strings.TrimSuffix(name, "_month") // listed with its total as `…` / `_month`
		}
		if !strings.Contains(string(b), "`"+name+"`") && !strings.Contains(string(b), name) {
			t.Errorf("README.md does not mention assumption %s", in.Name)
		}
	}
}

func TestFitGrowthTau_Synthetic(t *testing.T) {
	// Expected counts exactly on C - (C - level) exp((tEnd - t)/tau), scaled up so Poisson
	// likelihood is sharp: the fit recovers tau.
	const c, level = 11.0, 9.0
	for _, tau := range []float64{12, 20, 40} {
		counts := make([]float64, 24)
		for i := range counts {
			counts[i] = c - (c-level)*math.Exp(float64(23-i)/tau)
		}
		if got := fitGrowthTau(counts, level, c); math.Abs(got-tau) > 0.5 {
			t.Errorf("tau %.1f fitted as %.1f", tau, got)
		}
	}
	// A flat history far below the ceiling: the slowest approach.
	flat := []float64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}
	if got := fitGrowthTau(flat, 3, 11); got != maxGrowthTau {
		t.Errorf("flat history: tau %.1f, want %d", got, maxGrowthTau)
	}
}

func TestFit_SatellitesCapKeepsOlderRegimes(t *testing.T) {
	a := defaults(t)
	counts := []int{3, 3, 3, 3, 3, 3, 3, 3}
	f, err := fit(syntheticHistory(counts, func(int) int { return 53 }), a)
	if err != nil {
		t.Fatal(err)
	}
	if f.SatsPerLaunch != 53 || f.SatsPerLaunchMax != 53 {
		t.Errorf("53 per launch (v1.5-like): fitted %.1f, cap %.1f; the v2 mini cap of %.0f must not apply", f.SatsPerLaunch, f.SatsPerLaunchMax, a.Falcon9MaxSatellitesPerLaunch)
	}
}

// A widened P10 of the month a level is reached is never earlier than the earliest simulated
// path, nor the as-of month; P50 is never moved, and P90 is widened.
func TestReachMonths_WidenedP10NeverBeforeTheEarliestPath(t *testing.T) {
	asOf := monthIndex(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC))
	sorted := make([]int, 0, 100)
	for i := range 100 {
		sorted = append(sorted, asOf+100+i) // paths reach it 100..199 months ahead
	}
	p10, p50, p90 := reachMonths(sorted, asOf, 400, 5)
	raw10, raw50, raw90 := monthStart(quantileSorted(sorted, 0.1)), monthStart(quantileSorted(sorted, 0.5)), monthStart(quantileSorted(sorted, 0.9))
	if p10 == nil || p50 == nil || p90 == nil {
		t.Fatalf("reach months %v %v %v", p10, p50, p90)
	}
	if earliest := monthStart(sorted[0]); p10.Before(earliest) || !p10.Before(raw10) {
		t.Errorf("widened P10 %s: want in [earliest path %s, raw P10 %s)", p10.Format("2006-01"), earliest.Format("2006-01"), raw10.Format("2006-01"))
	}
	if !p50.Equal(raw50) || !p90.After(raw90) {
		t.Errorf("P50 %s (raw %s), P90 %s (raw %s)", p50.Format("2006-01"), raw50.Format("2006-01"), p90.Format("2006-01"), raw90.Format("2006-01"))
	}
}

// The launch history starts at history_start_month, not at an earlier prototype launch: a
// backtest origin needs backtest_min_history_months counted from there.
func TestBacktest_HistoryCountedFromTheHistoryStart(t *testing.T) {
	h := smallHistory(t) // launches every month from 2018-01
	a := defaults(t)
	first := func(a Assumptions) (time.Time, int) {
		r, err := Run(context.Background(), h, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Backtest) == 0 {
			t.Fatal("no backtest rows")
		}
		earliest, hist := r.Backtest[0].Origin, r.Backtest[0].HistoryMonths
		for _, row := range r.Backtest {
			if row.Origin.Before(earliest) {
				earliest, hist = row.Origin, row.HistoryMonths
			}
		}
		return earliest, hist
	}
	from2018, hist2018 := first(a)
	if err := a.Set("history_start_month", "2018-04"); err != nil {
		t.Fatal(err)
	}
	from2018July, histJuly := first(a)
	if got := from2018July.Sub(from2018).Hours() / 24; got < 60 || got > 120 {
		t.Errorf("first origin %s with the history from 2018-01, %s from 2018-04: want about 3 months later",
			from2018.Format(time.DateOnly), from2018July.Format(time.DateOnly))
	}
	if hist2018 < a.BacktestMinHistoryMonths || histJuly < a.BacktestMinHistoryMonths || histJuly > hist2018+3 {
		t.Errorf("history months at the first origin: %d (from 2018-01), %d (from 2018-04); want >= %d each",
			hist2018, histJuly, a.BacktestMinHistoryMonths)
	}
}

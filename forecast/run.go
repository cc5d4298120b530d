package forecast

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Scenario names.
const (
	scenarioFalcon9Only = "falcon9_only"
	scenarioOnSchedule  = "starship_on_schedule"
	scenarioOverall     = "overall"
	scenarioNaive       = "naive_no_retirement"
)

// never marks a path that does not reach a level by the horizon.
const never = math.MaxInt32

// Options tune one run.
type Options struct {
	// SkipBacktest skips the rolling-origin backtest; the intervals are then widened with
	// Factors (a previous run's Result.CalibrationFactors), or not widened when Factors is nil.
	SkipBacktest bool
	Factors      map[string]float64
}

// Run fits the history, simulates every scenario to the horizon and backtests the engine
// against the old methods on rolling origins. The same h and a give the same numbers. Run
// does not modify h or a and keeps no state between calls: concurrent calls are safe.
func Run(ctx context.Context, h History, a Assumptions) (*Result, error) {
	return RunWith(ctx, h, a, Options{})
}

// RunWith is Run with options; Run(ctx, h, a) == RunWith(ctx, h, a, Options{}). With
// o.SkipBacktest and o.Factors from a full run on the same history and assumptions (except
// the ones the what-if changes), the scenarios and monthly rows are the full run's: the
// backtest only supplies the widening factors (and the Backtest rows, nil here).
func RunWith(ctx context.Context, h History, a Assumptions, o Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := a.check(); err != nil {
		return nil, err
	}
	f, err := fit(h, a)
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	horizon, _ := time.Parse("2006-01", a.HorizonMonth)
	T := monthIndex(horizon) - f.AsOfMonth + 1
	if T < 1 {
		return nil, fmt.Errorf("forecast: horizon_month %s is before the as-of date %s", a.HorizonMonth, f.AsOf.Format(time.DateOnly))
	}
	ss, err := a.starshipDates()
	if err != nil {
		return nil, err
	}
	var rows []BacktestRow
	var ledger []LedgerRow
	var factors map[string]float64
	if o.SkipBacktest {
		factors = maps.Clone(o.Factors)
	} else {
		rows, factors, ledger, err = backtest(ctx, h, f, a)
		if err != nil {
			return nil, fmt.Errorf("forecast: %w", err)
		}
	}
	r := &Result{AsOf: f.AsOf, Sources: h.Sources, Assumptions: a, AssumptionsHash: a.Hash(), Backtest: rows,
		Ledger: ledger, CalibrationFactors: maps.Clone(factors)}
	cal := finalCalibration(factors)

	p50 := monthStart(ss.p50).Format("Jan 2006")
	ceil := quantiles(a.StarshipCeilingLaunchesPerMonthP10, a.StarshipCeilingLaunchesPerMonthP50, a.StarshipCeilingLaunchesPerMonthP90, "launches a month")
	sats := quantiles(a.StarshipSatellitesPerLaunchP10, a.StarshipSatellitesPerLaunchP50, a.StarshipSatellitesPerLaunchP90, "satellites each")
	mon := func(v string) string {
		t, _ := time.Parse("2006-01", v)
		return t.Format("Jan 2006")
	}
	specs := []struct {
		name, label, desc, cond string
		spec                    simSpec
		naive                   bool
	}{
		{scenarioFalcon9Only, "With Falcon 9 alone", "Falcon 9 from its current regime toward its capacity ceiling; Starship never flies Starlink; retirements by generation and age.",
			"Starship never flying Starlink (Falcon 9 from its current regime toward its ceiling)", simSpec{Method: methodCapacity, Starship: starshipNever}, false},
		{scenarioOnSchedule, "If Starship flies Starlink from " + p50, "As Falcon 9 alone, plus Starship from its median first-Starlink month, ramping to its ceiling.",
			fmt.Sprintf("Starship's first Starlink launch in %s and a ramp over %g months to %s with %s, with Falcon 9", p50,
				a.StarshipRampMonths, ceil, sats), simSpec{Method: methodCapacity, Starship: starshipFixed, StarshipFixed: ss.p50}, false},
		{scenarioOverall, "Overall", fmt.Sprintf("Falcon 9 plus Starship with its first Starlink month drawn (P10 %s, P50 %s, P90 %s; never in %.0f%% of paths) and its ceiling (%s) and satellites per launch (%s) drawn: the mixture of the Starship outcomes.",
			mon(a.StarshipFirstStarlinkMonthP10), mon(a.StarshipFirstStarlinkMonthP50), mon(a.StarshipFirstStarlinkMonthP90), 100*a.StarshipNeverShare, ceil, sats),
			fmt.Sprintf("Falcon 9 plus Starship from an uncertain month (P10 %s, P50 %s, P90 %s; never in %.0f%% of paths) ramping to an uncertain ceiling of %s",
				mon(a.StarshipFirstStarlinkMonthP10), mon(a.StarshipFirstStarlinkMonthP50), mon(a.StarshipFirstStarlinkMonthP90), 100*a.StarshipNeverShare, ceil),
			simSpec{Method: methodCapacity, Starship: starshipDrawn}, false},
		{scenarioNaive, "Naive: no retirement", "Comparison only: the trailing 12-month mean cadence and satellites per launch, Falcon 9 only, and no satellite ever retires.",
			"Falcon 9 at its trailing 12-month mean and no satellite ever retiring", simSpec{Method: methodNaive, Starship: starshipNever}, true},
	}
	var overall *simOut
	for i, s := range specs {
		sp := s.spec
		sp.Months, sp.Paths, sp.Seed, sp.Scenario = T, a.Paths, a.Seed, i+1
		out, err := simulate(ctx, f, a, sp)
		if err != nil {
			return nil, fmt.Errorf("forecast: scenario %s: %w", s.name, err)
		}
		c := cal
		if s.naive {
			c = calibration{}
		}
		sr, monthly := summarise(f, a, out, c)
		sr.Name, sr.Order, sr.Label, sr.Description, sr.ConditionalOn = s.name, i+1, s.label, s.desc, s.cond
		sr.IsHeadline, sr.IsNaive = s.name == scenarioOverall, s.naive
		for j := range monthly {
			monthly[j].Scenario = s.name
		}
		sr.Answer = answer(sr, f, a, horizon)
		r.Scenarios = append(r.Scenarios, sr)
		r.Monthly = append(r.Monthly, monthly...)
		if s.name == scenarioOverall {
			overall = out
		}
	}
	r.Estimates = estimates(f, a, overall, factors, rows)
	return r, nil
}

// quantiles says "7 launches a month (P10–P90 3–14)", or "7 launches a month" for a fixed value.
func quantiles(p10, p50, p90 float64, unit string) string {
	if p10 == p50 && p50 == p90 {
		return fmt.Sprintf("%g %s", p50, unit)
	}
	return fmt.Sprintf("%g %s (P10–P90 %g–%g)", p50, unit, p10, p90)
}

func (a Assumptions) check() error {
	var errs []error
	if a.Paths < 1 {
		errs = append(errs, errors.New("assumption paths must be at least 1"))
	}
	if a.BacktestPaths < 1 {
		errs = append(errs, errors.New("assumption backtest_paths must be at least 1"))
	}
	if a.LedgerPaths < 1 {
		errs = append(errs, errors.New("assumption ledger_paths must be at least 1"))
	}
	if a.TargetSatellites < 1 {
		errs = append(errs, errors.New("assumption target_satellites must be positive"))
	}
	if a.Falcon9GrowthFitMonths < 3 {
		errs = append(errs, errors.New("assumption falcon9_growth_fit_months must be at least 3"))
	}
	if a.StarshipNeverShare < 0 || a.StarshipNeverShare > 1 {
		errs = append(errs, errors.New("assumption starship_never_share must be in [0, 1]"))
	}
	if _, err := time.Parse("2006-01", a.HorizonMonth); err != nil {
		errs = append(errs, fmt.Errorf("assumption horizon_month: %w", err))
	}
	if d, err := a.starshipDates(); err != nil {
		errs = append(errs, fmt.Errorf("assumptions starship_first_starlink_month_*: %w", err))
	} else if d.p10 > d.p50 || d.p50 > d.p90 {
		errs = append(errs, errors.New("assumptions starship_first_starlink_month_p10 <= p50 <= p90 do not hold"))
	}
	for _, q := range []struct {
		name          string
		p10, p50, p90 float64
	}{
		{"starship_ceiling_launches_per_month", a.StarshipCeilingLaunchesPerMonthP10, a.StarshipCeilingLaunchesPerMonthP50, a.StarshipCeilingLaunchesPerMonthP90},
		{"starship_satellites_per_launch", a.StarshipSatellitesPerLaunchP10, a.StarshipSatellitesPerLaunchP50, a.StarshipSatellitesPerLaunchP90},
	} {
		if !(q.p10 > 0) || q.p10 > q.p50 || q.p50 > q.p90 || math.IsInf(q.p90, 0) {
			errs = append(errs, fmt.Errorf("assumptions %s_p10/_p50/_p90 must be positive with p10 <= p50 <= p90 (got %g, %g, %g)", q.name, q.p10, q.p50, q.p90))
		}
	}
	return errors.Join(errs...)
}

// calibration widens the final forecast's intervals with the backtest's factors from all
// origins (the capacity method's): in orbit by months ahead, and the month a level is reached.
type calibration struct {
	inOrbit6, inOrbit12, inOrbit24, threshold, launches12 float64
}

func finalCalibration(factors map[string]float64) calibration {
	get := func(k string) float64 {
		if v, ok := factors[k]; ok {
			return v
		}
		return 1
	}
	return calibration{
		inOrbit6:   get(methodCapacity + "|" + targetInOrbit + "|6"),
		inOrbit12:  get(methodCapacity + "|" + targetInOrbit + "|12"),
		inOrbit24:  get(methodCapacity + "|" + targetInOrbit + "|24"),
		threshold:  get(methodCapacity + "|" + targetThreshold + "|0"),
		launches12: get(methodCapacity + "|" + targetLaunches12 + "|12"),
	}
}

// inOrbitFactor is the factor at t months ahead: 1 at 0, linear to the 6-, 12- and 24-month
// factors, then the 24-month factor.
func (c calibration) inOrbitFactor(t int) float64 {
	if c.inOrbit6 == 0 {
		return 1
	}
	x := float64(t)
	switch {
	case t <= 6:
		return 1 + (c.inOrbit6-1)*x/6
	case t <= 12:
		return c.inOrbit6 + (c.inOrbit12-c.inOrbit6)*(x-6)/6
	}
	return c.inOrbit12 + (c.inOrbit24-c.inOrbit12)*math.Min(1, (x-12)/12)
}

// widenInOrbit widens the monthly in-orbit bands: up to 24 months ahead P10..P90 is widened
// around P50 by the backtest's factor; beyond 24 months the backtest says nothing, so the
// extra width found at 24 months, as a share of that month's median, is carried forward
// (P10 - share x P50, P90 + share x P50) rather than multiplying the long-run spread, which
// comes from the assumptions (Starship's start, ceilings, lifetimes), not from what the
// backtest measured. The cumulative launches are widened the same way with the 12-month
// launches factor (linear from 1 to it over 12 months, then its share carried forward).
func widenInOrbit(rows []MonthlyRow, c calibration) {
	widenBands(rows, 24, c.inOrbitFactor, func(r *MonthlyRow) (*int, *int, *int) { return &r.InOrbitP10, &r.InOrbitP50, &r.InOrbitP90 })
	launches := func(t int) float64 { return 1 + (c.launches12-1)*math.Min(1, float64(t)/12) }
	if c.launches12 == 0 {
		launches = func(int) float64 { return 1 }
	}
	widenBands(rows, 12, launches, func(r *MonthlyRow) (*int, *int, *int) { return &r.CumLaunchesP10, &r.CumLaunchesP50, &r.CumLaunchesP90 })
}

func widenBands(rows []MonthlyRow, until int, factor func(int) float64, band func(*MonthlyRow) (*int, *int, *int)) {
	var loShare, hiShare float64
	for t := range rows {
		q10, q50, q90 := band(&rows[t])
		p10, p50, p90 := float64(*q10), float64(*q50), float64(*q90)
		var lo, hi float64
		if t <= until {
			f := factor(t)
			lo, hi = (f-1)*(p50-p10), (f-1)*(p90-p50)
			loShare, hiShare = lo/math.Max(1, p50), hi/math.Max(1, p50)
		} else {
			lo, hi = loShare*p50, hiShare*p50
		}
		*q10 = max(0, *q10-int(math.Round(lo)))
		*q90 += int(math.Round(hi))
	}
}

// summarise turns one scenario's paths into its answer fields and monthly rows.
func summarise(f *fitted, a Assumptions, o *simOut, cal calibration) (ScenarioResult, []MonthlyRow) {
	T, P := o.Months, o.Paths
	sr := ScenarioResult{SatellitesInOrbitAtAsOf: f.InOrbit, Target: a.TargetSatellites}
	nl := make([]int32, P)
	ns := make([]float64, P)
	copy(nl, o.NowcastLaunches)
	copy(ns, o.NowcastSats)
	slices.Sort(nl)
	slices.Sort(ns)
	sr.NowcastLaunchesP50 = int(quantileSorted(nl, 0.5))
	sr.NowcastSatellitesP50 = int(math.Round(quantileSorted(ns, 0.5)))

	firstAt := func(level int, strict bool) ([]int, []int) { return firstReach(f, o, level, strict) }
	monthPtr := func(m int) *time.Time {
		if m == never {
			return nil
		}
		t := monthStart(m)
		return &t
	}
	months, launches := firstAt(a.TargetSatellites, false)
	sr.ReachMonthP10, sr.ReachMonthP50, sr.ReachMonthP90 = reachMonths(months, f.AsOfMonth, T, cal.threshold)
	sr.LaunchesNeededP10, sr.LaunchesNeededP50, sr.LaunchesNeededP90 = launchesNeeded(launches)
	sr.ShareNeverReached = 1 - shareBy(months, math.MaxInt32/12-1)
	sr.ProbBy2030, sr.ProbBy2035, sr.ProbBy2040 = shareBy(months, 2030), shareBy(months, 2035), shareBy(months, 2040)

	for _, au := range []struct {
		name  string
		total int
	}{
		{"FCC Gen1 (" + a.AuthorisedFCCGen1Month + ")", a.AuthorisedFCCGen1},
		{"FCC Gen1 + partial Gen2 (" + a.AuthorisedFCCGen1Gen2Month + ")", a.AuthorisedFCCGen1Gen2},
		{"ITU filings, not FCC-authorised (" + a.ITUFilingsMonth + ")", a.ITUFilings},
	} {
		ms, _ := firstAt(au.total, true)
		n := 0
		for _, m := range ms {
			if m != never {
				n++
			}
		}
		sr.Authorised = append(sr.Authorised, AuthorisedShare{Name: au.name, Total: au.total,
			ShareExceeded: float64(n) / float64(P), ExceededMonthP50: monthPtr(quantileSorted(ms, 0.5))})
	}

	rows := make([]MonthlyRow, T)
	// Months are independent: split them over the cores, each worker with its own scratch.
	workers := max(1, min(runtime.GOMAXPROCS(0), T/16))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { summariseMonths(f, o, rows, w*T/workers, (w+1)*T/workers) })
	}
	wg.Wait()
	widenInOrbit(rows, cal)
	last := rows[T-1]
	sr.InOrbitAtHorizonP10, sr.InOrbitAtHorizonP50, sr.InOrbitAtHorizonP90 = last.InOrbitP10, last.InOrbitP50, last.InOrbitP90
	return sr, rows
}

// firstReach is, for every path of o, the month index in which it first reaches level (above
// it when strict) and its launches since the as-of date by then, each sorted; never for a path
// that does not reach it by the last month simulated.
func firstReach(f *fitted, o *simOut, level int, strict bool) (months, launches []int) {
	T, P := o.Months, o.Paths
	months, launches = make([]int, P), make([]int, P)
	for p := range P {
		months[p], launches[p] = never, never
		for t := range T {
			v := int(o.InOrbit[p*T+t])
			if v >= level && (!strict || v > level) {
				months[p], launches[p] = f.AsOfMonth+t, int(o.CumLaunches[p*T+t])
				break
			}
		}
	}
	slices.Sort(months)
	slices.Sort(launches)
	return months, launches
}

// reachMonths are the P10/P50/P90 of sorted first-reach months (nil: not reached by that
// percentile of paths), P10 and P90 widened around P50 by factor (when above 1 and P50 is
// reached); a P90 widened past the last of T months simulated from asOfMonth is nil. A widened
// P10 is never earlier than the earliest simulated path: the factor is learnt on crossings a
// few months to two years ahead, and stretched over a decade it would otherwise claim a
// crossing no path comes near (a 2023 origin's P10 in 2023, with 3,500 satellites in orbit).
func reachMonths(sorted []int, asOfMonth, T int, factor float64) (p10, p50, p90 *time.Time) {
	m10, m50, m90 := quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.9)
	if factor > 1 && m50 != never {
		if m10 != never {
			m10 = max(asOfMonth, sorted[0], m50-int(math.Round(factor*float64(m50-m10))))
		}
		if m90 != never {
			m90 = m50 + int(math.Round(factor*float64(m90-m50)))
			if m90 > asOfMonth+T-1 {
				m90 = never
			}
		}
	}
	ptr := func(m int) *time.Time {
		if m == never {
			return nil
		}
		t := monthStart(m)
		return &t
	}
	return ptr(m10), ptr(m50), ptr(m90)
}

// launchesNeeded are the P10/P50/P90 of sorted launches until the target (nil: never).
func launchesNeeded(sorted []int) (p10, p50, p90 *int) {
	ptr := func(n int) *int {
		if n == never {
			return nil
		}
		return &n
	}
	return ptr(quantileSorted(sorted, 0.1)), ptr(quantileSorted(sorted, 0.5)), ptr(quantileSorted(sorted, 0.9))
}

// shareBy is the share of sorted first-reach months at or before December of year.
func shareBy(sorted []int, year int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	n, _ := slices.BinarySearch(sorted, year*12+12)
	return float64(n) / float64(len(sorted))
}

// summariseMonths fills rows[from:to] with the quantiles over paths of each month.
func summariseMonths(f *fitted, o *simOut, rows []MonthlyRow, from, to int) {
	T, P := o.Months, o.Paths
	io := make([]int32, P)
	cl := make([]int32, P)
	fl := make([]float64, P)
	for t := from; t < to; t++ {
		row := MonthlyRow{Month: monthStart(f.AsOfMonth + t)}
		for p := range P {
			io[p] = o.InOrbit[p*T+t]
		}
		p10, p50, p90 := quantiles3(io)
		row.InOrbitP10, row.InOrbitP50, row.InOrbitP90 = int(p10), int(p50), int(p90)
		for p := range P {
			cl[p] = o.CumLaunches[p*T+t]
		}
		p10, p50, p90 = quantiles3(cl)
		row.CumLaunchesP10, row.CumLaunchesP50, row.CumLaunchesP90 = int(p10), int(p50), int(p90)
		med := func(src []int32) float64 {
			for p := range P {
				io[p] = src[p*T+t]
			}
			return medianInt(io)
		}
		medf := func(src []float32) float64 {
			for p := range P {
				fl[p] = float64(src[p*T+t])
			}
			return math.Round(medianSelect(fl))
		}
		row.LaunchesFalcon9P50, row.LaunchesStarshipP50 = med(o.F9), med(o.SS)
		row.SatellitesLaunchedP50, row.SatellitesRetiredP50 = medf(o.Launched), medf(o.Retired)
		rows[t] = row
	}
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// roundLaunches rounds a launch count sensibly: to 10 from 100, to 50 from 1,000.
func roundLaunches(n int) string {
	switch {
	case n >= 1000:
		return thousands(int(math.Round(float64(n)/50)) * 50)
	case n >= 100:
		return thousands(int(math.Round(float64(n)/10)) * 10)
	}
	return thousands(n)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func monthText(t *time.Time) string {
	if t == nil {
		return "not by the horizon"
	}
	return t.Format("Jan 2006")
}

// answer is the scenario's one plain sentence.
func answer(sr ScenarioResult, f *fitted, a Assumptions, horizon time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, conditional on %s: ", sr.Label, sr.ConditionalOn)
	target := thousands(sr.Target)
	if sr.ReachMonthP50 != nil {
		fmt.Fprintf(&b, "%s satellites in orbit first in %s (P10 %s, P90 %s), after about %s launches",
			target, monthText(sr.ReachMonthP50), monthText(sr.ReachMonthP10), monthText(sr.ReachMonthP90),
			roundLaunches(*sr.LaunchesNeededP50))
		// The range only when it says more than the rounded median.
		if lo, hi := roundLaunches(*sr.LaunchesNeededP10), launchesOrNever(sr.LaunchesNeededP90); lo != hi {
			fmt.Fprintf(&b, " (P10–P90 %s–%s)", lo, hi)
		}
	} else {
		fmt.Fprintf(&b, "%s satellites in orbit not reached by %s in %s of paths", target, horizon.Format("Jan 2006"), pct(sr.ShareNeverReached))
		if sr.ReachMonthP10 != nil {
			fmt.Fprintf(&b, " (the earliest 10%% reach it by %s)", monthText(sr.ReachMonthP10))
		}
		fmt.Fprintf(&b, "; %s in orbit then (P10–P90 %s–%s)", thousands(sr.InOrbitAtHorizonP50),
			thousands(sr.InOrbitAtHorizonP10), thousands(sr.InOrbitAtHorizonP90))
	}
	fmt.Fprintf(&b, "; chance by 2035 %s", pct(sr.ProbBy2035))
	// How the target relates to what is authorised: the largest FCC total.
	for _, au := range sr.Authorised {
		if au.Total == a.AuthorisedFCCGen1Gen2 {
			fmt.Fprintf(&b, "; the FCC-authorised %s (%s) is exceeded in %s of paths", thousands(au.Total), a.AuthorisedFCCGen1Gen2Month, pct(au.ShareExceeded))
			if au.ExceededMonthP50 != nil {
				fmt.Fprintf(&b, " (median %s)", au.ExceededMonthP50.Format("Jan 2006"))
			}
		}
	}
	fmt.Fprintf(&b, ". Data as of %s (the data ends then)", f.AsOf.Format("2 Jan 2006"))
	if f.AsOf.Sub(f.SatellitesAsOf) > 14*24*time.Hour {
		fmt.Fprintf(&b, "; its satellite data ends %s, with %s satellites in orbit then", f.SatellitesAsOf.Format("2 Jan 2006"), thousands(sr.SatellitesInOrbitAtAsOf))
	} else {
		fmt.Fprintf(&b, ": %s satellites in orbit", thousands(sr.SatellitesInOrbitAtAsOf))
	}
	if sr.NowcastLaunchesP50 > 0 {
		fmt.Fprintf(&b, ", plus about %d launches (%s satellites) not yet in the satellite data", sr.NowcastLaunchesP50, thousands(sr.NowcastSatellitesP50))
	}
	if sr.IsNaive {
		b.WriteString("; for comparison only, not a forecast")
	}
	b.WriteString(".")
	return b.String()
}

func launchesOrNever(n *int) string {
	if n == nil {
		return "not reached"
	}
	return roundLaunches(*n)
}

// estimates lists what the engine fitted, for the report.
func estimates(f *fitted, a Assumptions, overall *simOut, factors map[string]float64, rows []BacktestRow) []Estimate {
	fp := func(x float64) *float64 { return &x }
	var es []Estimate
	add := func(name string, v float64, p10, p90 *float64, unit, desc string) {
		es = append(es, Estimate{Name: name, Value: v, P10: p10, P90: p90, Unit: unit, Description: desc})
	}
	lvl := f.LevelShape / f.LevelRate
	q := func(p float64) *float64 { return fp(gammaQuantile(f.LevelShape, f.LevelRate, p)) }
	add("falcon9_launches_per_month_now", lvl, q(0.1), q(0.9), "launches/month",
		fmt.Sprintf("Falcon 9 Starlink regime: mean of %d of the last %d full months (stand-down months left out), Gamma posterior P10/P90.", f.LevelKept, f.LevelWindow))
	add("falcon9_growth_time_constant_months", f.GrowthTau, nil, nil, "months",
		fmt.Sprintf("Fitted on the last %d full months: the Falcon 9 rate approaches its ceiling (%.1f/month) as C + (level - C) exp(-t / this).", a.Falcon9GrowthFitMonths, a.Falcon9CeilingLaunchesPerMonth))
	add("falcon9_launches_per_month_trailing12", f.Trailing12, nil, nil, "launches/month", "Trailing 12-month mean (the old method's cadence).")
	add("falcon9_standdown_probability", f.StanddownProb, nil, nil, "per month",
		fmt.Sprintf("Monthly chance of a stand-down: %d stand-down months in the history.", f.Standdowns))
	add("falcon9_standdown_depth", f.StanddownDepth, nil, nil, "fraction of the level", "Launches in a stand-down month relative to the trailing median.")
	add("falcon9_satellites_per_launch_now", f.SatsPerLaunch, fp(f.SatsPerLaunch-1.2816*f.SatsPerLaunchSE), fp(f.SatsPerLaunch+1.2816*f.SatsPerLaunchSE),
		"satellites/launch", fmt.Sprintf("Mean of %d launches in the last %d months.", f.SatsPerLaunchN, a.Falcon9SatellitesWindowMonths))
	add("falcon9_satellites_per_launch_trailing12", f.SatsTrailing12, nil, nil, "satellites/launch", "Trailing 12-month mean (the old method).")
	add("satellites_in_orbit_at_as_of", float64(f.InOrbit), nil, nil, "satellites", "In orbit at the as-of date according to the history.")
	add("satellite_data_days_before_as_of", f.AsOf.Sub(f.SatellitesAsOf).Hours()/24, nil, nil, "days",
		"The satellite data's last event before the as-of date: satellites in orbit are known to be there until then, and retire by the hazards after it.")
	add("last_catalogued_launch_days_before_as_of", f.AsOf.Sub(f.LastCatalogued).Hours()/24, nil, nil, "days",
		"The nowcast simulates launches between the last catalogued launch and the as-of date.")
	hm := f.Hazards
	for g, gl := range hm.Gens {
		var d, e float64
		for b := range gl.Exposure {
			d += gl.Events[b]
			e += gl.Exposure[b]
		}
		if e == 0 {
			continue
		}
		add("hazard_"+gl.Name+"_annual_loss_all_ages", 1-math.Exp(-12*d/e), nil, nil, "share/year",
			fmt.Sprintf("Generation %s: %.0f re-entries in %.0f satellite-years.", gl.Name, d, e/12))
		for b := range gl.Exposure {
			if gl.Exposure[b] < hm.MinExposure {
				continue
			}
			rate := gl.Events[b] / gl.Exposure[b]
			add(fmt.Sprintf("hazard_%s_age_%02d_%02d_months", gl.Name, b*int(hm.Width), (b+1)*int(hm.Width)), 1-math.Exp(-12*rate), nil, nil, "share/year",
				fmt.Sprintf("Life table: %.0f re-entries in %.0f satellite-months (generation %d).", gl.Events[b], gl.Exposure[b], g))
		}
	}
	do := hm.Deorbit
	ident := "identified by the data"
	if !do.Identified {
		ident = "not identified by the data: design-life assumption used"
	}
	add("deorbit_mean_age_months", do.Mu, fp(do.Mu-1.2816*do.MuSE), fp(do.Mu+1.2816*do.MuSE), "months",
		fmt.Sprintf("Planned de-orbit: normal age fitted by censored MLE on generation %s (%d satellites, oldest %.0f months, LR %.1f): %s.", do.Generation, do.N, do.MaxObservedAge, do.LRStatistic, ident))
	add("deorbit_sd_months", do.Sigma, nil, nil, "months", "Spread of the planned de-orbit age.")
	add("deorbit_background_annual_loss", 1-math.Exp(-12*do.Background), nil, nil, "share/year", "Background hazard under the de-orbit model (ages past the fit's minimum age).")
	add("deorbit_identified", b2f(do.Identified), nil, nil, "1 = yes", "Whether the data identifies the planned de-orbit age.")
	if overall != nil {
		l := slices.Clone(overall.FleetLoss12)
		slices.Sort(l)
		q10, q50, q90 := quantileSorted(l, 0.1), quantileSorted(l, 0.5), quantileSorted(l, 0.9)
		fct := 1.0
		if v, ok := factors[methodCapacity+"|"+targetFleetLosses+"|12"]; ok {
			fct = v
		}
		add("expected_first_year_losses_of_as_of_fleet", math.Round(q50), fp(math.Round(math.Max(0, q50-fct*(q50-q10)))), fp(math.Round(q50+fct*(q90-q50))),
			"satellites", fmt.Sprintf("Satellites of the fleet in orbit at the as-of date expected to re-enter in the next 12 months (overall scenario's paths; simulated P10-P90 %.0f-%.0f widened by the backtest's factor %.2f).", q10, q90, fct))
	}
	// First-year losses of the as-of fleet by generation, at the posterior means (no draws).
	var ph pathHazards
	hm.draw(nil, 1, &ph)
	lost := make([]float64, len(hm.Gens))
	alive := make([]float64, len(hm.Gens))
	for _, c := range f.Cohorts {
		s0 := interp(ph.S[c.Gen], c.AgeKnown)
		alive[c.Gen] += c.N
		if s0 > 0 {
			lost[c.Gen] += c.N * (interp(ph.S[c.Gen], c.Age) - interp(ph.S[c.Gen], c.Age+12)) / s0
		}
	}
	for g, gl := range hm.Gens {
		if alive[g] == 0 {
			continue
		}
		add("expected_first_year_losses_"+gl.Name, math.Round(lost[g]), nil, nil, "satellites",
			fmt.Sprintf("Of the %.0f %s satellites in orbit at the as-of date, expected to re-enter in 12 months (posterior-mean hazards; %.0f%%).", alive[g], gl.Name, 100*lost[g]/alive[g]))
	}
	keys := make([]string, 0, len(factors))
	for k := range factors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add("calibration_"+strings.ReplaceAll(k, "|", "_"), factors[k], nil, nil, "factor",
			"Interval widening from all backtest origins (P10..P90 around P50); the capacity method's in_orbit, threshold_crossing and launches_next_12m factors widen the final forecast.")
	}
	add("backtest_rows", float64(len(rows)), nil, nil, "rows", "Scored backtest forecasts.")
	return es
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// gammaQuantile inverts the Gamma(shape, rate) distribution by bisection on its CDF (series
// of the regularised lower incomplete gamma function).
func gammaQuantile(shape, rate, p float64) float64 {
	cdf := func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		lg, _ := math.Lgamma(shape)
		if x > shape+1 { // continued fraction for the upper tail
			b := x + 1 - shape
			c := 1 / 1e-300
			d := 1 / b
			hh := d
			for i := 1; i < 500; i++ {
				an := -float64(i) * (float64(i) - shape)
				b += 2
				d = an*d + b
				if math.Abs(d) < 1e-300 {
					d = 1e-300
				}
				c = b + an/c
				if math.Abs(c) < 1e-300 {
					c = 1e-300
				}
				d = 1 / d
				del := d * c
				hh *= del
				if math.Abs(del-1) < 1e-12 {
					break
				}
			}
			return 1 - math.Exp(-x+shape*math.Log(x)-lg)*hh
		}
		sum, term := 1/shape, 1/shape
		for n := 1; n < 500; n++ {
			term *= x / (shape + float64(n))
			sum += term
			if term < sum*1e-14 {
				break
			}
		}
		return sum * math.Exp(-x+shape*math.Log(x)-lg)
	}
	lo, hi := 0.0, shape/rate*10+10/rate
	for range 100 {
		mid := (lo + hi) / 2
		if cdf(mid*rate) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// The backtest of the question: rolling origins (month ends), each run on History.Cut(origin)
// only, scored against what the full history shows afterwards.

var backtestMethods = []string{methodCapacity, methodFlatPooled, methodNaive}

// Backtest targets.
const (
	targetInOrbit       = "in_orbit"
	targetLaunches12    = "launches_next_12m"
	targetSatsPerLaunch = "satellites_per_launch_next_12m"
	targetFleetLosses   = "fleet_losses_next_12m"
	targetThreshold     = "threshold_crossing"
)

// actuals are the full history's observed series by month index.
type actuals struct {
	first, lastFull int
	inOrbit         []int // at the month's end
	launches        []int // Falcon 9 launches in the month
	satsKnown       []int // satellites of launches with a known count, in the month
	launchesKnown   []int // launches with a known count, in the month
	h               History
}

func newActuals(h History, f *fitted) *actuals {
	n := f.AsOfMonth - f.FirstLaunchMonth + 1
	ac := &actuals{first: f.FirstLaunchMonth, lastFull: f.LastFullMonth, inOrbit: make([]int, n),
		launches: slices.Clone(f.MonthlyLaunches), satsKnown: make([]int, n), launchesKnown: make([]int, n), h: h}
	up, down := make([]int, n), make([]int, n)
	perKey := map[string]int{}
	for _, s := range h.Satellites {
		perKey[s.LaunchKey]++
		up[monthIndex(s.LaunchDate)-ac.first]++
		if s.DecayDate != nil && !s.DecayDate.After(f.AsOf) {
			down[monthIndex(*s.DecayDate)-ac.first]++
		}
	}
	c := 0
	for i := range n {
		c += up[i] - down[i]
		ac.inOrbit[i] = c
	}
	for _, l := range h.Launches {
		if l.Vehicle == Starship {
			continue
		}
		k := -1
		if l.Satellites != nil {
			k = *l.Satellites
		} else if l.InCatalogue {
			k = perKey[l.Key]
		}
		if k > 0 {
			i := monthIndex(l.Date) - ac.first
			ac.satsKnown[i] += k
			ac.launchesKnown[i]++
		}
	}
	return ac
}

func (ac *actuals) at(s []int, m int) int { return s[m-ac.first] }

// fleetLosses counts the satellites in orbit at the end of month m that re-entered by the end
// of month m+12.
func (ac *actuals) fleetLosses(m int) int {
	o, e := monthLastDay(m), monthLastDay(m+12)
	n := 0
	for _, s := range ac.h.Satellites {
		if s.LaunchDate.After(o) || s.DecayDate == nil {
			continue
		}
		if s.DecayDate.After(o) && !s.DecayDate.After(e) {
			n++
		}
	}
	return n
}

// scored is one backtest row before calibration, with its path samples.
type scored struct {
	row      BacktestRow
	samples  []float64 // sorted
	resolved int       // month index by which the target was observed
}

// backtest runs every origin and method; it returns the rows, the calibration factors from all
// origins (method|target|horizon -> factor) for the final forecast, and the ledger: the
// headline's answer at each origin.
func backtest(ctx context.Context, h History, f *fitted, a Assumptions) ([]BacktestRow, map[string]float64, []LedgerRow, error) {
	ac := newActuals(h, f)
	var all []scored
	var ledger []originAnswer
	start := f.HistoryStartMonth + a.BacktestMinHistoryMonths - 1
	step := max(1, a.BacktestIntervalMonths)
	T := max(25, a.BacktestHorizonMonths+1)
	for m := start; m+6 <= ac.lastFull; m += step {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		origin := monthLastDay(m)
		hc := h.Cut(origin)
		fc, err := fit(hc, a)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("backtest origin %s: %w", origin.Format("2006-01-02"), err)
		}
		for mi, method := range backtestMethods {
			out, err := simulate(ctx, fc, a, simSpec{Method: method, Months: T, Paths: a.BacktestPaths,
				Seed: a.Seed, Scenario: 100 + mi, NoGap: true})
			if err != nil {
				return nil, nil, nil, err
			}
			all = append(all, scoreOrigin(ac, fc, out, m, method, a)...)
		}
		oa, err := answerAt(ctx, fc, a)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("backtest origin %s: the headline: %w", origin.Format("2006-01-02"), err)
		}
		ledger = append(ledger, oa)
	}
	rows := make([]BacktestRow, 0, len(all))
	for i := range all {
		s := &all[i]
		fct := calibrationFactor(all, s, a.BacktestCalibrationMinOrigins, false)
		s.row.CalibrationFactor = fct
		finish(s, fct)
		rows = append(rows, s.row)
	}
	final := map[string]float64{}
	for i := range all {
		k := calKey(all[i].row)
		if _, ok := final[k]; !ok {
			final[k] = calibrationFactor(all, &all[i], a.BacktestCalibrationMinOrigins, true)
		}
	}
	thresholdKey := calKey(BacktestRow{Method: methodCapacity, Target: targetThreshold})
	rowsL := make([]LedgerRow, 0, len(ledger))
	for _, oa := range ledger {
		fct := calibrationFactorAt(all, thresholdKey, oa.row.Origin, a.BacktestCalibrationMinOrigins, false)
		rowsL = append(rowsL, oa.widened(fct))
	}
	return rows, final, rowsL, nil
}

// ledgerScenario seeds the ledger's paths: the overall scenario's (3rd in RunWith), so that
// every origin and the run itself draw the same random numbers per path (common random
// numbers: the answer moves with the data, not with the draws).
const ledgerScenario = 3

// originAnswer is the headline at one origin before its reach month is widened.
type originAnswer struct {
	row     LedgerRow
	months  []int // sorted first-reach months, never for paths that do not reach the target
	asOf, T int
}

// answerAt runs the headline (overall) scenario at a backtest origin on its cut history fc,
// to the run's horizon with a.LedgerPaths paths: what the answer would have been then. Like the
// backtest's methods it simulates no catalogue gap (the cut history is complete).
func answerAt(ctx context.Context, fc *fitted, a Assumptions) (originAnswer, error) {
	horizon, err := time.Parse("2006-01", a.HorizonMonth)
	if err != nil {
		return originAnswer{}, fmt.Errorf("assumption horizon_month: %w", err)
	}
	T := monthIndex(horizon) - fc.AsOfMonth + 1
	if T < 1 {
		return originAnswer{}, fmt.Errorf("horizon_month %s is before the origin", a.HorizonMonth)
	}
	out, err := simulate(ctx, fc, a, simSpec{Method: methodCapacity, Starship: starshipDrawn, Months: T,
		Paths: a.LedgerPaths, Seed: a.Seed, Scenario: ledgerScenario, NoGap: true})
	if err != nil {
		return originAnswer{}, err
	}
	months, launches := firstReach(fc, out, a.TargetSatellites, false)
	r := LedgerRow{Origin: fc.AsOf, SatellitesInOrbit: fc.InOrbit, Target: a.TargetSatellites,
		ShareNeverReached: 1 - shareBy(months, math.MaxInt32/12-1), ProbBy2035: shareBy(months, 2035)}
	r.LaunchesNeededP10, r.LaunchesNeededP50, r.LaunchesNeededP90 = launchesNeeded(launches)
	return originAnswer{row: r, months: months, asOf: fc.AsOfMonth, T: T}, nil
}

// widened is the origin's ledger row with its reach month's P10..P90 widened by fct.
func (oa originAnswer) widened(fct float64) LedgerRow {
	r := oa.row
	r.CalibrationFactor = fct
	r.ReachMonthP10, r.ReachMonthP50, r.ReachMonthP90 = reachMonths(oa.months, oa.asOf, oa.T, fct)
	return r
}

func calKey(r BacktestRow) string {
	return fmt.Sprintf("%s|%s|%d", r.Method, r.Target, r.HorizonMonths)
}

// calibrationFactor is the widening of P10..P90 around P50 that would have covered 80% of the
// earlier rows of the same method, target and horizon whose targets were observed by s's
// origin (final: every row), at least minN of them (else 1); between 1 and 10.
func calibrationFactor(all []scored, s *scored, minN int, final bool) float64 {
	return calibrationFactorAt(all, calKey(s.row), s.row.Origin, minN, final)
}

// calibrationFactorAt is calibrationFactor for the rows of key as known at origin (final:
// every row, whatever the origin).
func calibrationFactorAt(all []scored, key string, origin time.Time, minN int, final bool) float64 {
	byMonth := math.MaxInt
	if !final {
		byMonth = monthIndex(origin)
	}
	var need []float64
	for i := range all {
		e := &all[i]
		if calKey(e.row) != key || e.resolved > byMonth {
			continue
		}
		if !final && !e.row.Origin.Before(origin) {
			continue
		}
		r := e.row
		y := r.Actual
		var ratio float64
		switch {
		case y >= r.PredictedP50 && r.PredictedP90 > r.PredictedP50:
			ratio = (y - r.PredictedP50) / (r.PredictedP90 - r.PredictedP50)
		case y < r.PredictedP50 && r.PredictedP50 > r.PredictedP10:
			ratio = (r.PredictedP50 - y) / (r.PredictedP50 - r.PredictedP10)
		case y == r.PredictedP50:
			ratio = 0
		default:
			ratio = 10
		}
		need = append(need, ratio)
	}
	if len(need) < max(1, minN) {
		return 1
	}
	slices.Sort(need)
	return math.Max(1, math.Min(10, quantileSorted(need, 0.8)))
}

// finish widens the row's samples by fct around the median and scores them.
func finish(s *scored, fct float64) {
	r := &s.row
	med := r.PredictedP50
	w := make([]float64, len(s.samples))
	for i, x := range s.samples {
		w[i] = med + fct*(x-med)
	}
	r.PredictedP10 = quantileSorted(w, 0.1)
	r.PredictedP90 = quantileSorted(w, 0.9)
	r.CRPS = crpsSorted(w, r.Actual)
	r.IntervalScore = intervalScore(r.PredictedP10, r.PredictedP90, r.Actual, 0.2)
	r.IsCovered = r.Actual >= r.PredictedP10 && r.Actual <= r.PredictedP90
}

// scoreOrigin makes the rows of one origin and method (raw quantiles; calibration later).
func scoreOrigin(ac *actuals, fc *fitted, out *simOut, m int, method string, a Assumptions) []scored {
	T, P := out.Months, out.Paths
	origin := monthLastDay(m)
	histMonths := fc.HistoryMonths
	var rows []scored
	add := func(target string, horizon, threshold int, vals []float64, actual float64, resolved int) {
		slices.Sort(vals)
		rows = append(rows, scored{samples: vals, resolved: resolved, row: BacktestRow{
			Origin: origin, HistoryMonths: histMonths, Method: method, Target: target,
			HorizonMonths: horizon, Threshold: threshold, Actual: actual,
			PredictedP10: quantileSorted(vals, 0.1), PredictedP50: quantileSorted(vals, 0.5),
			PredictedP90: quantileSorted(vals, 0.9), CalibrationFactor: 1}})
	}
	col := func(get func(p int) float64) []float64 {
		v := make([]float64, P)
		for p := range P {
			v[p] = get(p)
		}
		return v
	}
	for _, hz := range []int{6, 12, 24} {
		if m+hz > ac.lastFull || hz >= T {
			continue
		}
		add(targetInOrbit, hz, 0, col(func(p int) float64 { return float64(out.InOrbit[p*T+hz]) }),
			float64(ac.at(ac.inOrbit, m+hz)), m+hz)
	}
	if m+12 <= ac.lastFull {
		var launches, sats, known float64
		for k := m + 1; k <= m+12; k++ {
			launches += float64(ac.at(ac.launches, k))
			sats += float64(ac.at(ac.satsKnown, k))
			known += float64(ac.at(ac.launchesKnown, k))
		}
		add(targetLaunches12, 12, 0, col(func(p int) float64 {
			return float64(out.CumLaunches[p*T+12] - out.CumLaunches[p*T])
		}), launches, m+12)
		if known > 0 {
			add(targetSatsPerLaunch, 12, 0, col(func(p int) float64 {
				var s, n float64
				for t := 1; t <= 12; t++ {
					s += float64(out.Launched[p*T+t])
					n += float64(out.F9[p*T+t] + out.SS[p*T+t])
				}
				if n == 0 {
					return fc.SatsPerLaunch
				}
				return s / n
			}), sats/known, m+12)
		}
		add(targetFleetLosses, 12, 0, col(func(p int) float64 { return out.FleetLoss12[p] }),
			float64(ac.fleetLosses(m)), m+12)
	}
	step := a.BacktestThresholdStep
	if step > 0 {
		now := ac.at(ac.inOrbit, m)
		for thr := (now/step + 1) * step; ; thr += step {
			cross := -1
			for k := m + 1; k <= ac.lastFull; k++ {
				if ac.at(ac.inOrbit, k) >= thr {
					cross = k
					break
				}
			}
			if cross < 0 {
				break
			}
			add(targetThreshold, 0, thr, col(func(p int) float64 {
				for t := 1; t < T; t++ {
					if int(out.InOrbit[p*T+t]) >= thr {
						return float64(t)
					}
				}
				return float64(T)
			}), float64(cross-m), cross)
		}
	}
	return rows
}

package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"
)

// Methods of simulation: the engine's (capacity) and the two it is compared with.
const (
	methodCapacity   = "capacity"
	methodFlatPooled = "flat_pooled"
	methodNaive      = "naive"
)

// Starship modes of a scenario.
const (
	starshipNever = iota
	starshipFixed
	starshipDrawn
)

// simSpec says what to simulate from a fitted history.
type simSpec struct {
	Method        string
	Starship      int
	StarshipFixed int // month index, for starshipFixed
	Months        int // month ends simulated: the as-of month is month 0
	Paths         int
	Seed          int64
	Scenario      int
	// NoGap: do not simulate launches between the last known launch and the as-of date (a
	// backtest origin's cut history is complete up to the origin; no catalogue lag to fill).
	NoGap bool
}

// simOut holds every path's monthly values, path-major (index p*Months+t).
type simOut struct {
	Months, Paths int
	InOrbit       []int32
	CumLaunches   []int32
	F9, SS        []int32
	Launched      []float32
	Retired       []float32
	// Per path: the expected losses of the fleet in orbit at the as-of date in its first
	// 12 months, the nowcast launches and their satellites, Starship's first month (-1 none).
	FleetLoss12     []float64
	NowcastLaunches []int32
	NowcastSats     []float64
	StarshipStart   []int
}

// starshipStartMonth draws the month index of Starship's first Starlink launch (-1: never).
func starshipStartMonth(r *rand.Rand, a Assumptions, p10, p50, p90 int) int {
	if r.Float64() < a.StarshipNeverShare {
		return -1
	}
	z := r.NormFloat64()
	scale := float64(p50-p10) / 1.2816
	if z > 0 {
		scale = float64(p90-p50) / 1.2816
	}
	return p50 + int(math.Round(z*scale))
}

// splitLognormal is the value at standard normal z of the split (two-piece) lognormal whose
// 10th, 50th and 90th percentiles are p10, p50 and p90: p50 x exp(z x s), s = ln(p50/p10)/1.2816
// below the median and ln(p90/p50)/1.2816 above it. p10 = p50 = p90 is a fixed value.
func splitLognormal(z, p10, p50, p90 float64) float64 {
	if z < 0 {
		return p50 * math.Exp(z*math.Log(p50/p10)/1.2816)
	}
	return p50 * math.Exp(z*math.Log(p90/p50)/1.2816)
}

type starshipDates struct{ p10, p50, p90 int }

func (a Assumptions) starshipDates() (starshipDates, error) {
	var d starshipDates
	for _, s := range []struct {
		v   string
		dst *int
	}{{a.StarshipFirstStarlinkMonthP10, &d.p10}, {a.StarshipFirstStarlinkMonthP50, &d.p50}, {a.StarshipFirstStarlinkMonthP90, &d.p90}} {
		t, err := time.Parse("2006-01", s.v)
		if err != nil {
			return d, err
		}
		*s.dst = monthIndex(t)
	}
	return d, nil
}

// simulate runs sp.Paths paths of f, in parallel over paths; each path has its own generator
// seeded from (seed, scenario, path), so the numbers do not depend on scheduling.
func simulate(ctx context.Context, f *fitted, a Assumptions, sp simSpec) (*simOut, error) {
	T, P := sp.Months, sp.Paths
	o := &simOut{Months: T, Paths: P,
		InOrbit: make([]int32, P*T), CumLaunches: make([]int32, P*T), F9: make([]int32, P*T), SS: make([]int32, P*T),
		Launched: make([]float32, P*T), Retired: make([]float32, P*T),
		FleetLoss12: make([]float64, P), NowcastLaunches: make([]int32, P), NowcastSats: make([]float64, P),
		StarshipStart: make([]int, P)}
	ss, err := a.starshipDates()
	if err != nil {
		return nil, err
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), P/50))
	var wg sync.WaitGroup
	next := make(chan int, P)
	for p := range P {
		next <- p
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newPathWork(f, T)
			for p := range next {
				if ctx.Err() != nil {
					return
				}
				w.run(f, a, sp, ss, o, p)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return o, nil
}

// pathWork is one worker's scratch space.
type pathWork struct {
	hz       pathHazards
	launched []float64
	snew     []float64 // survival of new satellites by months since launch
	inorbit  []float64
	growth   []float64 // exp(-t_mid / tau) per month
	e0       float64
	frac0    float64
}

func newPathWork(f *fitted, T int) *pathWork {
	last := monthLastDay(f.AsOfMonth)
	e0 := float64(last.Sub(f.AsOf).Hours()/24) / daysPerMonth
	days := float64(last.Day())
	oldest := 0.0
	for _, c := range f.Cohorts {
		oldest = math.Max(oldest, c.Age)
	}
	w := &pathWork{launched: make([]float64, T), snew: make([]float64, T), inorbit: make([]float64, T),
		e0: e0, frac0: e0 * daysPerMonth / days}
	w.hz.Upto = min(f.Hazards.MaxAge, int(oldest+e0)+T+2)
	w.growth = make([]float64, T)
	for t := range T {
		tmid := e0 + float64(t) - 0.5
		if t == 0 {
			tmid = e0 / 2
		}
		w.growth[t] = math.Exp(-tmid / math.Max(1e-9, f.GrowthTau))
	}
	return w
}

func (w *pathWork) run(f *fitted, a Assumptions, sp simSpec, ss starshipDates, o *simOut, p int) {
	r := newPathRand(sp.Seed, sp.Scenario, p)
	T := sp.Months
	// The path's parameters.
	var level, ceiling, sats float64
	retire := sp.Method != methodNaive
	youngest := len(f.Hazards.Gens) - 1
	switch sp.Method {
	case methodCapacity:
		level = gammaRand(r, f.LevelShape, f.LevelRate)
		ceiling = a.Falcon9CeilingLaunchesPerMonth * math.Exp(a.Falcon9CeilingUncertainty*r.NormFloat64())
		sats = f.SatsPerLaunch + f.SatsPerLaunchSE*r.NormFloat64()
		sats = math.Max(1, math.Min(f.SatsPerLaunchMax, sats))
		mult := math.Exp(a.LifetimeUncertainty * r.NormFloat64())
		f.Hazards.draw(r, mult, &w.hz)
	default:
		n := float64(f.Trailing12N)
		level = gammaRand(r, f.Trailing12*n+0.5, n)
		sats = f.SatsTrailing12
		if sp.Method == methodFlatPooled {
			w.pooledTables(f)
		}
	}
	start := -1
	switch sp.Starship {
	case starshipFixed:
		start = sp.StarshipFixed
	case starshipDrawn:
		start = starshipStartMonth(r, a, ss.p10, ss.p50, ss.p90)
	}
	if start >= 0 {
		start = max(start, f.AsOfMonth+1)
	}
	o.StarshipStart[p] = start
	// Starship's ceiling and satellites per launch, per path (drawn whenever the scenario has
	// Starship, so that the path's later draws do not depend on whether it flies).
	var ssCeiling, ssSats float64
	if sp.Starship != starshipNever {
		ssCeiling = splitLognormal(r.NormFloat64(), a.StarshipCeilingLaunchesPerMonthP10, a.StarshipCeilingLaunchesPerMonthP50, a.StarshipCeilingLaunchesPerMonthP90)
		ssSats = splitLognormal(r.NormFloat64(), a.StarshipSatellitesPerLaunchP10, a.StarshipSatellitesPerLaunchP50, a.StarshipSatellitesPerLaunchP90)
	}

	// Nowcast: launches the catalogue does not list yet.
	var nowL int
	var nowS float64
	for _, k := range f.Known {
		nowL++
		if k.Satellites >= 0 {
			nowS += float64(k.Satellites)
		} else {
			nowS += sats
		}
	}
	if f.GapMonths > 0 && !sp.NoGap {
		n := poissonRand(r, level*f.GapMonths) // the current regime
		nowL += n
		nowS += float64(n) * sats
	}
	o.NowcastLaunches[p], o.NowcastSats[p] = int32(nowL), nowS

	// Inflow.
	base := p * T
	cum := int32(nowL)
	for t := range T {
		frac := 1.0
		if t == 0 {
			frac = w.frac0
		}
		rateF9 := level
		if sp.Method == methodCapacity {
			rateF9 = ceiling + (level-ceiling)*w.growth[t]
		}
		var rateSS float64
		if m := f.AsOfMonth + t; start >= 0 && m >= start {
			ramp := math.Min(1, float64(m-start+1)/math.Max(1, a.StarshipRampMonths))
			rateSS = ssCeiling * ramp
			rateF9 *= 1 - a.Falcon9TaperAfterStarship*ramp
		}
		if sp.Method == methodCapacity && r.Float64() < f.StanddownProb {
			rateF9 *= f.StanddownDepth
		}
		nF9 := poissonRand(r, rateF9*frac)
		nSS := poissonRand(r, rateSS*frac)
		cum += int32(nF9 + nSS)
		o.F9[base+t], o.SS[base+t], o.CumLaunches[base+t] = int32(nF9), int32(nSS), cum
		w.launched[t] = float64(nF9)*sats + float64(nSS)*ssSats
		if t == 0 {
			w.launched[t] += nowS
		}
		o.Launched[base+t] = float32(w.launched[t])
	}

	// Outflow: the existing fleet by cohort, conditional on its age; new satellites by the
	// convolution of inflow with the youngest generation's survival.
	clear(w.inorbit)
	var n0 float64
	for _, c := range f.Cohorts {
		n0 += c.N
		if !retire {
			for t := range T {
				w.inorbit[t] += c.N
			}
			continue
		}
		g := c.Gen
		if sp.Method == methodFlatPooled {
			g = 0
		}
		// Survival conditional on the age reached: S(a + e_t) / S(a), S interpolated linearly
		// between whole months.
		sv := w.hz.S[g]
		s0 := interp(sv, c.AgeKnown)
		if s0 <= 0 {
			continue
		}
		x := c.Age + w.e0
		i := int(x)
		fr := x - float64(i)
		k := c.N / s0
		if i+1 < len(sv) {
			lo, hi := sv[i:min(len(sv)-1, i+T)], sv[i+1:]
			io := w.inorbit[:len(lo)]
			for t, s := range lo {
				io[t] += k * (s*(1-fr) + hi[t]*fr)
			}
		}
		o.FleetLoss12[p] += c.N * (interp(sv, c.Age) - interp(sv, c.Age+12)) / s0
	}
	for d := range T {
		switch {
		case !retire:
			w.snew[d] = 1
		case sp.Method == methodFlatPooled:
			w.snew[d] = interp(w.hz.S[0], float64(d)+0.5)
		default:
			w.snew[d] = interp(w.hz.S[youngest], float64(d)+0.5)
		}
	}
	// In orbit at t: the fleet's survivors plus sum over k <= t of launched[k] x snew[t-k],
	// added launch month by launch month (each month's sum in the order k = 0, 1, ..., t; a
	// month without launches adds nothing). Months are independent in the inner loop.
	for k, l := range w.launched {
		if l == 0 {
			continue
		}
		acc := w.inorbit[k:]
		for j, s := range w.snew[:T-k] {
			acc[j] += l * s
		}
	}
	prev := n0
	for t := range T {
		v := w.inorbit[t]
		o.InOrbit[base+t] = int32(math.Round(v))
		o.Retired[base+t] = float32(math.Max(0, prev+w.launched[t]-v))
		prev = v
	}
}

// pooledTables sets hz to the old method's single age-only hazard table.
func (w *pathWork) pooledTables(f *fitted) {
	maxAge := f.Hazards.MaxAge
	if len(w.hz.H) != 1 || len(w.hz.H[0]) != maxAge+1 {
		w.hz.H = [][]float64{make([]float64, maxAge+1)}
	}
	h := w.hz.H[0]
	for a := range maxAge {
		b := min(int(float64(a)/f.Hazards.Width), len(f.PooledRate)-1)
		h[a+1] = h[a] + f.PooledRate[b]
	}
	w.hz.survive()
}

// interp reads a table at whole-month ages at age a, linearly; a <= 0 reads h[0].
func interp(h []float64, a float64) float64 {
	if a <= 0 {
		return h[0]
	}
	i := int(a)
	if i >= len(h)-1 {
		return h[len(h)-1]
	}
	fr := a - float64(i)
	return h[i]*(1-fr) + h[i+1]*fr
}

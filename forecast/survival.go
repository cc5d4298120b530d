package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Outflow: how long satellites stay in orbit. Ages are in months (days / 30.4375).

// kmStep is one distinct event time of a Kaplan–Meier estimate.
type kmStep struct {
	Time     float64
	AtRisk   int
	Events   int
	Survival float64
}

// kaplanMeier is the product-limit estimate of survival from exit times and whether each exit
// was an event (true) or a censoring (false). At tied times events precede censorings.
func kaplanMeier(times []float64, events []bool) []kmStep {
	idx := make([]int, len(times))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case times[a] < times[b]:
			return -1
		case times[a] > times[b]:
			return 1
		case events[a] && !events[b]:
			return -1
		case !events[a] && events[b]:
			return 1
		}
		return 0
	})
	atRisk := len(times)
	s := 1.0
	var steps []kmStep
	for i := 0; i < len(idx); {
		t := times[idx[i]]
		d, c := 0, 0
		for ; i < len(idx) && times[idx[i]] == t; i++ {
			if events[idx[i]] {
				d++
			} else {
				c++
			}
		}
		if d > 0 {
			s *= 1 - float64(d)/float64(atRisk)
			steps = append(steps, kmStep{Time: t, AtRisk: atRisk, Events: d, Survival: s})
		}
		atRisk -= d + c
	}
	return steps
}

// kmSurvivalAt is the Kaplan–Meier survival at time t (right-continuous step function).
func kmSurvivalAt(steps []kmStep, t float64) float64 {
	s := 1.0
	for _, st := range steps {
		if st.Time > t {
			break
		}
		s = st.Survival
	}
	return s
}

// lifetime is one satellite's time in orbit: its exit age and whether it re-entered.
type lifetime struct {
	Age   float64
	Event bool
}

// genLife is the life table of one generation: events and exposure (satellite-months) per age
// band (a piecewise-constant hazard; events/exposure is its censored maximum-likelihood
// estimate, the actuarial life table with exact exposure).
type genLife struct {
	Name     string
	From     int // first launch month (month index)
	Events   []float64
	Exposure []float64
	Lives    []lifetime
}

func (g *genLife) add(l lifetime, width float64) {
	g.Lives = append(g.Lives, l)
	for b := 0; float64(b)*width < l.Age || b == 0; b++ {
		for len(g.Exposure) <= b {
			g.Exposure = append(g.Exposure, 0)
			g.Events = append(g.Events, 0)
		}
		g.Exposure[b] += math.Max(0, math.Min(width, l.Age-float64(b)*width))
		if float64(b+1)*width >= l.Age {
			if l.Event {
				g.Events[b]++
			}
			break
		}
	}
}

// deorbitFit is planned de-orbit as a normal distribution of age on top of a constant
// background hazard, fitted by censored maximum likelihood (left-truncated at MinAge) on the
// oldest generation; Identified is false when the data does not show it (then Mu and Sigma
// are the design-life assumptions).
type deorbitFit struct {
	Generation     string
	Background     float64 // per month
	Mu, Sigma      float64 // months
	MuSE           float64
	Identified     bool
	LRStatistic    float64
	MaxObservedAge float64
	N              int
}

// normalCumHazard is the cumulative hazard of a normal(mu, sigma) lifetime at age a.
func normalCumHazard(a, mu, sigma float64) float64 { return -normLogSurvival((a - mu) / sigma) }

// fitDeorbit fits the de-orbit model on lives (exit ages), left-truncated at minAge.
func fitDeorbit(name string, lives []lifetime, minAge, designMu, designSigma float64) deorbitFit {
	// Aggregate to quarter-month bins: the likelihood only needs counts per age.
	type bin struct {
		age    float64
		events float64
		cens   float64
	}
	bins := map[int]*bin{}
	var d, expo, maxAge float64
	n := 0
	for _, l := range lives {
		if l.Age <= minAge {
			continue
		}
		n++
		k := int(l.Age * 4)
		b := bins[k]
		if b == nil {
			b = &bin{age: (float64(k) + 0.5) / 4}
			bins[k] = b
		}
		if l.Event {
			b.events++
			d++
		} else {
			b.cens++
		}
		expo += l.Age - minAge
		maxAge = math.Max(maxAge, l.Age)
	}
	out := deorbitFit{Generation: name, Mu: designMu, Sigma: designSigma, MaxObservedAge: maxAge, N: n}
	if n == 0 || expo == 0 {
		return out
	}
	out.Background = (d + 0.5) / expo
	list := make([]bin, 0, len(bins))
	for _, b := range bins {
		list = append(list, *b)
	}
	slices.SortFunc(list, func(a, b bin) int { return int(a.age*4) - int(b.age*4) })
	ll0 := d*math.Log(out.Background) - out.Background*expo
	negLL := func(x []float64) float64 {
		bg, mu, sigma := math.Exp(x[0]), x[1], math.Exp(x[2])
		if sigma < 1 || sigma > 120 || mu < minAge-60 || mu > 600 {
			return math.Inf(1)
		}
		h0 := normalCumHazard(minAge, mu, sigma)
		ll := 0.0
		for _, b := range list {
			z := (b.age - mu) / sigma
			logQ := normLogSurvival(z)
			cum := bg*(b.age-minAge) + (-logQ - h0)
			ll -= (b.events + b.cens) * cum
			if b.events > 0 {
				hn := math.Exp(normLogPDF(z)-logQ) / sigma
				ll += b.events * math.Log(bg+hn)
			}
		}
		return -ll
	}
	best, bestVal := []float64(nil), math.Inf(1)
	for _, mu0 := range []float64{maxAge - 12, maxAge, maxAge + 24} {
		x, v := nelderMead(negLL, []float64{math.Log(out.Background), mu0, math.Log(12)}, []float64{0.5, 12, 0.5}, 400)
		if v < bestVal {
			best, bestVal = x, v
		}
	}
	lr := 2 * (-bestVal - ll0)
	out.LRStatistic = lr
	mu, sigma := best[1], math.Exp(best[2])
	// Identified: a clearly better fit (LR >= 5.99, chi-square 2 df at 95%) with the mean
	// de-orbit age no further than two sigmas beyond the oldest age observed.
	if lr >= 5.99 && mu <= maxAge+2*sigma && !math.IsInf(bestVal, 0) {
		out.Identified = true
		out.Background, out.Mu, out.Sigma = math.Exp(best[0]), mu, sigma
		// Standard error of mu from the curvature of the log-likelihood (others held).
		hstep := 0.5
		f0 := negLL(best)
		xp, xm := slices.Clone(best), slices.Clone(best)
		xp[1] += hstep
		xm[1] -= hstep
		if c := (negLL(xp) - 2*f0 + negLL(xm)) / (hstep * hstep); c > 0 {
			out.MuSE = 1 / math.Sqrt(c)
		}
	}
	if !out.Identified {
		out.MuSE = designSigma / 2
	}
	return out
}

// hazardModel is the retirement hazard by generation and age: each generation's own life
// table where it has enough exposure, an older generation's at ages it has not reached, and
// beyond every generation's data the background plus the fitted planned de-orbit.
type hazardModel struct {
	Width       float64
	MinExposure float64
	Gens        []genLife
	// Source[g][b]: the generation whose band b rate generation g uses; -1: parametric.
	Source  [][]int
	Deorbit deorbitFit
	MaxAge  int // ages (months) tabulated
	// normH tabulates the de-orbit cumulative hazard at the fitted mean, every normStep
	// months from normFrom; a path with mean mu+d reads it at age-d.
	normH    []float64
	normFrom float64
}

const normStep = 0.125

// tabulate fills normH (before any path runs: paths read it concurrently) over the ages a path can ask for (the mean shifted by up to 6 SE).
func (m *hazardModel) tabulate() {
	shift := 6*m.Deorbit.MuSE + 1
	m.normFrom = -shift
	n := int((float64(m.MaxAge)+2*shift)/normStep) + 2
	m.normH = make([]float64, n)
	for i := range m.normH {
		m.normH[i] = normalCumHazard(m.normFrom+float64(i)*normStep, m.Deorbit.Mu, m.Deorbit.Sigma)
	}
}

// normalH is the de-orbit cumulative hazard at age a for a path whose mean is shifted by d.
func (m *hazardModel) normalH(a, d float64) float64 {
	x := (a - d - m.normFrom) / normStep
	if x <= 0 {
		return m.normH[0]
	}
	i := int(x)
	if i >= len(m.normH)-1 {
		return m.normH[len(m.normH)-1]
	}
	f := x - float64(i)
	return m.normH[i]*(1-f) + m.normH[i+1]*f
}

func (m *hazardModel) resolve() {
	nb := int(math.Ceil(float64(m.MaxAge)/m.Width)) + 1
	m.Source = make([][]int, len(m.Gens))
	for g := range m.Gens {
		m.Source[g] = make([]int, nb)
		for b := range nb {
			m.Source[g][b] = -1
			for s := g; s >= 0; s-- {
				if b < len(m.Gens[s].Exposure) && m.Gens[s].Exposure[b] >= m.MinExposure {
					m.Source[g][b] = s
					break
				}
			}
		}
	}
}

// pathHazards are one path's cumulative hazards per generation at whole-month ages, and the
// survival exp(-H) at the same ages.
type pathHazards struct {
	H [][]float64
	S [][]float64
	// Upto: the tables are filled for ages 0..Upto (0: all); a run never reads beyond the
	// oldest cohort's age plus its months.
	Upto int
}

// survive fills S from H.
func (p *pathHazards) survive() {
	if len(p.S) != len(p.H) {
		p.S = make([][]float64, len(p.H))
	}
	for g, h := range p.H {
		if len(p.S[g]) != len(h) {
			p.S[g] = make([]float64, len(h))
		}
		n := len(h)
		if p.Upto > 0 {
			n = min(n, p.Upto+1)
		}
		for i, x := range h[:n] {
			p.S[g][i] = math.Exp(-x)
		}
	}
}

// draw fills p with one path's cumulative hazards: band rates drawn from their Gamma
// posteriors (Jeffreys prior), the de-orbit mean from its sampling distribution, and every
// hazard times mult (the path's lifetime uncertainty). r nil: posterior means, mult as given.
func (m *hazardModel) draw(r *rand.Rand, mult float64, p *pathHazards) {
	nb := len(m.Source[0])
	rates := make([][]float64, len(m.Gens))
	for s := range m.Gens {
		rates[s] = make([]float64, nb)
		for b := range nb {
			if b >= len(m.Gens[s].Exposure) || m.Gens[s].Exposure[b] < m.MinExposure {
				continue
			}
			d, e := m.Gens[s].Events[b]+0.5, m.Gens[s].Exposure[b]
			if r == nil {
				rates[s][b] = d / e
			} else {
				rates[s][b] = gammaRand(r, d, e)
			}
		}
	}
	var shift float64
	if r != nil {
		shift = m.Deorbit.MuSE * math.Max(-6, math.Min(6, r.NormFloat64()))
	}
	bg := m.Deorbit.Background
	if len(p.H) != len(m.Gens) {
		p.H = make([][]float64, len(m.Gens))
	}
	for g := range m.Gens {
		if len(p.H[g]) != m.MaxAge+1 {
			p.H[g] = make([]float64, m.MaxAge+1)
		}
		h := p.H[g]
		h[0] = 0
		prevN := m.normalH(0, shift)
		top := m.MaxAge
		if p.Upto > 0 {
			top = min(top, p.Upto)
		}
		for a := range top {
			b := int(float64(a) / m.Width)
			nextN := m.normalH(float64(a+1), shift)
			var inc float64
			if s := m.Source[g][b]; s >= 0 {
				inc = rates[s][b]
			} else {
				inc = bg + (nextN - prevN)
			}
			prevN = nextN
			h[a+1] = h[a] + mult*inc
		}
	}
	p.survive()
}

// pooledKMHazards is the old method's lifetime: one Kaplan–Meier curve over every satellite
// (age only), as band rates; beyond the last band with at least minAtRisk satellites at risk
// the last rate is held.
func pooledKMHazards(lives []lifetime, width float64, maxAge, minAtRisk int) []float64 {
	times := make([]float64, len(lives))
	ev := make([]bool, len(lives))
	for i, l := range lives {
		times[i], ev[i] = l.Age, l.Event
	}
	steps := kaplanMeier(times, ev)
	nb := int(math.Ceil(float64(maxAge)/width)) + 1
	rates := make([]float64, nb)
	last := 0.0
	for b := range nb {
		a0, a1 := float64(b)*width, float64(b+1)*width
		atRisk := 0
		for _, t := range times {
			if t >= a1 {
				atRisk++
			}
		}
		if atRisk >= minAtRisk {
			s0, s1 := kmSurvivalAt(steps, a0), kmSurvivalAt(steps, a1)
			if s0 > 0 && s1 > 0 {
				last = -math.Log(s1/s0) / width
			}
		}
		rates[b] = last
	}
	return rates
}

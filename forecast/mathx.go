package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Random variates, quantiles and proper scores. Everything draws from a *rand.Rand seeded per
// path (newPathRand), so results do not depend on goroutine scheduling.

// newPathRand returns the generator of one path: PCG seeded from (seed, scenario, path).
func newPathRand(seed int64, scenario, path int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(scenario)<<32|uint64(uint32(path))))
}

// gammaRand draws Gamma(shape, rate) (mean shape/rate) by Marsaglia and Tsang (2000).
func gammaRand(r *rand.Rand, shape, rate float64) float64 {
	if shape <= 0 || rate <= 0 {
		return 0
	}
	if shape < 1 {
		// Gamma(a) = Gamma(a+1) * U^(1/a).
		return gammaRand(r, shape+1, rate) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v / rate
		}
	}
}

// poissonRand draws Poisson(lambda): multiplication method below 30, else the PTRS
// transformed rejection of Hörmann (1993).
func poissonRand(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l := math.Exp(-lambda)
		k, p := 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	slam := math.Sqrt(lambda)
	loglam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int(k)
		}
	}
}

// normSurvival is P(Z > z) for a standard normal Z.
func normSurvival(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// normLogSurvival is log P(Z > z), accurate far in the tail (Mills ratio asymptote).
func normLogSurvival(z float64) float64 {
	if z < 8 {
		return math.Log(normSurvival(z))
	}
	return -0.5*z*z - math.Log(z) - 0.5*math.Log(2*math.Pi) + math.Log1p(-1/(z*z))
}

// normLogPDF is the log density of a standard normal.
func normLogPDF(z float64) float64 { return -0.5*z*z - 0.5*math.Log(2*math.Pi) }

// quantileSorted is the nearest-rank (type 1) quantile of sorted values: a value of the sample,
// so quantiles of integers are integers and q1 <= q2 gives Q(q1) <= Q(q2).
func quantileSorted[T int | int32 | float64](sorted []T, q float64) T {
	n := len(sorted)
	if n == 0 {
		var zero T
		return zero
	}
	i := int(math.Ceil(q*float64(n))) - 1
	i = max(0, min(n-1, i))
	return sorted[i]
}

// median returns the median (mean of the middle two) of xs, which it does not modify.
func median(xs []float64) float64 { return medianInPlace(slices.Clone(xs)) }

// medianInt is the median (mean of the middle two) of small non-negative counts, by counting;
// it reorders nothing but may use xs as scratch.
func medianInt(xs []int32) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	var hist [64]int
	hi := int32(0)
	for _, x := range xs {
		if x < 0 || x >= 64 {
			slices.Sort(xs)
			if n%2 == 1 {
				return float64(xs[n/2])
			}
			return float64(xs[n/2-1]+xs[n/2]) / 2
		}
		hist[x]++
		hi = max(hi, x)
	}
	kth := func(k int) float64 { // the k-th smallest, 0-based
		c := 0
		for v := range hi + 1 {
			c += hist[v]
			if c > k {
				return float64(v)
			}
		}
		return float64(hi)
	}
	if n%2 == 1 {
		return kth(n / 2)
	}
	return (kth(n/2-1) + kth(n/2)) / 2
}

// medianInPlace is median, sorting xs.
func medianInPlace(s []float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// crpsSorted is the continuous ranked probability score of the ensemble sorted (ascending)
// for the observation y: E|X-y| - E|X-X'|/2 (Gneiting and Raftery 2007), lower is better.
func crpsSorted(sorted []float64, y float64) float64 {
	n := float64(len(sorted))
	if n == 0 {
		return math.NaN()
	}
	var a, b float64
	for i, x := range sorted {
		a += math.Abs(x - y)
		b += (2*float64(i+1) - n - 1) * x
	}
	return a/n - b/(n*n)
}

// intervalScore is the interval (Winkler) score of [lo, hi] as a central 1-alpha interval.
func intervalScore(lo, hi, y, alpha float64) float64 {
	s := hi - lo
	if y < lo {
		s += 2 / alpha * (lo - y)
	}
	if y > hi {
		s += 2 / alpha * (y - hi)
	}
	return s
}

// nelderMead minimises f from x0 with initial steps step; a small, dependency-free simplex
// search, enough for the three-parameter de-orbit likelihood.
func nelderMead(f func([]float64) float64, x0, step []float64, iters int) ([]float64, float64) {
	n := len(x0)
	pts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range pts {
		p := slices.Clone(x0)
		if i > 0 {
			p[i-1] += step[i-1]
		}
		pts[i], vals[i] = p, f(p)
	}
	order := make([]int, n+1)
	centroid := make([]float64, n)
	at := func(c float64, worst []float64) []float64 {
		p := make([]float64, n)
		for j := range p {
			p[j] = centroid[j] + c*(worst[j]-centroid[j])
		}
		return p
	}
	for range iters {
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			switch {
			case vals[a] < vals[b]:
				return -1
			case vals[a] > vals[b]:
				return 1
			}
			return 0
		})
		best, worst, second := order[0], order[n], order[n-1]
		if math.Abs(vals[worst]-vals[best]) < 1e-9*(1+math.Abs(vals[best])) {
			break
		}
		clear(centroid)
		for _, i := range order[:n] {
			for j := range centroid {
				centroid[j] += pts[i][j] / float64(n)
			}
		}
		xr := at(-1, pts[worst])
		fr := f(xr)
		switch {
		case fr < vals[best]:
			xe := at(-2, pts[worst])
			if fe := f(xe); fe < fr {
				pts[worst], vals[worst] = xe, fe
			} else {
				pts[worst], vals[worst] = xr, fr
			}
		case fr < vals[second]:
			pts[worst], vals[worst] = xr, fr
		default:
			xc := at(0.5, pts[worst])
			if fc := f(xc); fc < vals[worst] {
				pts[worst], vals[worst] = xc, fc
			} else {
				for _, i := range order[1:] {
					for j := range pts[i] {
						pts[i][j] = pts[best][j] + 0.5*(pts[i][j]-pts[best][j])
					}
					vals[i] = f(pts[i])
				}
			}
		}
	}
	bi := 0
	for i := range vals {
		if vals[i] < vals[bi] {
			bi = i
		}
	}
	return pts[bi], vals[bi]
}

// selectKth reorders s so that s[k] is its k-th smallest value (0-based), s[:k] <= s[k] <=
// s[k+1:] (Hoare's FIND, as written by Wirth: linear on average, correct with ties). It is
// sort's value at k without the sort.
func selectKth[T int32 | float64](s []T, k int) T {
	l, r := 0, len(s)-1
	for l < r {
		x := s[k]
		i, j := l, r
		for i <= j {
			for s[i] < x {
				i++
			}
			for x < s[j] {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		if j < k {
			l = i
		}
		if k < i {
			r = j
		}
	}
	return s[k]
}

// quantiles3 is quantileSorted at 0.1, 0.5 and 0.9 of s (nearest rank) by selection; s is
// reordered.
func quantiles3(s []int32) (q10, q50, q90 int32) {
	n := len(s)
	if n == 0 {
		return 0, 0, 0
	}
	idx := func(q float64) int { return max(0, min(n-1, int(math.Ceil(q*float64(n)))-1)) }
	i10, i50, i90 := idx(0.1), idx(0.5), idx(0.9)
	q50 = selectKth(s, i50)
	q90 = selectKth(s[i50:], i90-i50) // the ranks from i50 up
	q10 = selectKth(s[:i50+1], i10)   // the ranks up to i50
	return q10, q50, q90
}

// medianSelect is medianInPlace by selection (the same value); s is reordered.
func medianSelect(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	hi := selectKth(s, n/2)
	if n%2 == 1 {
		return hi
	}
	return (slices.Max(s[:n/2]) + hi) / 2
}

package forecast

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Selection gives sort's values: nearest-rank quantiles and the median, with ties and any n.
func TestSelect_SameAsSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 4, 5, 9, 10, 11, 100, 999, 1000} {
		for _, spread := range []int{1, 3, 50, 100000} {
			xs := make([]int32, n)
			fs := make([]float64, n)
			for i := range xs {
				xs[i] = int32(r.IntN(spread))
				fs[i] = float64(r.IntN(spread)) + r.Float64()*float64(spread%2)
			}
			sorted := slices.Sorted(slices.Values(xs))
			q10, q50, q90 := quantiles3(slices.Clone(xs))
			if q10 != quantileSorted(sorted, 0.1) || q50 != quantileSorted(sorted, 0.5) || q90 != quantileSorted(sorted, 0.9) {
				t.Errorf("n %d spread %d: quantiles3 %d %d %d, sort %d %d %d", n, spread, q10, q50, q90,
					quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.9))
			}
			if got, want := medianSelect(slices.Clone(fs)), medianInPlace(slices.Clone(fs)); got != want {
				t.Errorf("n %d spread %d: medianSelect %g, medianInPlace %g", n, spread, got, want)
			}
		}
	}
}

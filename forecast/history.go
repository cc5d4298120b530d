package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// daysPerMonth converts days to months of age.
const daysPerMonth = 30.4375

func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func monthStart(i int) time.Time {
	return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// monthLastDay is the civil date of the last day of month i.
func monthLastDay(i int) time.Time { return monthStart(i+1).AddDate(0, 0, -1) }

func months(d time.Duration) float64 { return d.Hours() / 24 / daysPerMonth }

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Cut returns what was known at origin: the satellites launched on or before it (those that
// re-entered after it are in orbit: DecayDate nil), the launches on or before it, AsOf =
// origin. The slices are new; h is not modified.
func (h History) Cut(origin time.Time) History {
	origin = civil(origin)
	c := History{AsOf: origin, Sources: h.Sources}
	for _, s := range h.Satellites {
		if s.LaunchDate.After(origin) {
			continue
		}
		if s.DecayDate != nil && s.DecayDate.After(origin) {
			s.DecayDate = nil
		}
		c.Satellites = append(c.Satellites, s)
	}
	for _, l := range h.Launches {
		if !l.Date.After(origin) {
			c.Launches = append(c.Launches, l)
		}
	}
	return c
}

// Validate checks what the engine relies on and names the first problem.
func (h History) Validate() error {
	if h.AsOf.IsZero() {
		return errors.New("history: as-of date is missing")
	}
	if len(h.Launches) == 0 {
		return errors.New("history: no launches")
	}
	for i, s := range h.Satellites {
		if s.LaunchDate.IsZero() {
			return fmt.Errorf("history: satellite %d (NORAD %d): no launch date", i, s.NoradID)
		}
		if s.LaunchDate.After(h.AsOf) {
			return fmt.Errorf("history: satellite NORAD %d: launch date %s after the as-of date %s",
				s.NoradID, s.LaunchDate.Format(time.DateOnly), h.AsOf.Format(time.DateOnly))
		}
		if s.DecayDate != nil && s.DecayDate.Before(s.LaunchDate) {
			return fmt.Errorf("history: satellite NORAD %d: decay %s before launch %s", s.NoradID,
				s.DecayDate.Format(time.DateOnly), s.LaunchDate.Format(time.DateOnly))
		}
	}
	for i, l := range h.Launches {
		if l.Date.IsZero() {
			return fmt.Errorf("history: launch %d (%q): no date", i, l.Key)
		}
		if l.Date.After(h.AsOf) {
			return fmt.Errorf("history: launch %q: date %s after the as-of date %s", l.Key,
				l.Date.Format(time.DateOnly), h.AsOf.Format(time.DateOnly))
		}
		if l.Vehicle != "" && l.Vehicle != Falcon9 && l.Vehicle != Starship {
			return fmt.Errorf("history: launch %q: unknown vehicle %q", l.Key, l.Vehicle)
		}
		if l.Satellites != nil && *l.Satellites < 0 {
			return fmt.Errorf("history: launch %q: %d satellites", l.Key, *l.Satellites)
		}
	}
	return nil
}

// cohort is the part of the fleet in orbit at the as-of date launched in one month.
type cohort struct {
	Gen   int
	Month int // launch month index
	N     float64
	Age   float64 // mean age at the as-of date, months
	// AgeKnown is the mean age at the satellite data's own last event (SatellitesAsOf), up to
	// which the cohort is known to be in orbit; equal to Age when the satellite data is as
	// recent as the history.
	AgeKnown float64
}

// knownLaunch is a launch after the last catalogued one that the launch list knows.
type knownLaunch struct {
	Date       time.Time
	Satellites int // -1: unknown, drawn
}

// fitted is everything the engine estimates from one History (one origin).
type fitted struct {
	AsOf             time.Time
	AsOfMonth        int
	FirstLaunchMonth int
	HistoryMonths    int
	// HistoryStartMonth is where the launch history starts (assumption history_start_month, or
	// the first launch if later); FirstLaunchMonth may be earlier (the 2018 prototypes).
	HistoryStartMonth int
	InOrbit           int
	LastCatalogued    time.Time
	// SatellitesAsOf is the satellite data's latest event (launch or re-entry): satellites in
	// orbit are censored there, not at AsOf, when the launch list runs later (the SpaceX API).
	SatellitesAsOf time.Time
	Cohorts        []cohort
	Known          []knownLaunch
	// Nowcast gap: months between the last known launch and the as-of date, simulated.
	GapMonths float64

	// Falcon 9 launches per month: counts per month index from FirstLaunchMonth.
	MonthlyLaunches []int
	LastFullMonth   int
	// Regime: Gamma posterior of the current level (shape, rate), the kept months.
	LevelShape, LevelRate         float64
	LevelKept, LevelWindow        int
	StanddownProb, StanddownDepth float64
	Standdowns                    int
	Trailing12                    float64
	Trailing12N                   int

	SatsPerLaunch, SatsPerLaunchSE float64
	SatsPerLaunchMax               float64 // the cap: max(assumption, largest launch in the window)
	// GrowthTau is the fitted time constant (months) of the approach to the ceiling.
	GrowthTau      float64
	SatsPerLaunchN int
	SatsTrailing12 float64

	Hazards    *hazardModel
	PooledRate []float64 // flat_pooled: per band
	AllLives   []lifetime
}

// generationOf returns the index of the generation a launch month belongs to.
func generationOf(froms []int, m int) int {
	g := 0
	for i, f := range froms {
		if m >= f {
			g = i
		}
	}
	return g
}

var generationNames = []string{"v0_9", "v1_0", "v1_5", "v2_mini"}

func (a Assumptions) generationFroms(first int) ([]int, error) {
	froms := []int{first}
	for _, s := range []struct{ name, v string }{
		{"generation_v1_0_from_month", a.GenerationV10FromMonth},
		{"generation_v1_5_from_month", a.GenerationV15FromMonth},
		{"generation_v2_mini_from_month", a.GenerationV2MiniFromMonth},
	} {
		t, err := time.Parse("2006-01", s.v)
		if err != nil {
			return nil, fmt.Errorf("assumption %s: %w", s.name, err)
		}
		froms = append(froms, monthIndex(t))
	}
	if !slices.IsSorted(froms[1:]) {
		return nil, errors.New("assumptions generation_*_from_month are not in order")
	}
	if froms[0] > froms[1] {
		froms[0] = froms[1]
	}
	return froms, nil
}

// fit estimates the cadence regime, satellites per launch and the hazards from h.
func fit(h History, a Assumptions) (*fitted, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	asOf := civil(h.AsOf)
	f := &fitted{AsOf: asOf, AsOfMonth: monthIndex(asOf)}
	first := math.MaxInt
	for _, l := range h.Launches {
		first = min(first, monthIndex(l.Date))
	}
	for _, s := range h.Satellites {
		first = min(first, monthIndex(s.LaunchDate))
	}
	f.FirstLaunchMonth = first
	f.LastFullMonth = f.AsOfMonth - 1
	if asOf.Equal(monthLastDay(f.AsOfMonth)) {
		f.LastFullMonth = f.AsOfMonth
	}
	f.HistoryStartMonth = first
	if a.HistoryStartMonth != "" {
		start, err := time.Parse("2006-01", a.HistoryStartMonth)
		if err != nil {
			return nil, fmt.Errorf("assumption history_start_month: %w", err)
		}
		f.HistoryStartMonth = max(first, monthIndex(start))
	}
	f.HistoryMonths = f.LastFullMonth - f.HistoryStartMonth + 1

	// Satellites per launch key (the catalogue's count) and the last catalogued launch.
	perKey := map[string]int{}
	for _, s := range h.Satellites {
		perKey[s.LaunchKey]++
		if s.LaunchDate.After(f.LastCatalogued) {
			f.LastCatalogued = s.LaunchDate
		}
	}
	satsOf := func(l Launch) int {
		if l.Satellites != nil {
			return *l.Satellites
		}
		if l.InCatalogue {
			return perKey[l.Key]
		}
		return -1
	}

	// Launch counts per month (every vehicle in the data is Falcon 9 unless named Starship).
	f.MonthlyLaunches = make([]int, max(0, f.AsOfMonth-first+1))
	lastKnown := f.LastCatalogued
	for _, l := range h.Launches {
		if l.Vehicle == Starship {
			continue
		}
		f.MonthlyLaunches[monthIndex(l.Date)-first]++
		if !l.InCatalogue && l.Date.After(f.LastCatalogued) {
			f.Known = append(f.Known, knownLaunch{Date: l.Date, Satellites: satsOf(l)})
			if l.Date.After(lastKnown) {
				lastKnown = l.Date
			}
		}
	}
	slices.SortFunc(f.Known, func(x, y knownLaunch) int { return x.Date.Compare(y.Date) })
	if !lastKnown.IsZero() {
		f.GapMonths = math.Max(0, months(asOf.Sub(lastKnown)))
	}
	if err := f.fitCadence(a); err != nil {
		return nil, err
	}

	// Satellites per Falcon 9 launch: the current regime (launches in the last
	// falcon9_satellites_window_months) and the trailing 12 months (the old method).
	var recent, trailing []float64
	recentFrom := asOf.AddDate(0, -a.Falcon9SatellitesWindowMonths, 0)
	trailingFrom := asOf.AddDate(0, -12, 0)
	for _, l := range h.Launches {
		n := satsOf(l)
		if l.Vehicle == Starship || n <= 0 {
			continue
		}
		if l.Date.After(recentFrom) {
			recent = append(recent, float64(n))
		}
		if l.Date.After(trailingFrom) {
			trailing = append(trailing, float64(n))
		}
	}
	if len(trailing) == 0 { // nothing in a year: every launch with satellites
		for _, l := range h.Launches {
			if n := satsOf(l); n > 0 && l.Vehicle != Starship {
				trailing = append(trailing, float64(n))
			}
		}
	}
	if len(recent) == 0 {
		recent = trailing
	}
	if len(recent) == 0 {
		return nil, errors.New("history: no launch with a known number of satellites")
	}
	mean, sd := meanSD(recent)
	f.SatsPerLaunchMax = math.Max(a.Falcon9MaxSatellitesPerLaunch, slices.Max(recent))
	f.SatsPerLaunch = math.Min(mean, f.SatsPerLaunchMax)
	f.SatsPerLaunchN = len(recent)
	// Months are the independent unit: launches of one month share a configuration.
	if len(recent) < 2 {
		sd = 0.1 * mean
	}
	f.SatsPerLaunchSE = sd / math.Sqrt(float64(max(1, a.Falcon9SatellitesWindowMonths)))
	f.SatsTrailing12, _ = meanSD(trailing)

	// Lifetimes and the existing fleet.
	froms, err := a.generationFroms(first)
	if err != nil {
		return nil, err
	}
	hm := &hazardModel{Width: float64(a.HazardAgeBandMonths), MinExposure: a.HazardMinExposureSatelliteMonths}
	if hm.Width <= 0 {
		return nil, errors.New("assumption hazard_age_band_months must be positive")
	}
	for i, fm := range froms {
		hm.Gens = append(hm.Gens, genLife{Name: generationNames[i], From: fm})
	}
	for _, s := range h.Satellites {
		if s.LaunchDate.After(f.SatellitesAsOf) {
			f.SatellitesAsOf = s.LaunchDate
		}
		if s.DecayDate != nil && s.DecayDate.After(f.SatellitesAsOf) && !s.DecayDate.After(asOf) {
			f.SatellitesAsOf = *s.DecayDate
		}
	}
	if f.SatellitesAsOf.IsZero() {
		f.SatellitesAsOf = asOf
	}
	byCohort := map[[2]int]*cohort{}
	maxAge := 0.0
	for _, s := range h.Satellites {
		lm := monthIndex(s.LaunchDate)
		g := generationOf(froms, lm)
		l := lifetime{Age: months(f.SatellitesAsOf.Sub(s.LaunchDate))}
		if s.DecayDate != nil && !s.DecayDate.After(asOf) {
			l = lifetime{Age: months(s.DecayDate.Sub(s.LaunchDate)), Event: true}
		} else {
			f.InOrbit++
			c := byCohort[[2]int{g, lm}]
			if c == nil {
				c = &cohort{Gen: g, Month: lm}
				byCohort[[2]int{g, lm}] = c
			}
			c.N++
			c.AgeKnown += l.Age
			c.Age += months(asOf.Sub(s.LaunchDate))
		}
		maxAge = math.Max(maxAge, l.Age)
		hm.Gens[g].add(l, hm.Width)
		f.AllLives = append(f.AllLives, l)
	}
	for _, c := range byCohort {
		c.Age /= c.N
		c.AgeKnown /= c.N
		f.Cohorts = append(f.Cohorts, *c)
	}
	slices.SortFunc(f.Cohorts, func(x, y cohort) int {
		if x.Gen != y.Gen {
			return x.Gen - y.Gen
		}
		return x.Month - y.Month
	})
	horizon, err := time.Parse("2006-01", a.HorizonMonth)
	if err != nil {
		return nil, fmt.Errorf("assumption horizon_month: %w", err)
	}
	hm.MaxAge = int(maxAge) + max(0, monthIndex(horizon)-f.AsOfMonth) + 2
	hm.resolve()
	// De-orbit fitted on the oldest generation whose satellites reached the greatest ages
	// with enough exposure (the v0.9 test satellites are too few to qualify).
	best, bestBands := -1, 0
	for g := range hm.Gens {
		n := 0
		for b := range hm.Gens[g].Exposure {
			if hm.Gens[g].Exposure[b] >= hm.MinExposure {
				n = b + 1
			}
		}
		if n > bestBands {
			best, bestBands = g, n
		}
	}
	if best >= 0 {
		hm.Deorbit = fitDeorbit(hm.Gens[best].Name, hm.Gens[best].Lives, a.DeorbitFitMinAgeMonths,
			a.DeorbitDesignLifeMonths, a.DeorbitDesignLifeSDMonths)
	} else {
		hm.Deorbit = deorbitFit{Mu: a.DeorbitDesignLifeMonths, Sigma: a.DeorbitDesignLifeSDMonths,
			MuSE: a.DeorbitDesignLifeSDMonths / 2}
	}
	hm.tabulate()
	f.Hazards = hm
	f.PooledRate = pooledKMHazards(f.AllLives, hm.Width, hm.MaxAge, 50)
	return f, nil
}

// minEstablishedCadence: stand-downs are counted only once the trailing median is at least this
// many launches a month (before that, a month with one launch instead of two is noise).
const minEstablishedCadence = 4

// fitCadence estimates the Falcon 9 regime: the mean of the last falcon9_regime_window_months
// full months, leaving out stand-down months (below falcon9_standdown_fraction of the window's
// median), with a Gamma posterior (Jeffreys prior) for the level; the stand-down rate and
// depth from the whole history (a month below the fraction of the trailing 6-month median,
// once that median is at least minEstablishedCadence).
func (f *fitted) fitCadence(a Assumptions) error {
	first := f.FirstLaunchMonth
	lastFull := f.LastFullMonth
	if lastFull < first {
		// Less than one full month: the partial month is the only evidence.
		lastFull = f.AsOfMonth
	}
	count := func(m int) float64 { return float64(f.MonthlyLaunches[m-first]) }
	w := max(1, a.Falcon9RegimeWindowMonths)
	from := max(first, lastFull-w+1)
	var window []float64
	for m := from; m <= lastFull; m++ {
		window = append(window, count(m))
	}
	med := median(window)
	var sum float64
	for _, c := range window {
		if c >= a.Falcon9StanddownFraction*med {
			sum += c
			f.LevelKept++
		}
	}
	f.LevelWindow = len(window)
	f.LevelShape, f.LevelRate = sum+0.5, float64(f.LevelKept)
	if lastFull == f.AsOfMonth && f.LastFullMonth < first {
		// Scale the partial month to a month.
		f.LevelRate = math.Max(1e-3, months(f.AsOf.Sub(monthStart(f.AsOfMonth)))+1/daysPerMonth)
	}

	var ratios []float64
	n := 0
	for m := first + 6; m <= lastFull; m++ {
		var prev []float64
		for k := m - 6; k < m; k++ {
			prev = append(prev, count(k))
		}
		pm := median(prev)
		if pm < minEstablishedCadence {
			continue
		}
		n++
		if count(m) < a.Falcon9StanddownFraction*pm {
			ratios = append(ratios, count(m)/pm)
		}
	}
	f.Standdowns = len(ratios)
	prior := math.Max(0, a.Falcon9StanddownPriorMonths)
	if d := float64(n) + prior; d > 0 {
		f.StanddownProb = (float64(len(ratios)) + 0.5*prior/12) / d
	}
	f.StanddownDepth = a.Falcon9StanddownFraction / 2
	if len(ratios) > 0 {
		f.StanddownDepth, _ = meanSD(ratios)
	}

	f.GrowthTau = fitGrowthTau(window2(f, first, lastFull, a.Falcon9GrowthFitMonths), f.LevelShape/f.LevelRate, a.Falcon9CeilingLaunchesPerMonth)

	tFrom := max(first, lastFull-11)
	var tsum float64
	for m := tFrom; m <= lastFull; m++ {
		tsum += count(m)
		f.Trailing12N++
	}
	f.Trailing12 = tsum / float64(f.Trailing12N)
	if f.LevelShape <= 0.5 && f.Trailing12 == 0 {
		return errors.New("history: no Falcon 9 launches in the cadence window")
	}
	return nil
}

// window2 returns the launch counts of the last n full months (oldest first).
func window2(f *fitted, first, lastFull, n int) []float64 {
	var c []float64
	for m := max(first, lastFull-n+1); m <= lastFull; m++ {
		c = append(c, float64(f.MonthlyLaunches[m-first]))
	}
	return c
}

// Bounds of the fitted growth time constant, months.
const (
	minGrowthTau = 6
	maxGrowthTau = 240
)

// fitGrowthTau fits the time constant tau of rate(t) = C - (C - level) exp((tEnd - t)/tau) to
// monthly counts (the last one at tEnd) by Poisson maximum likelihood on a grid: how fast the
// cadence has been closing the gap to the ceiling C. A level at or above C has no gap: the
// rate decays to C with the shortest tau.
func fitGrowthTau(counts []float64, level, ceiling float64) float64 {
	if level >= ceiling || len(counts) < 3 {
		return minGrowthTau
	}
	best, bestLL := float64(maxGrowthTau), math.Inf(-1)
	n := len(counts)
	for tau := float64(minGrowthTau); tau <= maxGrowthTau; tau += 0.5 {
		ll := 0.0
		for i, c := range counts {
			r := math.Max(0.05, ceiling-(ceiling-level)*math.Exp(float64(n-1-i)/tau))
			ll += c*math.Log(r) - r
		}
		if ll > bestLL {
			best, bestLL = tau, ll
		}
	}
	return best
}

func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	m := s / float64(len(xs))
	if len(xs) < 2 {
		return m, 0
	}
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)-1))
}

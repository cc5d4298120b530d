package report

import (
	"math"
	"slices"
	"testing"
	"time"
)

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// The fixture is made to the forecast marts' contracts (dbt/models/marts/forecast/
// _forecast__models.yml): a constellation observed from May 2019 to the as-of date 2025-06-18
// with both sources, the engine's four scenarios with overall as headline (run 7 of two runs in
// the ledger), a backtest of three methods on in_orbit, launches and threshold crossings, the
// run's assumptions, estimates and authorised totals, and the requirements table.
const (
	fixtureAsOf    = "2025-06-18"
	fixtureHorizon = "2045-12-01"
	fixtureHash    = "3f1c0c5e9b7a4d2e8f6a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e"
	fixtureCommit  = "0123456789abcdef0123456789abcdef01234567"
)

var fixtureAnswers = map[string]string{
	"overall":              "Overall: 42,000 in orbit between Mar 2031 and Nov 2036 (median Jun 2033), after 1,100–1,700 more launches; 71% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"falcon9_only":         "With Falcon 9 alone: 42,000 in orbit between Jan 2034 and Aug 2041 (median Feb 2037), after 1,600–2,300 more launches; 34% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"starship_on_schedule": "If Starship flies Starlink from ~2027: 42,000 in orbit between Oct 2029 and Dec 2031 (median Sep 2030), after 700–1,000 more launches; 93% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"naive_no_retirement":  "Naive, no satellite ever retires: 42,000 in orbit between Jul 2029 and Feb 2031 (median Mar 2030), after 1,300–1,500 more launches; >99% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
}

// fixtureObserved is the observed count in orbit at the end of month m (0 = May 2019): a
// growth to 7,600 at the as-of month (73).
func fixtureObserved(m int) int64 {
	return int64(math.Round(60 + 7540*math.Pow(float64(m)/73, 1.9)))
}

func fixtureData(t *testing.T) Data {
	t.Helper()
	asOf, horizon := date(t, fixtureAsOf), date(t, fixtureHorizon)
	first := date(t, "2019-05-01")
	asOfMonth := 73 // 2025-06
	d := Data{}

	type scenario struct {
		name, label, conditional string
		headline, naive          bool
		growth, launches         float64 // monthly growth of the median path after the as-of; launches a month
		starship                 float64 // Starship launches a month from 2027
		reach                    [3]string
		needed                   [3]int64
		never, p30, p35, p40     float64
	}
	for i, s := range []scenario{
		{"overall", "Overall", "A mixture: Falcon 9 alone (weight 0.5) and Starship on schedule (0.5).", true, false, 0.012, 10, 2,
			[3]string{"2031-03-01", "2033-06-01", "2036-11-01"}, [3]int64{1100, 1400, 1700}, 0.02, 0.08, 0.71, 0.93},
		{"falcon9_only", "With Falcon 9 alone", "Only Falcon 9 carries Starlink, up to its ceiling of 12 launches a month.", false, false, 0.009, 11, 0,
			[3]string{"2034-01-01", "2037-02-01", "2041-08-01"}, [3]int64{1600, 1900, 2300}, 0.06, 0, 0.34, 0.81},
		{"starship_on_schedule", "If Starship flies Starlink from ~2027", "Starship carries Starlink from about 2027-06 (P10–P90 2026-12 to 2028-09) | with 60 per launch.", false, false, 0.016, 9, 4,
			[3]string{"2029-10-01", "2030-09-01", "2031-12-01"}, [3]int64{700, 850, 1000}, 0, 0.45, 0.93, 1},
		{"naive_no_retirement", "Naive, no retirement", "The trailing cadence continued; no satellite ever leaves orbit.", false, true, 0.018, 9, 0,
			[3]string{"2029-07-01", "2030-03-01", "2031-02-01"}, [3]int64{1300, 1400, 1500}, 0, 0.62, 0.9999, 1},
	} {
		reach := func(i int) *time.Time { d := date(t, s.reach[i]); return &d }
		d.Forecasts = append(d.Forecasts, Forecast{
			Name: s.name, Label: s.label, Description: "The " + s.label + " scenario.", ConditionalOn: s.conditional, Order: i + 1,
			IsHeadline: s.headline, IsNaive: s.naive,
			RunID: 7, AsOf: asOf, DataSources: "spacex_api+spacetrack", GitCommit: ptr(fixtureCommit), EngineVersion: "v0.3.0",
			AssumptionsHash: fixtureHash, OverriddenAssumptions: ptr("paths=2000"), Paths: 2000, Seed: 42, Horizon: horizon,
			InOrbitAtAsOf: 7600, NowcastLaunches: 3, NowcastSatellites: 81, Target: 42000,
			ReachP10: reach(0), ReachP50: reach(1), ReachP90: reach(2), ShareNeverReached: s.never,
			LaunchesP10: ptr(s.needed[0]), LaunchesP50: ptr(s.needed[1]), LaunchesP90: ptr(s.needed[2]),
			ProbBy2030: s.p30, ProbBy2035: s.p35, ProbBy2040: s.p40,
			InOrbitAtHorizonP10: 38000, InOrbitAtHorizonP50: 52000, InOrbitAtHorizonP90: 61000, Answer: fixtureAnswers[s.name],
		})
		for m := 0; m < 12*30; m++ { // to 2049-04
			month := first.AddDate(0, m, 0)
			fm := ForecastMonth{Scenario: s.name, Month: month, IsObserved: m <= asOfMonth, IsProjected: m >= asOfMonth}
			if m <= asOfMonth {
				fm.Observed = ptr(fixtureObserved(m))
			}
			if m >= asOfMonth {
				k := float64(m - asOfMonth)
				p50 := 7600 * math.Pow(1+s.growth, k) / (1 + 7600*(math.Pow(1+s.growth, k)-1)/80000)
				fm.InOrbitP50 = ptr(int64(math.Round(p50)))
				fm.InOrbitP10 = ptr(int64(math.Round(7600 + (p50-7600)*(1-0.006*k/(1+0.01*k)))))
				fm.InOrbitP90 = ptr(int64(math.Round(7600 + (p50-7600)*(1+0.008*k/(1+0.01*k)))))
				starship := 0.0
				if month.Year() >= 2027 {
					starship = s.starship
				}
				cum := (s.launches + starship) * k
				fm.CumLaunchesP10, fm.CumLaunchesP50, fm.CumLaunchesP90 = ptr(int64(cum*0.85)), ptr(int64(cum)), ptr(int64(cum*1.2))
				fm.LaunchesFalcon9P50, fm.LaunchesStarshipP50 = ptr(s.launches), ptr(starship)
			}
			d.Months = append(d.Months, fm)
		}
	}

	// Cadence: 2019-05 to 2035-12; launches observed grow from ~0.5 to ~10 a month, then the
	// headline's medians per vehicle.
	for m := 0; m < 200; m++ {
		month := first.AddDate(0, m, 0)
		c := CadenceMonth{Month: month, IsObserved: m <= asOfMonth}
		if m >= asOfMonth {
			starship := 0.0
			if month.Year() >= 2027 {
				starship = 2
			}
			c.Falcon9P50, c.StarshipP50 = ptr(10.0), ptr(starship)
		}
		if m <= asOfMonth {
			n := int64(math.Round(0.8*math.Exp(0.035*float64(m)) + 1.5*math.Sin(float64(m))))
			if n < 0 || m == 1 || m == 2 {
				n = 0
			}
			c.Launches = ptr(n)
			deployed := int64(60)
			switch {
			case month.Year() >= 2023:
				deployed = 22
			case month.Year() >= 2021 && month.Month() >= 9:
				deployed = 51
			}
			c.SatellitesDeployed = ptr(n * deployed)
			for i := range n {
				l := Launch{Designator: month.Format("2006") + "-" + twoDigits(m) + twoDigits(int(i)), Date: month.AddDate(0, 0, 2+int(i)*3), SatellitesDeployed: ptr(deployed)}
				if month.Before(date(t, "2022-12-01")) {
					l.SpacexLaunchID, l.Name = ptr("5eb87d"+twoDigits(m)+twoDigits(int(i))), ptr("Starlink "+twoDigits(m)+"-"+twoDigits(int(i)))
				}
				d.Launches = append(d.Launches, l)
			}
		}
		d.Cadence = append(d.Cadence, c)
	}
	// An API launch no satellite data covers.
	d.Launches = append(d.Launches, Launch{Designator: "5eb87d46ffd86e000604b389", Date: date(t, "2022-12-17"), SpacexLaunchID: ptr("5eb87d46ffd86e000604b389"), Name: ptr("Starlink 4-37 (v1.5)")})
	slices.SortStableFunc(d.Launches, func(a, b Launch) int { return a.Date.Compare(b.Date) })

	// Backtest: origins every 6 months from 2021-11 (30 months of history) to 2024-11, scored
	// where the target is known: in orbit at 6, 12 and 24 months, launches in the next 12
	// months, and the first crossing of 6,000 in orbit (months after the origin, origins
	// before it). capacity within a few percent, flat_pooled under, naive over.
	bias := map[string]float64{"capacity": 0.03, "flat_pooled": -0.14, "naive": 0.22}
	width := map[string]float64{"capacity": 0.08, "flat_pooled": 0.05, "naive": 0.04}
	add := func(method, target string, origin, horizon int, threshold int64, actual, p50, halfWidth float64) {
		b := BacktestRow{Origin: first.AddDate(0, origin+1, -1), HistoryMonths: origin + 1, Method: method, Target: target,
			HorizonMonths: horizon, Threshold: threshold, P10: p50 - halfWidth, P50: p50, P90: p50 + halfWidth, Actual: actual,
			ErrorP50: p50 - actual, CalibrationFactor: 1}
		b.IsCovered = b.P10 <= actual && actual <= b.P90
		b.CRPS = math.Abs(b.ErrorP50) * 0.6
		b.Interval = 2 * halfWidth
		if !b.IsCovered {
			b.Interval += 10 * math.Min(math.Abs(actual-b.P10), math.Abs(actual-b.P90))
		}
		d.Backtest = append(d.Backtest, b)
	}
	crossing := 0
	for fixtureObserved(crossing) < 6000 {
		crossing++
	}
	for _, method := range []string{"capacity", "flat_pooled", "naive"} {
		for o := 30; o <= asOfMonth-6; o += 6 {
			for _, h := range []int{6, 12, 24} {
				if o+h > asOfMonth {
					continue
				}
				actual := float64(fixtureObserved(o + h))
				p50 := actual * (1 + bias[method]*float64(h)/12 + 0.02*math.Sin(float64(o+h)))
				add(method, "in_orbit", o, h, 0, actual, math.Round(p50), math.Round(p50*width[method]*float64(h)/6))
			}
			if o+12 <= asOfMonth {
				add(method, "launches_next_12m", o, 12, 0, 60+float64(o), math.Round((60+float64(o))*(1+bias[method])), 12)
			}
			if o < crossing {
				actual := float64(crossing - o)
				add(method, "threshold_crossing", o, 0, 6000, actual, math.Max(1, math.Round(actual*(1-bias[method]))), 4)
			}
		}
	}
	type key struct {
		method, target string
		horizon        int
		threshold      int64
	}
	var keys []key
	sums := map[key]*BacktestScore{}
	for _, b := range d.Backtest {
		k := key{b.Method, b.Target, b.HorizonMonths, b.Threshold}
		s, ok := sums[k]
		if !ok {
			s = &BacktestScore{Method: b.Method, Target: b.Target, HorizonMonths: b.HorizonMonths, Threshold: b.Threshold, FirstOrigin: b.Origin}
			sums[k] = s
			keys = append(keys, k)
		}
		s.Origins++
		s.LastOrigin = b.Origin
		s.MeanCRPS += b.CRPS
		s.MeanInterval += b.Interval
		s.MeanErrorP50 += b.ErrorP50
		s.MeanAbsErrorP50 += math.Abs(b.ErrorP50)
		if b.IsCovered {
			s.Coverage++
		}
	}
	for _, k := range keys {
		s := *sums[k]
		n := float64(s.Origins)
		s.MeanCRPS, s.MeanInterval, s.Coverage, s.MeanErrorP50, s.MeanAbsErrorP50 = s.MeanCRPS/n, s.MeanInterval/n, s.Coverage/n, s.MeanErrorP50/n, s.MeanAbsErrorP50/n
		d.BacktestSummary = append(d.BacktestSummary, s)
	}

	d.Assumptions = []Assumption{
		{Name: "falcon9_ceiling_launches_per_month", Value: "12", Default: "12", Unit: "launches/month", Source: "SpaceX, 2025 | cadence statements", Description: "Most Falcon 9 Starlink launches in a month."},
		{Name: "paths", Value: "2000", Default: "1000", IsOverridden: true, Unit: "paths", Source: "Project choice.", Description: "Simulated paths per scenario."},
		{Name: "starship_first_starlink_month_p50", Value: "2027-06", Default: "2027-06", Unit: "month", Source: "SpaceX statements, 2025.", Description: "Median month of Starship's first operational Starlink launch."},
	}
	d.Estimates = []Estimate{
		{Name: "falcon9_launches_per_month_now", Value: 9.83, P10: ptr(8.9), P90: ptr(10.7), Unit: "launches/month", Description: "Falcon 9's current regime."},
		{Name: "satellites_per_launch_falcon9", Value: 26.4, Unit: "satellites", Description: "Satellites per Falcon 9 launch, current regime."},
	}
	for _, f := range d.Forecasts {
		d.Authorised = append(d.Authorised,
			Authorised{Scenario: f.Name, Authorisation: "FCC Gen1 + Gen2 partial (2022)", Total: 11908, ShareExceeded: 1, ExceededMonthP50: ptr(date(t, "2027-03-01"))},
			Authorised{Scenario: f.Name, Authorisation: "ITU filings (42,000)", Total: 42000, ShareExceeded: 1 - f.ShareNeverReached, ExceededMonthP50: f.ReachP50})
	}
	h := d.Forecasts[0]
	d.Runs = []Run{
		{RunID: 7, IsLatest: true, FinishedAt: date(t, "2026-12-06").Add(7 * time.Hour), AsOf: asOf, DataSources: h.DataSources, GitCommit: h.GitCommit,
			AssumptionsHash: fixtureHash, OverriddenAssumptions: h.OverriddenAssumptions, HeadlineScenario: ptr("overall"),
			ReachP10: h.ReachP10, ReachP50: h.ReachP50, ReachP90: h.ReachP90, LaunchesP10: h.LaunchesP10, LaunchesP50: h.LaunchesP50, LaunchesP90: h.LaunchesP90},
		{RunID: 3, FinishedAt: date(t, "2026-12-01").Add(9 * time.Hour), AsOf: date(t, "2021-10-17"), DataSources: "spacex_api",
			AssumptionsHash: "aa" + fixtureHash[2:], HeadlineScenario: ptr("overall"), ReachP50: ptr(date(t, "2038-01-01")), LaunchesP50: ptr(int64(2100))},
	}
	d.Ledger = fixtureLedger(t, d)
	for _, s := range []int{22, 28, 50, 60} {
		for _, l := range []int{4, 5, 7} {
			perMonth := 42000 / (12 * float64(s) * float64(l))
			d.Requirements = append(d.Requirements, Requirement{SatellitesPerLaunch: s, LifetimeYears: l, Target: 42000,
				LaunchesPerMonthNeeded: perMonth, LaunchesPerYearNeeded: perMonth * 12})
		}
	}
	fixtureShells(t, &d)
	if err := d.Validate(); err != nil {
		t.Fatalf("the fixture is invalid: %v", err)
	}
	return d
}

// fixtureLedger is the ledger's points: run 3 (other assumptions, as of 2021-10-17), backtest
// origins every 6 months from 2021-11-30 to 2024-11-30 made with run 7's assumptions, then run
// 7. The median is reached from 2023 on; over the last four points (2023-11 to run 7) it moves
// within 5 months and the share never reaching the target within 4 points: settling.
func fixtureLedger(t *testing.T, d Data) []LedgerPoint {
	t.Helper()
	h := d.Headline()
	m := func(s string) *time.Time { x := date(t, s+"-01"); return &x }
	points := []LedgerPoint{{Kind: "run", RunID: 3, AsOf: date(t, "2021-10-17"), AssumptionsHash: "aa" + fixtureHash[2:], InOrbit: 1650,
		Target: 42000, ReachP50: m("2038-01"), ShareNeverReached: 0.3, LaunchesP50: ptr(int64(2100)), ProbBy2035: 0.2}}
	for i, o := range []struct {
		asOf                  string
		inOrbit               int64
		p10, p50, p90         string
		never, by2035, factor float64
	}{
		{"2021-11-30", 1700, "2031-06", "", "", 0.62, 0.28, 1},
		{"2022-05-31", 2300, "2031-01", "", "", 0.55, 0.33, 1},
		{"2022-11-30", 3300, "2030-04", "2036-02", "", 0.44, 0.45, 1.5},
		{"2023-05-31", 4100, "2030-07", "2034-09", "", 0.30, 0.55, 1.5},
		{"2023-11-30", 5100, "2030-10", "2033-09", "2044-01", 0.05, 0.66, 1.4},
		{"2024-05-31", 5900, "2031-01", "2033-11", "2043-05", 0.04, 0.68, 1.4},
		{"2024-11-30", 6600, "2031-02", "2033-08", "2043-11", 0.03, 0.70, 1.3},
	} {
		p := LedgerPoint{Kind: "backtest_origin", RunID: 7, AsOf: date(t, o.asOf), AssumptionsHash: fixtureHash, InOrbit: o.inOrbit,
			Target: 42000, ShareNeverReached: o.never, ProbBy2035: o.by2035, CalibrationFactor: ptr(o.factor), Order: i + 2}
		for _, q := range []struct {
			s   string
			dst **time.Time
		}{{o.p10, &p.ReachP10}, {o.p50, &p.ReachP50}, {o.p90, &p.ReachP90}} {
			if q.s != "" {
				*q.dst = m(q.s)
			}
		}
		if p.ReachP50 != nil {
			p.LaunchesP50 = ptr(int64(1500 + 10*i))
		}
		points = append(points, p)
	}
	points = append(points, LedgerPoint{Kind: "run", RunID: 7, AsOf: h.AsOf, IsCurrent: true, AssumptionsHash: fixtureHash, InOrbit: h.InOrbitAtAsOf,
		Target: h.Target, ReachP10: h.ReachP10, ReachP50: h.ReachP50, ReachP90: h.ReachP90, ShareNeverReached: h.ShareNeverReached,
		LaunchesP50: h.LaunchesP50, ProbBy2035: h.ProbBy2035, CalibrationFactor: ptr(1.3)})
	for i := range points {
		points[i].Order = i + 1
	}
	return points
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// apiOnly turns the fixture into a forecast from the SpaceX API alone.
func apiOnly(d Data) Data {
	for i := range d.Forecasts {
		d.Forecasts[i].DataSources = "spacex_api"
	}
	return apiOnlyShells(d)
}

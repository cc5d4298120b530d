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

// The fixture is made to the forecast mart contract (/work/briefs/contract.md at the time of
// writing; dbt/models/marts/_marts__models.yml once the marts exist): a constellation observed
// from May 2019 to the as-of date 2025-06-18 with both sources, four scenarios with the fitted
// one as headline, a backtest of three methods and the requirements table.
const (
	fixtureAsOf    = "2025-06-18"
	fixtureHorizon = "2060-12-31"
)

var fixtureAnswers = map[string]string{
	"fitted":              "Fitted cadence growth: 42,000 in orbit between Mar 2029 and Nov 2031 (median Jun 2030), after 310–520 more launches; 71% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"falcon9_ceiling":     "Today's rocket (Falcon 9 ceiling): 42,000 in orbit between Jan 2031 and Aug 2036 (median Feb 2033), after 900–1,300 more launches; 64% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"heavy_lift":          "Heavy-lift era: 42,000 in orbit between Oct 2028 and Dec 2030 (median Sep 2029), after 180–330 more launches; 93% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
	"naive_no_retirement": "Naive, no satellite ever retires: 42,000 in orbit between Jul 2028 and Feb 2030 (median Mar 2029), after 260–390 more launches; >99% chance by 2035. As of 2025-06-18, 7,600 in orbit.",
}

// fixtureObserved is the observed count in orbit at the start of month m (0 = May 2019): a
// logistic-looking growth to 7,600 at the as-of month (73).
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
		name, label, description string
		headline, naive          bool
		growth                   float64 // monthly growth of the median path after the as-of
		reach                    [3]string
		launches                 [3]int64
		never, p30, p35, p40     float64
	}
	for _, s := range []scenario{
		{"fitted", "Fitted cadence growth", "Launch cadence grows as fitted (log-linear) on the whole history; satellites per launch of the recent window; lifetimes drawn from the survival curve.", true, false, 0.035,
			[3]string{"2029-03-01", "2030-06-01", "2031-11-01"}, [3]int64{310, 410, 520}, 0.02, 0.28, 0.71, 0.97},
		{"falcon9_ceiling", "Today's rocket", "As fitted, but the cadence is capped at the Falcon 9 ceiling (starlink_falcon9_max_launches_per_month).", false, false, 0.026,
			[3]string{"2031-01-01", "2033-02-01", "2036-08-01"}, [3]int64{900, 1100, 1300}, 0.06, 0.05, 0.64, 0.9},
		{"heavy_lift", "Heavy-lift era", "As fitted until the heavy-lift start, then satellites per launch | of the heavy-lift var.", false, false, 0.045,
			[3]string{"2028-10-01", "2029-09-01", "2030-12-01"}, [3]int64{180, 250, 330}, 0, 0.55, 0.93, 1},
		{"naive_no_retirement", "No retirements", "The trailing cadence continued, and no satellite ever leaves orbit.", false, true, 0.05,
			[3]string{"2028-07-01", "2029-03-01", "2030-02-01"}, [3]int64{260, 320, 390}, 0, 0.999, 0.9999, 1},
	} {
		reach := func(i int) *time.Time { d := date(t, s.reach[i]); return &d }
		d.Forecasts = append(d.Forecasts, Forecast{
			Name: s.name, Label: s.label, Description: s.description, IsHeadline: s.headline, IsNaive: s.naive,
			AsOf: asOf, DataSources: "spacex_api+spacetrack", InOrbitAtAsOf: 7600, Target: 42000, SimulatedPaths: 500,
			Horizon: horizon, ReachP10: reach(0), ReachP50: reach(1), ReachP90: reach(2), ShareNeverReached: s.never,
			LaunchesP10: ptr(s.launches[0]), LaunchesP50: ptr(s.launches[1]), LaunchesP90: ptr(s.launches[2]),
			ProbBy2030: s.p30, ProbBy2035: s.p35, ProbBy2040: s.p40, Answer: fixtureAnswers[s.name],
		})
		for m := 0; m < 12*30; m++ { // to 2049-04
			fm := ForecastMonth{Scenario: s.name, Month: first.AddDate(0, m, 0), IsObserved: m <= asOfMonth}
			if m <= asOfMonth {
				fm.Observed = ptr(fixtureObserved(m))
			}
			if m >= asOfMonth {
				k := float64(m - asOfMonth)
				p50 := 7600 * math.Pow(1+s.growth, k) / (1 + 7600*(math.Pow(1+s.growth, k)-1)/60000)
				fm.InOrbitP50 = ptr(p50)
				fm.InOrbitP10 = ptr(7600 + (p50-7600)*(1-0.006*k/(1+0.01*k)))
				fm.InOrbitP90 = ptr(7600 + (p50-7600)*(1+0.008*k/(1+0.01*k)))
				fm.LaunchesP50 = ptr(math.Min(8+0.15*k, 25))
			}
			d.Months = append(d.Months, fm)
		}
	}

	// Cadence: 2019-05 to 2035-12; launches observed grow from ~0.5 to ~10 a month.
	for m := 0; m < 200; m++ {
		month := first.AddDate(0, m, 0)
		fitted := 0.8 * math.Exp(0.035*float64(m))
		c := CadenceMonth{Month: month, IsObserved: m <= asOfMonth, Fitted: ptr(fitted), P10: ptr(fitted * math.Exp(-0.25-0.004*math.Max(0, float64(m-asOfMonth)))), P90: ptr(fitted * math.Exp(0.25+0.006*math.Max(0, float64(m-asOfMonth))))}
		if m <= asOfMonth {
			n := int64(math.Round(fitted + 1.5*math.Sin(float64(m))))
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

	// Backtest: origins every 6 months from 2020-06 to 2024-12, horizons 6, 12 and 24 months
	// where the target date is known; fitted within a few percent, flat cadence under,
	// naive over.
	bias := map[string]float64{"fitted": 0.03, "flat_cadence": -0.14, "naive": 0.22}
	width := map[string]float64{"fitted": 0.08, "flat_cadence": 0.05, "naive": 0.04}
	type key struct {
		method  string
		horizon int
	}
	sumErr, covered, origins := map[key]float64{}, map[key]int{}, map[key]int{}
	for _, method := range []string{"fitted", "flat_cadence", "naive"} {
		for _, h := range []int{6, 12, 24} {
			for o := 13; o+h <= asOfMonth; o += 6 {
				origin, target := first.AddDate(0, o, 0), first.AddDate(0, o+h, 0)
				actual := fixtureObserved(o + h)
				wobble := 0.02 * math.Sin(float64(o+h))
				p50 := float64(actual) * (1 + bias[method]*float64(h)/12 + wobble)
				b := BacktestRow{Origin: origin, HorizonMonths: h, TargetDate: target, Method: method,
					P10: p50 * (1 - width[method]*float64(h)/6), P50: p50, P90: p50 * (1 + width[method]*float64(h)/6), Actual: actual}
				b.AbsPctError = math.Abs(p50-float64(actual)) / float64(actual)
				b.IsCovered = b.P10 <= float64(actual) && float64(actual) <= b.P90
				d.Backtest = append(d.Backtest, b)
				k := key{method, h}
				sumErr[k] += b.AbsPctError
				origins[k]++
				if b.IsCovered {
					covered[k]++
				}
			}
		}
	}
	for _, method := range []string{"fitted", "flat_cadence", "naive"} {
		for _, h := range []int{6, 12, 24} {
			k := key{method, h}
			d.BacktestSummary = append(d.BacktestSummary, BacktestScore{Method: method, HorizonMonths: h, Origins: origins[k],
				MeanAbsPctError: sumErr[k] / float64(origins[k]), Coverage: float64(covered[k]) / float64(origins[k]), IsHeadlineMethod: method == "fitted"})
		}
	}

	for _, s := range []int{22, 28, 50, 60} {
		for _, l := range []int{4, 5, 7} {
			perMonth := 42000 / (12 * float64(s) * float64(l))
			d.Requirements = append(d.Requirements, Requirement{SatellitesPerLaunch: s, LifetimeYears: l, Target: 42000,
				LaunchesPerMonthNeeded: perMonth, LaunchesPerYearNeeded: perMonth * 12})
		}
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("the fixture is invalid: %v", err)
	}
	return d
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// apiOnly turns the fixture into a forecast from the SpaceX API alone.
func apiOnly(d Data) Data {
	for i := range d.Forecasts {
		d.Forecasts[i].DataSources = "spacex_api"
	}
	return d
}

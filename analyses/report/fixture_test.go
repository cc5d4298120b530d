package report

import (
	"math/big"
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

func datePtr(t *testing.T, s string) *time.Time {
	d := date(t, s)
	return &d
}

func dec(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad decimal %q", s)
	}
	return r
}

func int64Ptr(n int64) *int64 { return &n }

// fixtureData is the recorded snapshot's forecast (as of 2021-10-17) in a few rows: flat and
// trend cadence never reach 42,000, no_retirements does on 2061-07-17 after 756 launches.
func fixtureData(t *testing.T) Data {
	t.Helper()
	asOf, horizon := date(t, "2021-10-17"), date(t, "2100-12-31")
	d := Data{
		Scenarios: []Scenario{
			{
				Key: "flat_cadence", Order: 1, TargetSatellites: 42000, SatellitesInOrbitAtAsOf: 1673,
				Method:           "Launches continue at the trailing 12-month average of 1.58/month with 53.5 satellites each; 0.76% fail within 6 months, the rest retire after 5 years.",
				LaunchesPerMonth: dec(t, "1.583"), LaunchesPerMonthChange: dec(t, "0.000"),
				SatellitesPerLaunch: dec(t, "53.5"), EarlyFailureRate: dec(t, "0.0076"),
				SatelliteLifetimeYears: dec(t, "5.00"), SatellitesInOrbitAtHorizon: dec(t, "5041"),
				AsOfDate: asOf, HorizonDate: horizon,
			},
			{
				Key: "trend_cadence", Order: 2, TargetSatellites: 42000, SatellitesInOrbitAtAsOf: 1673,
				Method:           "Launch cadence follows its trailing 12-month linear trend (0.79/month at the as-of date, -0.143/month each month, kept within 0..10) with 53.5 satellites each; 0.76% fail within 6 months, the rest retire after 5 years.",
				LaunchesPerMonth: dec(t, "0.795"), LaunchesPerMonthChange: dec(t, "-0.143"),
				SatellitesPerLaunch: dec(t, "53.5"), EarlyFailureRate: dec(t, "0.0076"),
				SatelliteLifetimeYears: dec(t, "5.00"), SatellitesInOrbitAtHorizon: dec(t, "0"),
				AsOfDate: asOf, HorizonDate: horizon,
			},
			{
				Key: "no_retirements", Order: 3, TargetSatellites: 42000, SatellitesInOrbitAtAsOf: 1673,
				Method:           "Naive: launches continue at the trailing 12-month average of 1.58/month with 53.5 satellites each, and no satellite ever leaves orbit.",
				LaunchesPerMonth: dec(t, "1.583"), LaunchesPerMonthChange: dec(t, "0.000"),
				SatellitesPerLaunch: dec(t, "53.5"), EarlyFailureRate: dec(t, "0.0000"),
				LaunchesNeeded: int64Ptr(756), MonthsNeeded: int64Ptr(477),
				SatellitesInOrbitAtHorizon: dec(t, "82106"),
				AsOfDate:                   asOf, TargetReachedOn: datePtr(t, "2061-07-17"), HorizonDate: horizon,
			},
		},
		Days: []Day{
			{Date: date(t, "2019-05-24"), SatellitesInOrbit: 60},
			{Date: date(t, "2020-06-13"), SatellitesInOrbit: 540},
			{Date: date(t, "2021-10-17"), SatellitesInOrbit: 1673},
		},
		Launches: []Launch{
			{Name: "Starlink v0.9", LaunchedAt: time.Date(2019, 5, 24, 2, 30, 0, 0, time.UTC)},
			{Name: "Starlink-9 (v1.0)", LaunchedAt: time.Date(2020, 6, 13, 9, 21, 0, 0, time.UTC)},
			{Name: "Starlink-28 (v1.0)", LaunchedAt: time.Date(2021, 5, 26, 18, 59, 0, 0, time.UTC)},
			{Name: "Starlink 2-1 (v1.5)", LaunchedAt: time.Date(2021, 9, 14, 3, 55, 0, 0, time.UTC)},
		},
	}
	// Month m ends on as_of_date + m months.
	months := map[string][]float64{ // projected launches, satellites in orbit
		"flat_cadence":   {0, 1673, 1.583, 1757, 1.583, 1841, 1.583, 4000, 1.583, 5041},
		"trend_cadence":  {0, 1673, 0.652, 1707.6, 0.508, 1734.5, 0, 1769.8, 0, 0},
		"no_retirements": {0, 1673, 1.583, 1757.7, 1.583, 1842.4, 1.583, 42010.2, 1.583, 82106.3},
	}
	ends := []time.Time{asOf, asOf.AddDate(0, 1, 0), asOf.AddDate(0, 2, 0), date(t, "2061-07-17"), horizon.AddDate(0, 0, -14)}
	for _, s := range d.Scenarios {
		v := months[s.Key]
		for i, end := range ends {
			start := asOf
			if i > 1 {
				start = end.AddDate(0, -1, 0)
			}
			d.Months = append(d.Months, Month{Scenario: s.Key, Number: monthNumber(asOf, end), StartDate: start, EndDate: end,
				ProjectedLaunches: v[2*i], SatellitesInOrbit: v[2*i+1]})
		}
	}
	return d
}

func monthNumber(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
}

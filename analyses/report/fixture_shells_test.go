package report

import (
	"math"
	"testing"
	"time"
)

// fixtureShells adds the shells and the sources to fixtureData, made to the contracts of
// fct_starlink_shells_monthly and dim_starlink_satellites: every month from May 2019 to the
// as-of month, the four shells of var starlink_shells (53° from the start, 70° and 97.6° from
// Sep 2021, 43° from Jan 2023), "other 40°" (2 satellites launched in Mar 2020, re-entered in
// Jun 2021) and "unknown" (2 satellites only the SpaceX API lists, from May 2019). The shells add
// up to fixtureObserved every month: 7,600 at the as-of date. Sources: 9,100 satellites from
// Space-Track, 2 from the SpaceX API.
func fixtureShells(t *testing.T, d *Data) {
	t.Helper()
	first, asOf := date(t, "2019-05-01"), date(t, fixtureAsOf)
	type shell struct {
		name     string
		order    int
		band     [2]float64 // none: zero
		from     string     // the first month with satellites
		share    float64    // of the as-of month's constellation, growing linearly from `from`
		altitude float64
		in       func(m int, month time.Time) int64 // in orbit; nil: computed from share
	}
	shells := []shell{
		{name: "53°", order: 1, band: [2]float64{52.5, 53.5}, from: "2019-05-01", altitude: 550},
		{name: "43°", order: 2, band: [2]float64{42.5, 43.5}, from: "2023-01-01", share: 0.20, altitude: 530.5},
		{name: "70°", order: 3, band: [2]float64{69.5, 70.5}, from: "2021-09-01", share: 0.05, altitude: 570},
		{name: "97.6°", order: 4, band: [2]float64{97, 98.2}, from: "2021-09-01", share: 0.06, altitude: 560.2},
		{name: "other 40°", order: 5, in: func(m int, month time.Time) int64 {
			if !month.Before(date(t, "2020-03-01")) && month.Before(date(t, "2021-06-01")) {
				return 2
			}
			return 0
		}},
		{name: "unknown", order: 5, in: func(int, time.Time) int64 { return 2 }},
	}
	asOfMonth := 73
	previous := map[string]int64{}
	for m := 0; m <= asOfMonth; m++ {
		month := first.AddDate(0, m, 0)
		end := month.AddDate(0, 1, -1)
		if m == asOfMonth {
			end = asOf
		}
		total := fixtureObserved(m)
		counts := map[string]int64{}
		rest := total
		for _, s := range shells[1:] {
			switch {
			case s.in != nil:
				counts[s.name] = s.in(m, month)
			case !month.Before(date(t, s.from)):
				from := date(t, s.from)
				span := float64(asOfMonth - (from.Year()-first.Year())*12 - int(from.Month()-first.Month()))
				k := float64(m-asOfMonth) + span
				counts[s.name] = int64(math.Round(float64(total) * s.share * (k + 1) / (span + 1)))
			}
			rest -= counts[s.name]
		}
		counts["53°"] = rest
		for _, s := range shells {
			n := counts[s.name]
			row := ShellMonth{Month: month, MonthEnd: end, Shell: s.name, ShellOrder: s.order, InOrbit: n}
			if s.band != [2]float64{} {
				row.InclinationMin, row.InclinationMax = ptr(s.band[0]), ptr(s.band[1])
			}
			if diff := n - previous[s.name]; diff > 0 {
				row.Launched = diff
			} else {
				row.Decayed = -diff
			}
			previous[s.name] = n
			if total > 0 {
				row.SharePercent = ptr(math.Round(float64(n)/float64(total)*1000) / 10)
			}
			if s.altitude > 0 {
				row.MedianAltitudeKm = ptr(s.altitude)
			}
			d.Shells = append(d.Shells, row)
		}
	}
	d.Sources = []SourceCount{{Source: "spacetrack", Satellites: 9100}, {Source: "spacex_api", Satellites: 2}}
}

// apiOnlyShells makes the shells and sources those of the SpaceX API alone: no orbit data, so
// every satellite in "unknown".
func apiOnlyShells(d Data) Data {
	var shells []ShellMonth
	var total int64
	for i, s := range d.Shells {
		total += s.InOrbit
		if i == len(d.Shells)-1 || !d.Shells[i+1].Month.Equal(s.Month) {
			shells = append(shells, ShellMonth{Month: s.Month, MonthEnd: s.MonthEnd, Shell: "unknown", ShellOrder: 5, InOrbit: total, SharePercent: ptr(100.0)})
			total = 0
		}
	}
	for i := range shells {
		if i == 0 {
			shells[i].Launched = shells[i].InOrbit
		} else if diff := shells[i].InOrbit - shells[i-1].InOrbit; diff > 0 {
			shells[i].Launched = diff
		} else {
			shells[i].Decayed = -diff
		}
	}
	d.Shells = shells
	d.Sources = []SourceCount{{Source: "spacex_api", Satellites: 1712}}
	return d
}

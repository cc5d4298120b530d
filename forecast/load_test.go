package forecast

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Test helpers: a History from Space-Track's satcat JSON (FORECAST_SATCAT) or from the small
// hand-made history under testdata/.

// satcatHistory builds a History as the warehouse would: satellites with their launch key
// (INTLDES YYYY-NNN), launches from the keys (Falcon 9, in the catalogue), AsOf = the latest
// launch or decay date.
func satcatHistory(path string) (History, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return History{}, fmt.Errorf("satcat %s: %w", path, err)
	}
	var rows []struct {
		IntlDes string  `json:"INTLDES"`
		Norad   string  `json:"NORAD_CAT_ID"`
		Launch  string  `json:"LAUNCH"`
		Decay   *string `json:"DECAY"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return History{}, fmt.Errorf("satcat %s: %w", path, err)
	}
	h := History{Sources: "spacetrack"}
	launches := map[string]*Launch{}
	var order []string
	for i, r := range rows {
		id, err := strconv.ParseInt(r.Norad, 10, 64)
		if err != nil {
			return h, fmt.Errorf("satcat %s row %d: NORAD_CAT_ID %q: %w", path, i, r.Norad, err)
		}
		ld, err := time.Parse(time.DateOnly, r.Launch)
		if err != nil {
			return h, fmt.Errorf("satcat %s row %d (NORAD %d): LAUNCH %q: %w", path, i, id, r.Launch, err)
		}
		if len(r.IntlDes) < 8 {
			return h, fmt.Errorf("satcat %s row %d (NORAD %d): INTLDES %q", path, i, id, r.IntlDes)
		}
		s := Satellite{NoradID: id, LaunchKey: r.IntlDes[:8], LaunchDate: ld}
		if r.Decay != nil && *r.Decay != "" {
			dd, err := time.Parse(time.DateOnly, *r.Decay)
			if err != nil {
				return h, fmt.Errorf("satcat %s row %d (NORAD %d): DECAY %q: %w", path, i, id, *r.Decay, err)
			}
			s.DecayDate = &dd
			if dd.After(h.AsOf) {
				h.AsOf = dd
			}
		}
		if ld.After(h.AsOf) {
			h.AsOf = ld
		}
		h.Satellites = append(h.Satellites, s)
		l := launches[s.LaunchKey]
		if l == nil {
			l = &Launch{Key: s.LaunchKey, Date: ld, Vehicle: Falcon9, Satellites: new(int), InCatalogue: true}
			launches[s.LaunchKey] = l
			order = append(order, s.LaunchKey)
		}
		*l.Satellites++
	}
	for _, k := range order {
		h.Launches = append(h.Launches, *launches[k])
	}
	return h, nil
}

// smallHistory is the hand-made history in testdata/small-history.json: launches with their
// satellite counts and the decay dates of the satellites that re-entered.
func smallHistory(t testing.TB) History {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "small-history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		AsOf     string `json:"as_of"`
		Sources  string `json:"sources"`
		Launches []struct {
			Key         string   `json:"key"`
			Date        string   `json:"date"`
			Satellites  *int     `json:"satellites"`
			InCatalogue *bool    `json:"in_catalogue"`
			Decays      []string `json:"decays"`
		} `json:"launches"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("testdata/small-history.json: %v", err)
	}
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatalf("testdata/small-history.json: %v", err)
		}
		return d
	}
	h := History{AsOf: day(doc.AsOf), Sources: doc.Sources}
	norad := int64(90000)
	for _, l := range doc.Launches {
		in := l.InCatalogue == nil || *l.InCatalogue
		launch := Launch{Key: l.Key, Date: day(l.Date), Vehicle: Falcon9, Satellites: l.Satellites, InCatalogue: in}
		h.Launches = append(h.Launches, launch)
		if !in {
			continue
		}
		for i := range *l.Satellites {
			norad++
			s := Satellite{NoradID: norad, LaunchKey: l.Key, LaunchDate: launch.Date}
			if i < len(l.Decays) {
				d := day(l.Decays[i])
				s.DecayDate = &d
			}
			h.Satellites = append(h.Satellites, s)
		}
	}
	return h
}

// realHistory is the catalogue FORECAST_SATCAT names (the test fails if it cannot be read);
// ok is false when the variable is unset.
func realHistory(t testing.TB) (History, bool) {
	t.Helper()
	path := os.Getenv("FORECAST_SATCAT")
	if path == "" {
		return History{}, false
	}
	h, err := satcatHistory(path)
	if err != nil {
		t.Fatalf("FORECAST_SATCAT: %v", err)
	}
	return h, true
}

// realOrSmallHistory is the catalogue FORECAST_SATCAT names (realHistory) when it is set,
// else the hand-made history.
func realOrSmallHistory(t testing.TB) History {
	t.Helper()
	if h, ok := realHistory(t); ok {
		return h
	}
	return smallHistory(t)
}

// defaults are the default assumptions, with the launch history starting at the hand-made
// history's first launch (2018-01; the real catalogue starts in 2019-05 anyway).
func defaults(t testing.TB) Assumptions {
	t.Helper()
	a, err := DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Set("history_start_month", "2018-01"); err != nil {
		t.Fatal(err)
	}
	return a
}

package explore

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// BenchmarkForecastHandler is one page request (GET /api/forecast: the engine's fast path with
// the default 1,000 paths per scenario, the result and its charts), each with another seed so
// that no answer comes from the cache. With FORECAST_SATCAT naming Space-Track's satcat JSON
// (e.g. ../../../shared/space-track/satcat-starlink.json) it runs on the real catalogue, else on
// the hand-made history. The page's budget is a second per request.
func BenchmarkForecastHandler(b *testing.B) {
	h := handMadeHistory()
	if path := os.Getenv("FORECAST_SATCAT"); path != "" {
		var err error
		if h, err = satcatHistory(path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := New(context.Background(), Config{History: h})
	if err != nil {
		b.Fatal(err)
	}
	handler := s.Handler()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		status, _, body := get(b, handler, "/api/forecast?starship_first_starlink_month_p50=2028-06&seed="+strconv.Itoa(1000+i))
		if status != http.StatusOK {
			b.Fatalf("status %d: %.300s", status, body)
		}
	}
	b.ReportMetric(float64(len(h.Satellites)), "satellites")
}

// satcatHistory is a History from Space-Track's satcat JSON as the warehouse would give it (as
// forecast's own test loader builds it): satellites with their launch key (INTLDES YYYY-NNN),
// launches from the keys (Falcon 9, in the catalogue), AsOf the latest launch or decay date.
func satcatHistory(path string) (forecast.History, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return forecast.History{}, fmt.Errorf("satcat %s: %w", path, err)
	}
	var rows []struct {
		IntlDes string  `json:"INTLDES"`
		Norad   string  `json:"NORAD_CAT_ID"`
		Launch  string  `json:"LAUNCH"`
		Decay   *string `json:"DECAY"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return forecast.History{}, fmt.Errorf("satcat %s: %w", path, err)
	}
	h := forecast.History{Sources: "spacetrack"}
	index := map[string]int{}
	for i, r := range rows {
		id, err := strconv.ParseInt(r.Norad, 10, 64)
		if err != nil {
			return h, fmt.Errorf("satcat %s row %d: NORAD_CAT_ID %q: %w", path, i, r.Norad, err)
		}
		launch, err := time.Parse(time.DateOnly, r.Launch)
		if err != nil || len(r.IntlDes) < 8 {
			return h, fmt.Errorf("satcat %s row %d (NORAD %d): LAUNCH %q, INTLDES %q", path, i, id, r.Launch, r.IntlDes)
		}
		s := forecast.Satellite{NoradID: id, LaunchKey: r.IntlDes[:8], LaunchDate: launch}
		h.AsOf = later(h.AsOf, launch)
		if r.Decay != nil && *r.Decay != "" {
			d, err := time.Parse(time.DateOnly, *r.Decay)
			if err != nil {
				return h, fmt.Errorf("satcat %s row %d (NORAD %d): DECAY %q: %w", path, i, id, *r.Decay, err)
			}
			s.DecayDate = &d
			h.AsOf = later(h.AsOf, d)
		}
		h.Satellites = append(h.Satellites, s)
		j, ok := index[s.LaunchKey]
		if !ok {
			j = len(h.Launches)
			index[s.LaunchKey] = j
			h.Launches = append(h.Launches, forecast.Launch{Key: s.LaunchKey, Date: launch, Vehicle: forecast.Falcon9, Satellites: new(int), InCatalogue: true})
		}
		*h.Launches[j].Satellites++
	}
	return h, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

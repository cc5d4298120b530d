package forecast

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Like the warehouse's SpaceX-API-only history: satellites known to 2021-10-17, the launch list
// to 2022-12-05 with the later launches' satellites unknown (not in the satellite data).
func TestRun_APILikeHistory(t *testing.T) {
	h, ok := realHistory(t)
	if !ok {
		h = smallHistory(t)
	}
	satEnd := time.Date(2021, 10, 17, 0, 0, 0, 0, time.UTC)
	listEnd := time.Date(2022, 12, 5, 0, 0, 0, 0, time.UTC)
	if !ok {
		satEnd = time.Date(2020, 10, 17, 0, 0, 0, 0, time.UTC)
		listEnd = time.Date(2021, 3, 5, 0, 0, 0, 0, time.UTC)
	}
	api := h.Cut(satEnd)
	for _, l := range h.Cut(listEnd).Launches {
		if l.Date.After(satEnd) {
			l.Satellites, l.InCatalogue = nil, false
			api.Launches = append(api.Launches, l)
		}
	}
	api.AsOf = listEnd
	r, err := Run(context.Background(), api, smallAssumptions(t))
	if err != nil {
		t.Fatal(err)
	}
	checkOrdered(t, r)
	var satLast time.Time
	for _, s := range api.Satellites {
		if s.LaunchDate.After(satLast) {
			satLast = s.LaunchDate
		}
		if s.DecayDate != nil && s.DecayDate.After(satLast) {
			satLast = *s.DecayDate
		}
	}
	known := 0
	for _, l := range api.Launches {
		if !l.InCatalogue {
			known++
		}
	}
	for _, s := range r.Scenarios {
		if s.NowcastLaunchesP50 < known {
			t.Errorf("%s: nowcast %d launches, want at least the %d listed launches without satellites", s.Name, s.NowcastLaunchesP50, known)
		}
		if !strings.Contains(s.Answer, listEnd.Format("2 Jan 2006")+" (the data ends then)") ||
			!strings.Contains(s.Answer, "satellite data ends "+satLast.Format("2 Jan 2006")) {
			t.Errorf("%s: %s", s.Name, s.Answer)
		}
		t.Log(s.Answer)
	}
}

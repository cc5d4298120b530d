package explore

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// handMadeHistory is a small history made here (no database): one Falcon 9 launch a month from
// 2018-01 to 2021-06 (two in January, April, July and October), 10 satellites each; of each
// launch one satellite re-enters 20 days after launch and one 730 days after (when before the
// as-of date 2021-06-20); two launches after the last catalogued one are known only from the
// launch list (one with 10 satellites, one with an unknown count).
func handMadeHistory() forecast.History {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	asOf := day(2021, 6, 20)
	h := forecast.History{AsOf: asOf, Sources: "hand-made"}
	norad := int64(90000)
	add := func(key string, date time.Time) {
		n := 10
		h.Launches = append(h.Launches, forecast.Launch{Key: key, Date: date, Vehicle: forecast.Falcon9, Satellites: &n, InCatalogue: true})
		for i := range n {
			norad++
			s := forecast.Satellite{NoradID: norad, LaunchKey: key, LaunchDate: date}
			var decay time.Time
			switch i {
			case 0:
				decay = date.AddDate(0, 0, 20)
			case 1:
				decay = date.AddDate(0, 0, 730)
			}
			if !decay.IsZero() && !decay.After(asOf) {
				s.DecayDate = &decay
			}
			h.Satellites = append(h.Satellites, s)
		}
	}
	seq := 0
	for m := day(2018, 1, 5); !m.After(day(2021, 6, 5)); m = m.AddDate(0, 1, 0) {
		seq++
		add(fmt.Sprintf("%d-%03d", m.Year(), seq), m)
		if m.Month()%3 == 1 {
			seq++
			add(fmt.Sprintf("%d-%03d", m.Year(), seq), m.AddDate(0, 0, 14))
		}
	}
	ten := 10
	h.Launches = append(h.Launches,
		forecast.Launch{Key: "api-1", Date: day(2021, 6, 10), Vehicle: forecast.Falcon9, Satellites: &ten},
		forecast.Launch{Key: "api-2", Date: day(2021, 6, 16), Vehicle: forecast.Falcon9})
	return h
}

var (
	sharedOnce   sync.Once
	sharedServer *Server
	sharedErr    error
)

// testServer is one Server over the hand-made history, shared by the tests (its full run is
// made once).
func testServer(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() { sharedServer, sharedErr = New(context.Background(), Config{History: handMadeHistory()}) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedServer
}

// get serves one GET request and returns the status, the header and the body.
func get(t testing.TB, h http.Handler, target string) (int, http.Header, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %.300s: %v", b, err)
	}
	return v
}

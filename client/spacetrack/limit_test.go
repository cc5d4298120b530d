package spacetrack

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/client/transport"
)

// fakeClock drives a Limiter without real waiting: sleep advances the clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) sleep(_ context.Context, d time.Duration) error {
	c.t = c.t.Add(d)
	return nil
}

func newFakeLimiter(t *testing.T, limits Limits, logger *slog.Logger) (*Limiter, *fakeClock) {
	t.Helper()
	l, err := NewLimiter(limits, 1, "", logger)
	if err != nil {
		t.Fatal(err)
	}
	c := &fakeClock{t: time.Date(2025, 6, 21, 12, 0, 0, 0, time.UTC)}
	l.now, l.sleep = c.now, c.sleep
	return l, c
}

// maxInWindow is the largest number of starts in any half-open window [t, t+size).
func maxInWindow(starts []time.Time, size time.Duration) int {
	best, j := 0, 0
	for i := range starts {
		for starts[i].Sub(starts[j]) >= size {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestLimiter_NeverExceedsEitherWindow(t *testing.T) {
	for _, limits := range []Limits{DefaultLimits, {PerMinute: PublishedPerMinute, PerHour: PublishedPerHour}, {PerMinute: 3, PerHour: 10}} {
		l, clock := newFakeLimiter(t, limits, nil)
		var starts []time.Time
		for i := 0; i < 700; i++ {
			if err := l.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
			starts = append(starts, clock.now())
			if i%7 == 0 { // the caller's own work between some requests
				clock.t = clock.t.Add(1500 * time.Millisecond)
			}
		}
		if got := maxInWindow(starts, time.Minute); got > limits.PerMinute {
			t.Errorf("%+v: %d requests in one minute", limits, got)
		}
		if got := maxInWindow(starts, time.Hour); got > limits.PerHour {
			t.Errorf("%+v: %d requests in one hour", limits, got)
		}
		// Under by construction, but not needlessly slow: each window is used to its limit.
		if got := maxInWindow(starts, time.Minute); got != limits.PerMinute {
			t.Errorf("%+v: at most %d requests in a minute, want the limit %d", limits, got, limits.PerMinute)
		}
		if got := maxInWindow(starts, time.Hour); got != limits.PerHour {
			t.Errorf("%+v: at most %d requests in an hour, want the limit %d", limits, got, limits.PerHour)
		}
	}
}

func TestLimiter_LogsHowLongItWaits(t *testing.T) {
	var logs bytes.Buffer
	l, clock := newFakeLimiter(t, Limits{PerMinute: 2, PerHour: 100}, slog.New(slog.NewTextHandler(&logs, nil)))
	start := clock.now()
	for range 3 {
		if err := l.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if waited := clock.now().Sub(start); waited != time.Minute {
		t.Errorf("third request waited %v, want 1m0s", waited)
	}
	if got := logs.String(); strings.Count(got, "waiting for Space-Track's rate limit") != 1 || !strings.Contains(got, "wait=1m0s") || !strings.Contains(got, "window=minute") {
		t.Errorf("want one log line saying it waits 1m0s for the minute window, got:\n%s", got)
	}
}

func TestLimiter_CancelledWhileWaiting(t *testing.T) {
	l, err := NewLimiter(Limits{PerMinute: 1, PerHour: 10}, 1, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("Wait = %v, want the context's error while waiting for the rate limit", err)
	}
}

func TestLimits_RefusesMoreThanPublishedRetriesIncluded(t *testing.T) {
	for _, c := range []struct {
		limits   Limits
		attempts int
	}{
		{Limits{PerMinute: 31, PerHour: 100}, 1},
		{Limits{PerMinute: 10, PerHour: 301}, 1},
		{Limits{PerMinute: 0, PerHour: 10}, 1},
		{Limits{PerMinute: 27, PerHour: 100}, 5}, // 27 + 4 retries > 30
		{Limits{PerMinute: 10, PerHour: 297}, 5}, // 297 + 4 retries > 300
	} {
		if _, err := NewLimiter(c.limits, c.attempts, "", nil); err == nil {
			t.Errorf("%+v with %d attempts accepted", c.limits, c.attempts)
		}
	}
	if err := DefaultLimits.Validate(5); err != nil {
		t.Error(err)
	}
}

// Two processes sharing a ledger file (two Limiters here, on one clock) stay under the limits
// together.
func TestLimiter_LedgerIsSharedBetweenProcesses(t *testing.T) {
	ledger := filepath.Join(t.TempDir(), "sub", "requests.json")
	limits := Limits{PerMinute: 5, PerHour: 12}
	clock := &fakeClock{t: time.Date(2025, 6, 21, 12, 0, 0, 0, time.UTC)}
	var ls []*Limiter
	for range 2 {
		l, err := NewLimiter(limits, 1, ledger, nil)
		if err != nil {
			t.Fatal(err)
		}
		l.now, l.sleep = clock.now, clock.sleep
		ls = append(ls, l)
	}
	var starts []time.Time
	for i := range 40 {
		if err := ls[i%2].Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, clock.now())
	}
	if got := maxInWindow(starts, time.Minute); got != limits.PerMinute {
		t.Errorf("%d requests in a minute from both, want the limit %d", got, limits.PerMinute)
	}
	if got := maxInWindow(starts, time.Hour); got != limits.PerHour {
		t.Errorf("%d requests in an hour from both, want the limit %d", got, limits.PerHour)
	}
	st, err := os.Stat(ledger)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("ledger mode %v, want 0600", st.Mode().Perm())
	}
	// A damaged ledger counts as a full hour: the next request waits rather than risk a ban.
	if err := os.WriteFile(ledger, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := clock.now()
	if err := ls[0].Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if waited := clock.now().Sub(before); waited != time.Hour {
		t.Errorf("after a damaged ledger the request waited %v, want 1h0m0s", waited)
	}
}

// fakeBase answers with the given statuses, in order.
type fakeBase struct{ statuses []int }

func (f *fakeBase) RoundTrip(r *http.Request) (*http.Response, error) {
	code := f.statuses[0]
	f.statuses = f.statuses[1:]
	return &http.Response{StatusCode: code, Status: http.StatusText(code), Body: io.NopCloser(strings.NewReader("[]")), Request: r}, nil
}

// A request waits once; its retries are counted (so the next requests wait for them) but do not
// wait themselves.
func TestLimiter_CountsRetries(t *testing.T) {
	l, clock := newFakeLimiter(t, Limits{PerMinute: 3, PerHour: 100}, nil)
	retrying := transport.New(transport.Options{
		Base:        &countingTransport{limiter: l, base: &fakeBase{statuses: []int{500, 503, 200, 200}}},
		MaxAttempts: 3, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond,
	})
	rt := &waitingTransport{limiter: l, next: retrying}
	start := clock.now()
	for range 2 {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://example.invalid/x", nil)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// 3 starts for the first request (two retries), so the second waits a minute.
	if waited := clock.now().Sub(start); waited != time.Minute {
		t.Errorf("the second request waited %v, want 1m0s (the first request's retries count)", waited)
	}
	if n := len(l.slots); n != 4 {
		t.Errorf("%d starts recorded, want 4", n)
	}
	if _, err := (&countingTransport{limiter: l, base: &fakeBase{statuses: []int{200}}}).RoundTrip(
		httptest.NewRequest(http.MethodGet, "http://example.invalid/", nil)); err == nil {
		t.Error("a request that bypassed the limiter was sent")
	}
}

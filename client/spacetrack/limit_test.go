package spacetrack

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
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
	l, err := NewLimiter(limits, logger)
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
	l, err := NewLimiter(Limits{PerMinute: 1, PerHour: 10}, nil)
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

func TestLimits_RefusesMoreThanPublished(t *testing.T) {
	for _, bad := range []Limits{{PerMinute: 31, PerHour: 100}, {PerMinute: 10, PerHour: 301}, {PerMinute: 0, PerHour: 10}} {
		if _, err := NewLimiter(bad, nil); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if err := DefaultLimits.Validate(); err != nil {
		t.Error(err)
	}
}

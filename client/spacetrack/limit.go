package spacetrack

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Space-Track's published limits: an account that sends more than 30 requests in a minute or
// 300 in an hour is suspended. DefaultLimits stays at 80% of both, so that clock differences
// between us and the server never make the server count more than its limit.
const (
	PublishedPerMinute = 30
	PublishedPerHour   = 300
)

// DefaultLimits is what NewSession uses when Config.Limits is zero.
var DefaultLimits = Limits{PerMinute: 24, PerHour: 240}

// Limits caps how many requests (every attempt, retries and logins included) may start in
// any sliding minute and any sliding hour.
type Limits struct {
	PerMinute int
	PerHour   int
}

// Validate refuses limits that are not positive or exceed Space-Track's published ones.
func (l Limits) Validate() error {
	if l.PerMinute < 1 || l.PerMinute > PublishedPerMinute {
		return fmt.Errorf("spacetrack: requests per minute %d: want 1..%d (Space-Track suspends accounts above %d)", l.PerMinute, PublishedPerMinute, PublishedPerMinute)
	}
	if l.PerHour < 1 || l.PerHour > PublishedPerHour {
		return fmt.Errorf("spacetrack: requests per hour %d: want 1..%d (Space-Track suspends accounts above %d)", l.PerHour, PublishedPerHour, PublishedPerHour)
	}
	return nil
}

// Limiter keeps requests under Limits by construction: every request reserves a start time
// such that no sliding minute holds more than PerMinute starts and no sliding hour more than
// PerHour, and waits for it. Reservations are made under a mutex and waited for outside it,
// so concurrent callers queue in order. Safe for concurrent use.
type Limiter struct {
	limits Limits
	logger *slog.Logger

	mu    sync.Mutex
	slots []time.Time // start times of the requests of the last hour (and reserved ones), ascending

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// NewLimiter returns a Limiter for limits (which must Validate). A nil logger logs nothing.
func NewLimiter(limits Limits, logger *slog.Logger) (*Limiter, error) {
	if err := limits.Validate(); err != nil {
		return nil, err
	}
	return &Limiter{limits: limits, logger: logger, now: time.Now, sleep: sleepContext}, nil
}

// reserve books the earliest start time allowed by both windows and returns how long to wait
// for it and which window made the wait.
func (l *Limiter) reserve() (time.Duration, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	// Forget starts older than an hour: they no longer count in any window.
	keep := 0
	for keep < len(l.slots) && !l.slots[keep].After(now.Add(-time.Hour)) {
		keep++
	}
	l.slots = l.slots[keep:]

	at, why := now, ""
	for _, w := range []struct {
		name string
		size time.Duration
		max  int
	}{{"minute", time.Minute, l.limits.PerMinute}, {"hour", time.Hour, l.limits.PerHour}} {
		if n := len(l.slots); n >= w.max {
			// The new start must be a full window after the max-th latest one.
			if earliest := l.slots[n-w.max].Add(w.size); earliest.After(at) {
				at, why = earliest, w.name
			}
		}
	}
	l.slots = append(l.slots, at)
	return at.Sub(now), why
}

// Wait blocks until the next request may start (or ctx ends), logging how long it waits.
func (l *Limiter) Wait(ctx context.Context) error {
	d, why := l.reserve()
	if d <= 0 {
		return ctx.Err()
	}
	if l.logger != nil {
		l.logger.LogAttrs(ctx, slog.LevelInfo, "waiting for Space-Track's rate limit",
			slog.Duration("wait", d.Round(time.Millisecond)),
			slog.String("window", why),
			slog.Int("per_minute", l.limits.PerMinute),
			slog.Int("per_hour", l.limits.PerHour))
	}
	if err := l.sleep(ctx, d); err != nil {
		return fmt.Errorf("spacetrack: waiting %v for the rate limit: %w", d.Round(time.Millisecond), err)
	}
	return nil
}

// limitedTransport makes every request wait for the Limiter before it is sent. It sits
// beneath the retrying client.Transport, so that retries count against the limits too.
type limitedTransport struct {
	limiter *Limiter
	base    http.RoundTripper
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return t.base.RoundTrip(req)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

package spacetrack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/spacex-elt/spacex-elt/client/transport"
)

// Space-Track's published limits: an account that sends more than 30 requests in a minute or
// 300 in an hour is suspended. DefaultLimits stays at 80% of both, which leaves room for the
// retries of the one request in flight (see Limits.Validate) and for clock differences.
const (
	PublishedPerMinute = 30
	PublishedPerHour   = 300
)

// DefaultLimits is what NewSession uses when Config.Limits is zero.
var DefaultLimits = Limits{PerMinute: 24, PerHour: 240}

// Limits caps how many requests may start in any sliding minute and any sliding hour.
type Limits struct {
	PerMinute int
	PerHour   int
}

// Validate refuses limits that are not positive, or that with the retries of one request
// (maxAttempts-1 more requests, which are counted but cannot wait: see Limiter) could exceed
// Space-Track's published limits.
func (l Limits) Validate(maxAttempts int) error {
	retries := max(maxAttempts-1, 0)
	if l.PerMinute < 1 || l.PerMinute+retries > PublishedPerMinute {
		return fmt.Errorf("spacetrack: %d requests per minute with %d retries: want 1..%d in all (Space-Track suspends accounts above %d a minute)",
			l.PerMinute, retries, PublishedPerMinute, PublishedPerMinute)
	}
	if l.PerHour < 1 || l.PerHour+retries > PublishedPerHour {
		return fmt.Errorf("spacetrack: %d requests per hour with %d retries: want 1..%d in all (Space-Track suspends accounts above %d an hour)",
			l.PerHour, retries, PublishedPerHour, PublishedPerHour)
	}
	return nil
}

// Limiter keeps requests under Limits by construction. Before each request, Wait reserves the
// earliest start such that no sliding minute holds more than PerMinute starts and no sliding
// hour more than PerHour, and waits for it (logging how long). The retries of a request, made by
// the retrying transport beneath, are recorded as starts too (Record), so later requests wait
// for them; a request's own retries never wait, which Limits.Validate allows for.
//
// With a ledger file, the starts are kept in that file (under an exclusive flock), so that every
// process of the machine using the same ledger shares the limits: two runs of the tap in the
// same minute together stay under them. Without one they are kept in memory, per Limiter.
// Safe for concurrent use.
type Limiter struct {
	limits Limits
	ledger string
	logger *slog.Logger

	mu    sync.Mutex
	slots []time.Time // without a ledger: the starts of the last hour (and reserved ones), ascending

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// NewLimiter returns a Limiter for limits (validated for maxAttempts). ledger is the path of the
// shared ledger file ("" keeps the starts in memory). A nil logger logs nothing.
func NewLimiter(limits Limits, maxAttempts int, ledger string, logger *slog.Logger) (*Limiter, error) {
	if err := limits.Validate(maxAttempts); err != nil {
		return nil, err
	}
	if ledger != "" {
		if err := os.MkdirAll(filepath.Dir(ledger), 0o700); err != nil {
			return nil, fmt.Errorf("spacetrack: rate-limit ledger: %w", err)
		}
	}
	return &Limiter{limits: limits, ledger: ledger, logger: logger, now: time.Now, sleep: transport.Sleep}, nil
}

// update runs f on the starts of the last hour (ascending) under the Limiter's locks and keeps
// what f returns.
func (l *Limiter) update(f func(now time.Time, slots []time.Time) []time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.ledger == "" {
		l.slots = f(now, prune(l.slots, now))
		return nil
	}
	file, err := os.OpenFile(l.ledger, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("spacetrack: rate-limit ledger: %w", err)
	}
	defer file.Close()
	if err := syscall.Flock(int(file.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("spacetrack: locking the rate-limit ledger %s: %w", l.ledger, err)
	}
	defer syscall.Flock(int(file.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing unlocks too
	data, err := io.ReadAll(file)
	if err != nil {
		return fmt.Errorf("spacetrack: reading the rate-limit ledger %s: %w", l.ledger, err)
	}
	var slots []time.Time
	if len(data) > 0 {
		if err := json.Unmarshal(data, &slots); err != nil {
			// A damaged ledger is no reason to stop, but it forgot requests: assume the worst,
			// a full hour window, rather than none.
			if l.logger != nil {
				l.logger.Warn("the rate-limit ledger is unreadable: starting it again as if the hour were full", "ledger", l.ledger, "error", err)
			}
			slots = make([]time.Time, l.limits.PerHour)
			for i := range slots {
				slots[i] = now
			}
		}
	}
	slots = f(now, prune(slots, now))
	out, err := json.Marshal(slots)
	if err != nil {
		return err
	}
	if err := file.Truncate(0); err != nil {
		return fmt.Errorf("spacetrack: writing the rate-limit ledger %s: %w", l.ledger, err)
	}
	if _, err := file.WriteAt(out, 0); err != nil {
		return fmt.Errorf("spacetrack: writing the rate-limit ledger %s: %w", l.ledger, err)
	}
	return nil
}

// prune drops the starts older than an hour: they no longer count in any window.
func prune(slots []time.Time, now time.Time) []time.Time {
	keep := 0
	for keep < len(slots) && !slots[keep].After(now.Add(-time.Hour)) {
		keep++
	}
	return slots[keep:]
}

// reserve books the earliest start time allowed by both windows and returns how long to wait
// for it and which window made the wait.
func (l *Limiter) reserve() (wait time.Duration, why string, err error) {
	err = l.update(func(now time.Time, slots []time.Time) []time.Time {
		at := now
		for _, w := range []struct {
			name string
			size time.Duration
			max  int
		}{{"minute", time.Minute, l.limits.PerMinute}, {"hour", time.Hour, l.limits.PerHour}} {
			if n := len(slots); n >= w.max {
				// The new start must be a full window after the max-th latest one.
				if earliest := slots[n-w.max].Add(w.size); earliest.After(at) {
					at, why = earliest, w.name
				}
			}
		}
		wait = at.Sub(now)
		return insertSorted(slots, at)
	})
	return wait, why, err
}

// Record counts a request that started now without waiting (a retry).
func (l *Limiter) Record() error {
	return l.update(func(now time.Time, slots []time.Time) []time.Time { return insertSorted(slots, now) })
}

func insertSorted(slots []time.Time, t time.Time) []time.Time {
	i := len(slots)
	for i > 0 && slots[i-1].After(t) {
		i--
	}
	slots = append(slots, time.Time{})
	copy(slots[i+1:], slots[i:])
	slots[i] = t
	return slots
}

// Wait blocks until the next request may start (or ctx ends), logging how long it waits.
func (l *Limiter) Wait(ctx context.Context) error {
	d, why, err := l.reserve()
	if err != nil {
		return err
	}
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

// attemptsKey carries a request's attempt counter from waitingTransport to countingTransport.
type attemptsKey struct{}

// waitingTransport sits above the retrying transport: each request waits for the Limiter once.
type waitingTransport struct {
	limiter *Limiter
	next    http.RoundTripper
}

func (t *waitingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	attempts := new(int)
	return t.next.RoundTrip(req.WithContext(context.WithValue(req.Context(), attemptsKey{}, attempts)))
}

// countingTransport sits beneath the retrying transport: every attempt after a request's first
// (a retry) is recorded in the Limiter, so the next requests wait for it. Retries are not made
// to wait here: the retrying transport bounds each attempt's time, and a wait would count in it.
type countingTransport struct {
	limiter *Limiter
	base    http.RoundTripper
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	attempts, _ := req.Context().Value(attemptsKey{}).(*int)
	if attempts == nil {
		return nil, errors.New("spacetrack: request did not pass the rate limiter")
	}
	*attempts++
	if *attempts > 1 {
		if err := t.limiter.Record(); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}
	return t.base.RoundTrip(req)
}

// Package transport is the HTTP transport both API clients (client/spacex and
// client/spacetrack) send their requests through: it sets a User-Agent, retries
// transient failures with exponential back-off and full jitter (honouring
// Retry-After), bounds each attempt's waits on the server, reports each attempt
// (OnAttempt) and counts what it did. Space-Track's rate limits are its
// client's (client/spacetrack), around this transport.
//
// Typical wiring (a generated client accepts any HttpRequestDoer):
//
//	tr := transport.New(transport.Options{UserAgent: ua, Logger: log})
//	c, err := spacex.NewClient(baseURL, spacex.WithHTTPClient(&http.Client{Transport: tr}))
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// DefaultUserAgent is the User-Agent sent when Options.UserAgent is empty;
// the taps send their own.
const DefaultUserAgent = "spacex-elt (+https://github.com/spacex-elt/spacex-elt)"

// Defaults applied by New to zero-valued Options fields.
const (
	DefaultMaxAttempts = 5
	DefaultBaseDelay   = 500 * time.Millisecond
	DefaultMaxDelay    = 30 * time.Second
)

// drainLimit bounds how much of a discarded (retried) response body is read
// so that its connection can be reused; larger bodies are just closed.
const drainLimit = 64 << 10

// Options configures New. The zero value is usable: default base transport,
// DefaultUserAgent, 5 attempts, 500ms..30s back-off, no logging.
type Options struct {
	// Base performs each individual attempt. Nil means DefaultBase().
	Base http.RoundTripper

	// UserAgent is set on every request that does not already carry a
	// User-Agent header. Empty means DefaultUserAgent.
	UserAgent string

	// MaxAttempts is the total number of attempts per request, the first one
	// included (so 1 disables retries). Zero or negative means
	// DefaultMaxAttempts (5).
	MaxAttempts int

	// BaseDelay is the back-off ceiling before the first retry; the ceiling
	// doubles for every further retry and the actual delay is drawn uniformly
	// from [0, ceiling] ("full jitter"). Zero or negative means
	// DefaultBaseDelay (500ms).
	BaseDelay time.Duration

	// MaxDelay caps every wait between two attempts: the back-off ceiling and
	// also a server's Retry-After (a longer Retry-After is shortened to
	// MaxDelay). Zero or negative means DefaultMaxDelay (30s).
	MaxDelay time.Duration

	// AttemptTimeout, when positive, bounds each attempt's waits on the server:
	// from sending the request until the response headers arrive (connecting
	// included), and then each read of the response body (the time between
	// the caller's reads, e.g. spent writing records out, does not count).
	// An attempt that times out before its headers is retried like a
	// connection error, with a timeout of its own; a body that stalls fails
	// the read with an *AttemptTimeoutError. Back-off waits are never
	// counted. Zero means no per-attempt limit (only the request context).
	AttemptTimeout time.Duration

	// OnAttempt, if not nil, is called after each attempt (retries included) with the
	// attempt's request, its response status (0 when no response came: a connection error
	// or a timeout) and the time until the response headers (or the error). The taps log it
	// as a Singer http_request_duration METRIC.
	OnAttempt func(req *http.Request, status int, took time.Duration)

	// Logger, if not nil, receives one WARN record per retry with the
	// endpoint (method and URL, credentials redacted), the failed attempt
	// number, its status or error, and the delay before the next attempt.
	// Request headers are never logged.
	Logger *slog.Logger
}

// Stats is a snapshot of a Transport's counters, see Transport.Stats.
type Stats struct {
	// Requests is the number of attempts handed to the base transport, first
	// tries and retries alike.
	Requests int64
	// Retries is the number of those attempts that were retries.
	Retries int64
	// Throttled is the number of 429 Too Many Requests responses received.
	Throttled int64
	// GaveUp is the number of requests that failed with a *RetryError after
	// exhausting MaxAttempts.
	GaveUp int64
}

// Transport is an http.RoundTripper adding User-Agent, retries and
// per-attempt timeouts to a base RoundTripper. Build it with New; it is safe
// for concurrent use.
//
// Every method is retried, POST included: the SpaceX API's POST
// /<resource>/query endpoints are read-only. Request bodies are replayed
// with req.GetBody when set (http.NewRequest sets it for bytes, strings and
// bytes.Buffer bodies), otherwise the body is buffered in memory once.
//
// Retried: 429, 500, 502, 503 and 504 responses, and transport errors that
// look transient (connection refused or reset, timeouts, the connection
// closing before a response). Any other response, 4xx included, is returned
// unchanged for the caller to handle. When the last attempt also fails,
// RoundTrip returns a *RetryError. A cancelled request context stops the
// retry loop at once, also while sleeping between attempts.
type Transport struct {
	base        http.RoundTripper
	userAgent   string
	maxAttempts int
	baseDelay   time.Duration
	maxDelay    time.Duration
	logger      *slog.Logger
	timeout     time.Duration
	onAttempt   func(req *http.Request, status int, took time.Duration)

	requests  atomic.Int64
	retries   atomic.Int64
	throttled atomic.Int64
	gaveUp    atomic.Int64

	// Test hooks; New sets real implementations.
	now    func() time.Time                                 // wall clock (Retry-After dates)
	sleep  func(ctx context.Context, d time.Duration) error // must return ctx.Err() early when ctx is done
	jitter func(ceiling time.Duration) time.Duration        // uniform in [0, ceiling]
}

// New returns a Transport configured by opts (see Options for the defaults
// of zero-valued fields).
func New(opts Options) *Transport {
	t := &Transport{
		base:        opts.Base,
		userAgent:   opts.UserAgent,
		maxAttempts: opts.MaxAttempts,
		baseDelay:   opts.BaseDelay,
		maxDelay:    opts.MaxDelay,
		logger:      opts.Logger,
		timeout:     max(opts.AttemptTimeout, 0),
		onAttempt:   opts.OnAttempt,
		now:         time.Now,
		sleep:       Sleep,
		jitter:      fullJitter,
	}
	if t.base == nil {
		base := DefaultBase()
		if t.timeout > 0 {
			base.ResponseHeaderTimeout = 0 // the attempt timeout bounds it
		}
		t.base = base
	}
	if t.userAgent == "" {
		t.userAgent = DefaultUserAgent
	}
	if t.maxAttempts <= 0 {
		t.maxAttempts = DefaultMaxAttempts
	}
	if t.baseDelay <= 0 {
		t.baseDelay = DefaultBaseDelay
	}
	if t.maxDelay <= 0 {
		t.maxDelay = DefaultMaxDelay
	}
	return t
}

// DefaultBase returns a clone of http.DefaultTransport (proxy from
// the environment, HTTP/2, connection pooling) with explicit timeouts for
// dialing (10s), the TLS handshake (10s) and waiting for response headers
// (30s), so that a stalled server surfaces as a retryable timeout instead of
// hanging until the request context ends.
func DefaultBase() *http.Transport {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 30 * time.Second
	t.ExpectContinueTimeout = time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 16
	return t
}

// Stats returns a snapshot of the counters. Safe for concurrent use.
func (t *Transport) Stats() Stats {
	return Stats{
		Requests:  t.requests.Load(),
		Retries:   t.retries.Load(),
		Throttled: t.throttled.Load(),
		GaveUp:    t.gaveUp.Load(),
	}
}

// RetryError is returned by Transport.RoundTrip when every attempt failed
// with a retryable status or transport error. The http.Client wraps it in a
// *url.Error; use errors.As to get at it.
type RetryError struct {
	// Method and URL identify the endpoint; URL has any password redacted.
	Method string
	URL    string
	// Attempts is how many attempts were made.
	Attempts int
	// StatusCode and Status describe the last response ("503 Service
	// Unavailable"); StatusCode is 0 when the last attempt got no response.
	StatusCode int
	Status     string
	// Err is the last attempt's transport error, nil when it got a response.
	Err error
}

func (e *RetryError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s %s: giving up after %d attempts: last error: %v", e.Method, e.URL, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s %s: giving up after %d attempts: last status %s", e.Method, e.URL, e.Attempts, e.Status)
}

// Unwrap returns the last transport error, if any.
func (e *RetryError) Unwrap() error { return e.Err }

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	endpoint := method + " " + req.URL.Redacted()

	// Make the body replayable. origBody is the caller's body until the first
	// attempt hands it to the base transport, which closes it.
	origBody := req.Body
	if origBody == http.NoBody {
		origBody = nil
	}
	var getBody func() (io.ReadCloser, error)
	if origBody != nil && t.maxAttempts > 1 {
		if req.GetBody != nil {
			getBody = req.GetBody
		} else {
			data, err := io.ReadAll(origBody)
			origBody.Close()
			origBody = nil
			if err != nil {
				return nil, fmt.Errorf("%s: buffering request body for retries: %w", endpoint, err)
			}
			getBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		}
	}

	for attempt := 1; ; attempt++ {

		r := req.Clone(ctx)
		if r.Header == nil {
			r.Header = make(http.Header)
		}
		if r.Header.Get("User-Agent") == "" {
			r.Header.Set("User-Agent", t.userAgent)
		}
		switch {
		case origBody != nil:
			r.Body = origBody // first attempt: the base transport closes it
			origBody = nil
		case getBody != nil:
			body, err := getBody()
			if err != nil {
				return nil, fmt.Errorf("%s: replaying request body for attempt %d: %w", endpoint, attempt, err)
			}
			r.Body = body
			r.GetBody = getBody
		}

		t.requests.Add(1)
		if attempt > 1 {
			t.retries.Add(1)
		}
		started := time.Now()
		resp, timer, err := t.attempt(ctx, r, endpoint, attempt)
		if t.onAttempt != nil {
			status := 0
			if err == nil {
				status = resp.StatusCode
			}
			t.onAttempt(r, status, time.Since(started))
		}

		var delay time.Duration
		if err != nil {
			if ctx.Err() != nil || !retryableError(err) {
				return nil, err
			}
			if attempt >= t.maxAttempts {
				t.gaveUp.Add(1)
				return nil, &RetryError{Method: method, URL: req.URL.Redacted(), Attempts: attempt, Err: err}
			}
			delay = t.backoff(attempt)
			t.logRetry(ctx, endpoint, attempt, slog.String("error", err.Error()), delay)
		} else {
			if !retryableStatus(resp.StatusCode) {
				timer.watch(resp)
				return resp, nil
			}
			timer.stop()
			if resp.StatusCode == http.StatusTooManyRequests {
				t.throttled.Add(1)
			}
			discard(resp.Body)
			if attempt >= t.maxAttempts {
				t.gaveUp.Add(1)
				return nil, &RetryError{Method: method, URL: req.URL.Redacted(), Attempts: attempt,
					StatusCode: resp.StatusCode, Status: statusText(resp)}
			}
			if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), t.now()); ok {
				delay = min(ra, t.maxDelay)
			} else {
				delay = t.backoff(attempt)
			}
			t.logRetry(ctx, endpoint, attempt, slog.Int("status", resp.StatusCode), delay)
		}

		if err := t.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("%s: waiting %v before attempt %d of %d: %w", endpoint, delay, attempt+1, t.maxAttempts, err)
		}
	}
}

// AttemptTimeoutError is the error of an attempt that waited on the server longer than
// Options.AttemptTimeout, for its response headers or for a read of its body.
type AttemptTimeoutError struct {
	Endpoint string
	Attempt  int
	Limit    time.Duration
	// Body is true when the response had started and a read of its body stalled.
	Body bool
}

func (e *AttemptTimeoutError) Error() string {
	if e.Body {
		return fmt.Sprintf("%s: attempt %d: the response body stalled: no data for %v", e.Endpoint, e.Attempt, e.Limit)
	}
	return fmt.Sprintf("%s: attempt %d: no response within %v", e.Endpoint, e.Attempt, e.Limit)
}

// Timeout reports true, so the error is retried (and reads as a net.Error timeout).
func (e *AttemptTimeoutError) Timeout() bool { return true }

// Temporary reports true (net.Error).
func (e *AttemptTimeoutError) Temporary() bool { return true }

// attemptTimer is one attempt's timeout: a cancellable context whose timer runs only while
// the attempt waits on the server.
type attemptTimer struct {
	cancel  context.CancelCauseFunc
	timer   *time.Timer
	timeout time.Duration
	err     *AttemptTimeoutError
}

// attempt sends r once under its own timeout. On success the returned timer still holds the
// attempt's context: watch hands it to the response body, stop releases it.
func (t *Transport) attempt(ctx context.Context, r *http.Request, endpoint string, attempt int) (*http.Response, *attemptTimer, error) {
	if t.timeout <= 0 {
		resp, err := t.base.RoundTrip(r)
		return resp, &attemptTimer{}, err
	}
	actx, cancel := context.WithCancelCause(ctx)
	at := &attemptTimer{cancel: cancel, timeout: t.timeout,
		err: &AttemptTimeoutError{Endpoint: endpoint, Attempt: attempt, Limit: t.timeout}}
	at.timer = time.AfterFunc(t.timeout, func() { cancel(at.err) })
	resp, err := t.base.RoundTrip(r.WithContext(actx))
	at.timer.Stop()
	if err != nil {
		if ctx.Err() == nil && errors.Is(context.Cause(actx), at.err) {
			err = at.err
		}
		cancel(nil)
		return nil, at, err
	}
	return resp, at, nil
}

// stop releases the attempt's context.
func (a *attemptTimer) stop() {
	if a.cancel != nil {
		a.timer.Stop()
		a.cancel(nil)
	}
}

// watch makes resp's body run the timer during each read and release the attempt's context
// when closed.
func (a *attemptTimer) watch(resp *http.Response) {
	if a.cancel == nil || resp.Body == nil {
		return
	}
	a.err.Body = true
	resp.Body = &timedBody{rc: resp.Body, at: a}
}

// timedBody is a response body whose reads are each bounded by the attempt timeout.
type timedBody struct {
	rc io.ReadCloser
	at *attemptTimer
}

func (b *timedBody) Read(p []byte) (int, error) {
	b.at.timer.Reset(b.at.timeout)
	n, err := b.rc.Read(p)
	if !b.at.timer.Stop() && err != nil && err != io.EOF {
		return n, b.at.err // the timer fired: the read failed because it stalled
	}
	return n, err
}

func (b *timedBody) Close() error {
	err := b.rc.Close()
	b.at.stop()
	return err
}

func (t *Transport) logRetry(ctx context.Context, endpoint string, attempt int, what slog.Attr, delay time.Duration) {
	if t.logger == nil {
		return
	}
	t.logger.LogAttrs(ctx, slog.LevelWarn, "retrying HTTP request",
		slog.String("endpoint", endpoint),
		slog.Int("attempt", attempt),
		slog.Int("max_attempts", t.maxAttempts),
		what,
		slog.Duration("delay", delay),
	)
}

// backoff returns the delay after failed attempt n (1-based): full jitter
// over a ceiling of baseDelay·2^(n-1), capped at maxDelay.
func (t *Transport) backoff(n int) time.Duration {
	ceiling := t.maxDelay
	if shift := n - 1; shift < 62 {
		if c := t.baseDelay << shift; c > 0 && c>>shift == t.baseDelay && c < ceiling {
			ceiling = c
		}
	}
	return t.jitter(ceiling)
}

// retryableStatus reports whether a response status is worth retrying.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableError reports whether a transport error looks transient: the
// connection was refused, reset or closed before a response arrived, or an
// operation timed out. Certificate/TLS errors, bad URLs and the like are not
// retried.
func retryableError(err error) bool {
	var timeout *AttemptTimeoutError
	if errors.As(err, &timeout) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
	)
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidErr) || errors.As(err, &recordErr) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr)
}

// parseRetryAfter parses a Retry-After header value: delay-seconds or an
// HTTP date (a date in the past means "now").
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if when, err := http.ParseTime(v); err == nil {
		return max(when.Sub(now), 0), true
	}
	return 0, false
}

func statusText(resp *http.Response) string {
	if resp.Status != "" {
		return resp.Status
	}
	return strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
}

// discard drains a little of body, so the connection can be reused, and
// closes it.
func discard(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	body.Close()
}

// Sleep waits d, or less when ctx ends first (it then returns ctx's error); a d of zero or
// less returns at once. Space-Track's rate limiter waits with it too.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

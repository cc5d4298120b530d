package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ---- helpers ---------------------------------------------------------------

// fakeClock replaces Transport's time: Sleep records the delay and moves Now
// forward instead of sleeping.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// newTestTransport builds a Transport on a fake clock whose jitter always
// picks the ceiling, so back-off delays are deterministic.
func newTestTransport(t *testing.T, opts Options) (*Transport, *fakeClock) {
	t.Helper()
	tr := New(opts)
	clk := newFakeClock()
	tr.now = clk.Now
	tr.sleep = clk.Sleep
	tr.jitter = func(ceiling time.Duration) time.Duration { return ceiling }
	return tr, clk
}

type recordedRequest struct {
	Method, Path, UserAgent, Body string
	ContentLength                 int64
}

// scriptedServer answers the n-th request with steps[n] (the last step
// repeats) and records every request.
type scriptedServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recordedRequest
}

func newScriptedServer(t *testing.T, steps ...http.HandlerFunc) *scriptedServer {
	t.Helper()
	s := &scriptedServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, recordedRequest{r.Method, r.URL.Path, r.UserAgent(), string(body), r.ContentLength})
		s.mu.Unlock()
		steps[min(n, len(steps)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedServer) Requests() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// reply answers with code, the given header key/value pairs and a short body.
func reply(code int, headerKV ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headerKV); i += 2 {
			w.Header().Set(headerKV[i], headerKV[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, `{"status":`+strconv.Itoa(code)+`}`)
	}
}

// hangUp closes the connection without answering.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

func doRequest(t *testing.T, tr http.RoundTripper, ctx context.Context, method, url, body string) (*http.Response, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err == nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, err
}

func assertStatus(t *testing.T, resp *http.Response, err error, want int) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if resp.StatusCode != want {
		t.Fatalf("status = %d, want %d", resp.StatusCode, want)
	}
}

func assertStats(t *testing.T, tr *Transport, want Stats) {
	t.Helper()
	if got := tr.Stats(); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

func assertDelays(t *testing.T, clk *fakeClock, want ...time.Duration) {
	t.Helper()
	if got := clk.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func assertErrorContains(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want one containing %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %q, want it to contain %q", err, want)
	}
}

// ---- tests -----------------------------------------------------------------

func TestTransport_RetriesAfter429HonouringRetryAfter(t *testing.T) {
	now := newFakeClock().Now()
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http date", now.Add(8 * time.Second).Format(http.TimeFormat), 8 * time.Second},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"capped by MaxDelay", "3600", 10 * time.Second},
		{"unparseable falls back to back-off", "soon", 250 * time.Millisecond},
		{"absent falls back to back-off", "", 250 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first := reply(http.StatusTooManyRequests)
			if tc.retryAfter != "" {
				first = reply(http.StatusTooManyRequests, "Retry-After", tc.retryAfter)
			}
			srv := newScriptedServer(t, first, reply(http.StatusOK))
			tr, clk := newTestTransport(t, Options{BaseDelay: 250 * time.Millisecond, MaxDelay: 10 * time.Second})

			resp, err := doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/v5/launches/latest", "")

			assertStatus(t, resp, err, http.StatusOK)
			assertDelays(t, clk, tc.want)
			assertStats(t, tr, Stats{Requests: 2, Retries: 1, Throttled: 1})
		})
	}
}

func TestTransport_RetriesServerErrorsThenSucceeds(t *testing.T) {
	for _, code := range []int{500, 502, 503, 504} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv := newScriptedServer(t, reply(code), reply(code), reply(http.StatusOK))
			tr, clk := newTestTransport(t, Options{BaseDelay: 100 * time.Millisecond})

			resp, err := doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/v4/rockets", "")

			assertStatus(t, resp, err, http.StatusOK)
			body, _ := io.ReadAll(resp.Body)
			if string(body) != `{"status":200}` {
				t.Errorf("body = %q", body)
			}
			if n := len(srv.Requests()); n != 3 {
				t.Errorf("server saw %d requests, want 3", n)
			}
			// Exponential: ceilings 100ms then 200ms (jitter pinned to the ceiling).
			assertDelays(t, clk, 100*time.Millisecond, 200*time.Millisecond)
			assertStats(t, tr, Stats{Requests: 3, Retries: 2})
		})
	}
}

func TestTransport_GivesUpAfterMaxAttempts(t *testing.T) {
	srv := newScriptedServer(t, reply(http.StatusServiceUnavailable))
	tr, clk := newTestTransport(t, Options{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: 1500 * time.Millisecond})
	url := srv.URL + "/v5/launches/query"

	_, err := doRequest(t, tr, context.Background(), http.MethodPost, url, `{"query":{}}`)

	assertErrorContains(t, err, "POST "+url+": giving up after 3 attempts: last status 503 Service Unavailable")
	var re *RetryError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *RetryError", err)
	}
	if re.Attempts != 3 || re.StatusCode != 503 || re.Method != "POST" || re.URL != url || re.Err != nil {
		t.Errorf("RetryError = %+v", re)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
	assertDelays(t, clk, time.Second, 1500*time.Millisecond) // second ceiling capped by MaxDelay
	assertStats(t, tr, Stats{Requests: 3, Retries: 2, GaveUp: 1})
}

func TestTransport_RetriesConnectionRefusedThenGivesUp(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/v4/capsules"
	srv.Close() // nothing listens there any more
	tr, clk := newTestTransport(t, Options{MaxAttempts: 3})

	_, err := doRequest(t, tr, context.Background(), http.MethodGet, url, "")

	assertErrorContains(t, err, "GET "+url+": giving up after 3 attempts: last error: ")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v does not wrap ECONNREFUSED", err)
	}
	if len(clk.Sleeps()) != 2 {
		t.Errorf("sleeps = %v, want 2 of them", clk.Sleeps())
	}
	assertStats(t, tr, Stats{Requests: 3, Retries: 2, GaveUp: 1})
}

func TestTransport_RetriesConnectionClosedBeforeResponse(t *testing.T) {
	srv := newScriptedServer(t, hangUp, reply(http.StatusOK))
	tr, _ := newTestTransport(t, Options{})

	resp, err := doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/v4/cores", "")

	assertStatus(t, resp, err, http.StatusOK)
	assertStats(t, tr, Stats{Requests: 2, Retries: 1})
}

// onceReader hides the concrete reader type so http.NewRequest cannot set
// GetBody, forcing Transport to buffer the body itself.
type onceReader struct{ r io.Reader }

func (o *onceReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestTransport_ReplaysPostBodyOnRetry(t *testing.T) {
	const body = `{"query":{"upcoming":false},"options":{"page":2,"limit":50}}`
	tests := []struct {
		name    string
		newBody func() io.Reader
	}{
		{"with GetBody", func() io.Reader { return strings.NewReader(body) }},
		{"without GetBody", func() io.Reader { return &onceReader{strings.NewReader(body)} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newScriptedServer(t, reply(503), reply(429), reply(http.StatusOK))
			tr, _ := newTestTransport(t, Options{})
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/v5/launches/query", tc.newBody())
			if err != nil {
				t.Fatal(err)
			}

			resp, err := (&http.Client{Transport: tr}).Do(req)

			assertStatus(t, resp, err, http.StatusOK)
			resp.Body.Close()
			reqs := srv.Requests()
			if len(reqs) != 3 {
				t.Fatalf("server saw %d requests, want 3", len(reqs))
			}
			for i, r := range reqs {
				if r.Method != http.MethodPost || r.Body != body {
					t.Errorf("attempt %d: %s body %q, want POST body %q", i+1, r.Method, r.Body, body)
				}
			}
		})
	}
}

func TestTransport_DoesNotRetryClientErrors(t *testing.T) {
	for _, code := range []int{400, 401, 404, 422} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv := newScriptedServer(t, reply(code), reply(http.StatusOK))
			tr, clk := newTestTransport(t, Options{})

			resp, err := doRequest(t, tr, context.Background(), http.MethodPost, srv.URL+"/v5/launches/query", `{}`)

			assertStatus(t, resp, err, code)
			body, _ := io.ReadAll(resp.Body)
			if want := `{"status":` + strconv.Itoa(code) + `}`; string(body) != want {
				t.Errorf("body = %q, want %q (response must be returned unchanged)", body, want)
			}
			assertDelays(t, clk)
			assertStats(t, tr, Stats{Requests: 1})
		})
	}
}

func TestTransport_CancelDuringBackoffStopsPromptly(t *testing.T) {
	srv := newScriptedServer(t, reply(http.StatusServiceUnavailable, "Retry-After", "60"))
	tr := New(Options{MaxDelay: time.Minute}) // real sleeping
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)

	start := time.Now()
	_, err := doRequest(t, tr, ctx, http.MethodPost, srv.URL+"/v5/launches/query", `{}`)

	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("RoundTrip took %v after cancellation", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	assertErrorContains(t, err, "POST "+srv.URL+"/v5/launches/query: waiting 1m0s before attempt 2 of 5")
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestTransport_SetsUserAgent(t *testing.T) {
	tests := []struct {
		name, option, onRequest, want string
	}{
		{"default", "", "", DefaultUserAgent},
		{"configured", "tap-spacex/1.2.3 (+https://example.test)", "", "tap-spacex/1.2.3 (+https://example.test)"},
		{"request header wins", "tap-spacex/1.2.3", "custom/9", "custom/9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newScriptedServer(t, reply(http.StatusServiceUnavailable), reply(http.StatusOK))
			tr, _ := newTestTransport(t, Options{UserAgent: tc.option})
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v4/company", nil)
			if tc.onRequest != "" {
				req.Header.Set("User-Agent", tc.onRequest)
			}

			resp, err := (&http.Client{Transport: tr}).Do(req)

			assertStatus(t, resp, err, http.StatusOK)
			resp.Body.Close()
			for i, r := range srv.Requests() {
				if r.UserAgent != tc.want {
					t.Errorf("attempt %d: User-Agent = %q, want %q", i+1, r.UserAgent, tc.want)
				}
			}
			if tc.onRequest == "" && req.Header.Get("User-Agent") != "" {
				t.Error("RoundTrip modified the caller's request headers")
			}
		})
	}
}

func TestTransport_StatsAccumulateAcrossRequests(t *testing.T) {
	srv := newScriptedServer(t,
		reply(429), reply(200), // request 1: one retry
		reply(404),                         // request 2: not retried
		reply(503), reply(502), reply(504), // request 3: gives up after 3
	)
	tr, _ := newTestTransport(t, Options{MaxAttempts: 3})

	resp, err := doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/a", "")
	assertStatus(t, resp, err, 200)
	resp, err = doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/b", "")
	assertStatus(t, resp, err, 404)
	_, err = doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/c", "")
	assertErrorContains(t, err, "last status 504 Gateway Timeout")

	assertStats(t, tr, Stats{Requests: 6, Retries: 3, Throttled: 1, GaveUp: 1})
}

func TestTransport_LogsRetriesWithoutSecrets(t *testing.T) {
	srv := newScriptedServer(t, reply(503, "Retry-After", "2"), reply(200))
	var buf bytes.Buffer
	tr, _ := newTestTransport(t, Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	url := strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1) + "/v4/starlink/query"
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer s3cr3t-token")

	resp, err := (&http.Client{Transport: tr}).Do(req)

	assertStatus(t, resp, err, 200)
	resp.Body.Close()
	out := buf.String()
	for _, secret := range []string{"s3cr3t-token", "hunter2", "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("log leaks %q: %s", secret, out)
		}
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("want exactly one JSON log record, got %q: %v", out, err)
	}
	want := map[string]any{
		"level":        "WARN",
		"endpoint":     "POST " + strings.Replace(url, "hunter2", "xxxxx", 1),
		"attempt":      1.0,
		"max_attempts": 5.0,
		"status":       503.0,
		"delay":        float64(2 * time.Second),
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("log field %s = %v, want %v", k, rec[k], v)
		}
	}
}

func TestTransport_BackoffIsExponentialAndCapped(t *testing.T) {
	tr := New(Options{BaseDelay: 500 * time.Millisecond, MaxDelay: 3 * time.Second})
	var ceilings []time.Duration
	tr.jitter = func(c time.Duration) time.Duration { ceilings = append(ceilings, c); return c }
	for n := 1; n <= 5; n++ {
		tr.backoff(n)
	}
	tr.backoff(1000) // no overflow for absurd attempt counts
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
	if !slices.Equal(ceilings, want) {
		t.Errorf("back-off ceilings = %v, want %v", ceilings, want)
	}

	tr = New(Options{BaseDelay: time.Second})
	for n := 1; n <= 4; n++ {
		ceiling := time.Second << (n - 1)
		for range 50 {
			if d := tr.backoff(n); d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, want within [0, %v]", n, d, ceiling)
			}
		}
	}
}

func TestParseRetryAfter_Formats(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"0", 0, true},
		{" 120 ", 2 * time.Minute, true},
		{"Sun, 01 Jun 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Sunday, 01-Jun-25 12:01:00 GMT", time.Minute, true}, // RFC 850
		{"Sun, 01 Jun 2025 11:00:00 GMT", 0, true},            // past
		{"99999999999999999999", 0, false},                    // not an int64
		{"9223372036854775807", time.Duration(1<<63 - 1), true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"", 0, false},
		{"later", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

// OnAttempt hears of every attempt, retries included, with its status (0 without a response).
func TestTransport_OnAttemptReportsEveryAttempt(t *testing.T) {
	srv := newScriptedServer(t, reply(http.StatusServiceUnavailable), reply(http.StatusOK))
	var got []string
	tr, _ := newTestTransport(t, Options{OnAttempt: func(req *http.Request, status int, took time.Duration) {
		if took < 0 {
			t.Errorf("negative duration %v", took)
		}
		got = append(got, fmt.Sprintf("%s %s %d", req.Method, req.URL.Path, status))
	}})
	resp, err := doRequest(t, tr, context.Background(), http.MethodGet, srv.URL+"/v4/rockets", "")
	assertStatus(t, resp, err, http.StatusOK)
	if want := []string{"GET /v4/rockets 503", "GET /v4/rockets 200"}; !slices.Equal(got, want) {
		t.Errorf("attempts %v, want %v", got, want)
	}

	got = nil
	tr, _ = newTestTransport(t, Options{MaxAttempts: 1, OnAttempt: func(req *http.Request, status int, _ time.Duration) {
		got = append(got, fmt.Sprintf("%s %d", req.URL.Path, status))
	}})
	if _, err := doRequest(t, tr, context.Background(), http.MethodGet, "http://127.0.0.1:1/v4/crew", ""); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	if want := []string{"/v4/crew 0"}; !slices.Equal(got, want) {
		t.Errorf("attempts %v, want %v", got, want)
	}
}

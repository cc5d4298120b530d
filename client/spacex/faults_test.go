package spacex_test

// End-to-end failure handling of the generated client + Transport (+ the
// pager) against the replay server's injected faults. transport_test.go and
// pager_test.go test those units on scripted servers (back-off arithmetic,
// Retry-After forms, body replay, cancellation during back-off or rate-limit
// waits, malformed envelopes); these tests check that the pieces work
// together on the API's real routes: the generated request is retried with
// its body, the errors the tap sees name the endpoint, and an in-flight
// request is abandoned on cancellation. Faults cannot be expressed as
// cassettes (go-vcr replays recorded answers, not delays or retries), so
// these use the replay server directly; they need no network either.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/client/transport"
	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// ---- helpers ---------------------------------------------------------------

// faultyAPI is the sample served with faults, and a generated client going
// through a Transport with fast retries.
type faultyAPI struct {
	URL       string
	Server    *replay.Server
	Transport *transport.Transport
	Client    *spacex.ClientWithResponses
}

// newFaultyAPI serves fixtures/sample with faults. Retry-After (1s on 429
// and 503) is capped by MaxDelay so retries take milliseconds.
func newFaultyAPI(t *testing.T, maxAttempts int, faults ...replay.Fault) *faultyAPI {
	t.Helper()
	srv, err := replay.New(replay.SampleDir(), replay.Options{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tr := transport.New(transport.Options{
		MaxAttempts: maxAttempts,
		BaseDelay:   time.Millisecond,
		MaxDelay:    20 * time.Millisecond,
	})
	c, err := spacex.NewClientWithResponses(ts.URL, spacex.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	return &faultyAPI{URL: ts.URL, Server: srv, Transport: tr, Client: c}
}

func (a *faultyAPI) assertRequests(t *testing.T, path string, want int) {
	t.Helper()
	if got := a.Server.Requests(path); got != want {
		t.Errorf("server saw %d requests for %s, want %d", got, path, want)
	}
}

func (a *faultyAPI) assertStats(t *testing.T, want transport.Stats) {
	t.Helper()
	if got := a.Transport.Stats(); got != want {
		t.Errorf("Transport.Stats() = %+v, want %+v", got, want)
	}
}

func requireErrorContains(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

func starlinkPages(t *testing.T, c *spacex.ClientWithResponses, limit int) spacex.PageFetcher {
	t.Helper()
	return pageFetcher(c, resourceNamed(t, "starlink"), limit, nil)
}

// ---- tests -----------------------------------------------------------------

func TestClient_RetriesAfter429ThenSucceeds(t *testing.T) {
	api := newFaultyAPI(t, 5, replay.Fault{Path: "/v5/launches/query", Status: http.StatusTooManyRequests, First: 2})

	resp, err := api.Client.QueryLaunchesWithResponse(context.Background(), spacex.QueryRequest{
		Query: map[string]any{"upcoming": true},
	})

	page, _ := requireJSON200(t, "POST /v5/launches/query", decoded[spacex.LaunchPage]{resp: resp, err: err})
	// The body was sent again on each retry: the filter still applies.
	if page.TotalDocs != 2 || len(page.Docs) != 2 || *page.Docs[0].Name != "SampleSat-2" || *page.Docs[1].Name != "CRS-S1" {
		t.Errorf("upcoming launches after retries: %s", resp.Body)
	}
	api.assertRequests(t, "/v5/launches/query", 3)
	api.assertStats(t, transport.Stats{Requests: 3, Retries: 2, Throttled: 2})
}

func TestClient_GivesUpNamingEndpointAndLastStatus(t *testing.T) {
	tests := []struct {
		name, method, path string
		status             int
		call               func(c *spacex.ClientWithResponses, ctx context.Context) error
		want               string
	}{
		{"POST query, 503", "POST", "/v4/starlink/query", http.StatusServiceUnavailable,
			func(c *spacex.ClientWithResponses, ctx context.Context) error {
				_, err := c.QueryStarlinkWithResponse(ctx, spacex.QueryRequest{})
				return err
			}, "last status 503 Service Unavailable"},
		{"GET, 429", "GET", "/v5/launches/latest", http.StatusTooManyRequests,
			func(c *spacex.ClientWithResponses, ctx context.Context) error {
				_, err := c.GetLatestLaunchWithResponse(ctx)
				return err
			}, "last status 429 Too Many Requests"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFaultyAPI(t, 3, replay.Fault{Path: tc.path, Status: tc.status})

			err := tc.call(api.Client, context.Background())

			endpoint := tc.method + " " + api.URL + tc.path
			requireErrorContains(t, err, endpoint+": giving up after 3 attempts", tc.want)
			var re *transport.RetryError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *transport.RetryError", err)
			}
			if re.Method != tc.method || re.URL != api.URL+tc.path || re.Attempts != 3 || re.StatusCode != tc.status {
				t.Errorf("RetryError = %+v", re)
			}
			api.assertRequests(t, tc.path, 3)
			throttled := int64(0)
			if tc.status == http.StatusTooManyRequests {
				throttled = 3
			}
			api.assertStats(t, transport.Stats{Requests: 3, Retries: 2, Throttled: throttled, GaveUp: 1})
		})
	}
}

// A truncated page (200, valid Content-Length, half the JSON) is not
// retried; the pager's error names the endpoint and the page, and the page
// is never reported done.
func TestClient_TruncatedJSONErrorNamesEndpoint(t *testing.T) {
	api := newFaultyAPI(t, 5, replay.Fault{Path: "/v4/starlink/query", Page: 2, Truncate: true})
	ctx := context.Background()

	var done []int
	var docs int
	var pageErr error
	for item, err := range spacex.Pages(ctx, starlinkPages(t, api.Client, 2), spacex.PagerOptions{}) {
		if err != nil {
			pageErr = err
			break
		}
		if item.PageDone {
			done = append(done, item.Page)
		} else {
			docs++
		}
	}

	endpoint := "POST " + api.URL + "/v4/starlink/query"
	requireErrorContains(t, pageErr, endpoint+" page 2: decoding")
	var pe *spacex.PageError
	if !errors.As(pageErr, &pe) || pe.Endpoint != endpoint || pe.Page != 2 || pe.StatusCode != http.StatusOK {
		t.Errorf("PageError = %+v", pe)
	}
	if len(done) != 1 || done[0] != 1 {
		t.Errorf("pages done = %v, want only [1]", done)
	}
	if docs < 2 { // page 2's documents before the cut may be yielded, but not its PageDone
		t.Errorf("%d documents yielded, want page 1's 2 at least", docs)
	}
	api.assertRequests(t, "/v4/starlink/query", 2)
	api.assertStats(t, transport.Stats{Requests: 2})

	// The typed ClientWithResponses fails too, but with json's bare error:
	// the generated Parse functions do not name the endpoint.
	limit, page := 2, 2
	_, err := api.Client.QueryStarlinkWithResponse(ctx, spacex.QueryRequest{Options: &spacex.QueryOptions{Limit: &limit, Page: &page}})
	var syntaxErr *json.SyntaxError
	if !errors.As(err, &syntaxErr) {
		t.Errorf("typed client on a truncated body: error = %v, want a *json.SyntaxError", err)
	}
}

// Cancelling the context (or its deadline) abandons a request the server
// is still answering, promptly and without retrying it.
func TestClient_CancelStopsInFlightRequest(t *testing.T) {
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run("typed GET "+tc.name, func(t *testing.T) {
			api := newFaultyAPI(t, 5, replay.Fault{Path: "/v5/launches/latest", Delay: time.Minute})
			ctx, cancel := tc.ctx()
			defer cancel()

			start := time.Now()
			_, err := api.Client.GetLatestLaunchWithResponse(ctx)

			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Fatalf("request returned %v after starting, want promptly after the 50ms cancellation", elapsed)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			requireErrorContains(t, err, api.URL+"/v5/launches/latest")
			api.assertRequests(t, "/v5/launches/latest", 1)
			api.assertStats(t, transport.Stats{Requests: 1})
		})

		t.Run("pager "+tc.name, func(t *testing.T) {
			api := newFaultyAPI(t, 5, replay.Fault{Path: "/v4/starlink/query", Page: 2, Delay: time.Minute})
			ctx, cancel := tc.ctx()
			defer cancel()

			start := time.Now()
			var done []int
			var pageErr error
			for item, err := range spacex.Pages(ctx, starlinkPages(t, api.Client, 2), spacex.PagerOptions{}) {
				if err != nil {
					pageErr = err
					break
				}
				if item.PageDone {
					done = append(done, item.Page)
				}
			}

			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Fatalf("pager returned %v after starting", elapsed)
			}
			if !errors.Is(pageErr, tc.want) {
				t.Fatalf("error = %v, want %v", pageErr, tc.want)
			}
			var pe *spacex.PageError
			if !errors.As(pageErr, &pe) || pe.Page != 2 {
				t.Errorf("PageError = %+v, want page 2", pe)
			}
			requireErrorContains(t, pageErr, "page 2", api.URL+"/v4/starlink/query")
			if len(done) != 1 || done[0] != 1 {
				t.Errorf("pages done = %v, want only [1]", done)
			}
			api.assertRequests(t, "/v4/starlink/query", 2)
		})
	}
}

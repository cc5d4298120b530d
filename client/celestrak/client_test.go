package celestrak

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The fetcher sends the validators it is given and names the project; a 304 without
// validators keeps the ones sent.
func TestFetch_ConditionalRequest(t *testing.T) {
	var inm, ims, agent, query string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inm, ims, agent, query = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"), r.UserAgent(), r.URL.RawQuery
		w.WriteHeader(http.StatusNotModified)
	}))
	defer ts.Close()
	f, err := NewFetcher(Config{BaseURL: ts.URL, UserAgent: "ua-test (+https://example.org)"})
	if err != nil {
		t.Fatal(err)
	}
	v := Validators{ETag: `"abc"`, LastModified: "Thu, 19 Jun 2025 00:00:00 GMT"}
	res, err := f.Fetch(t.Context(), Query{Field: "GROUP", Value: "starlink"}, v)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || res.Validators != v || len(res.Records) != 0 {
		t.Errorf("result %+v, want not modified with the validators sent", res)
	}
	if inm != v.ETag || ims != v.LastModified || agent != "ua-test (+https://example.org)" || !strings.Contains(query, "GROUP=starlink") || !strings.Contains(query, "FORMAT=json") {
		t.Errorf("request: If-None-Match %q, If-Modified-Since %q, User-Agent %q, query %q", inm, ims, agent, query)
	}
	if _, err := f.Fetch(t.Context(), Query{Field: "SPECIAL", Value: "gpz"}, Validators{}); err == nil {
		t.Error("query field SPECIAL accepted")
	}
}

// A 429 is one request and a *RefusedError with the time to try again from Retry-After.
func TestFetch_RefusalIsNotRetried(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer ts.Close()
	f, err := NewFetcher(Config{BaseURL: ts.URL, MaxAttempts: 5})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	_, err = f.Fetch(t.Context(), Query{Field: "NAME", Value: "STARLINK"}, Validators{})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("error %v, want a *RefusedError", err)
	}
	if n.Load() != 1 || f.Stats().Retries != 0 {
		t.Errorf("%d requests, %d retries; want 1 and 0", n.Load(), f.Stats().Retries)
	}
	if refused.Until.Before(before.Add(119*time.Second)) || refused.Request != "GET /satcat/records.php?NAME=STARLINK&FORMAT=json" {
		t.Errorf("refusal %+v", refused)
	}
}

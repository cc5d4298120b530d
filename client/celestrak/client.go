package celestrak

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spacex-elt/spacex-elt/client/transport"
)

// DefaultBaseURL is CelesTrak.
const DefaultBaseURL = "https://celestrak.org"

// Config configures New.
type Config struct {
	BaseURL string
	// UserAgent names the client and its URL (CelesTrak asks clients to identify themselves).
	UserAgent string
	// MaxAttempts and AttemptTimeout are the transport's (client/transport): 5xx and
	// connection errors are retried; a refusal (403, 429) never is.
	MaxAttempts    int
	AttemptTimeout time.Duration
	// Base performs each attempt (nil: the network; transport.InProcess for a snapshot).
	Base      http.RoundTripper
	OnAttempt func(req *http.Request, status int, took time.Duration)
	Logger    *slog.Logger
}

// Query is one records.php query: Field is GROUP, NAME, INTDES or CATNR.
type Query struct {
	Field, Value string
}

// Fields a Query may use.
var Fields = []string{"GROUP", "NAME", "INTDES", "CATNR"}

// String is the request the query makes, for messages: "GET /satcat/records.php?NAME=STARLINK&FORMAT=json".
func (q Query) String() string {
	return "GET /satcat/records.php?" + q.Field + "=" + url.QueryEscape(q.Value) + "&FORMAT=json"
}

// Validators are what a response said about its version (ETag, Last-Modified), sent back on
// the next request so that CelesTrak can answer 304 when nothing changed.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Result is the answer of Fetch.
type Result struct {
	// NotModified: the server answered 304 to the validators sent; Records is empty.
	NotModified bool
	// Records are the answer's records, each exactly as sent (bytes untouched).
	Records []json.RawMessage
	// Validators are the answer's (the ones sent when NotModified and the server sent none).
	Validators Validators
	// Bytes is the size of the body.
	Bytes int
}

// Fetcher fetches CelesTrak's catalogue politely, over the generated Client.
type Fetcher struct {
	api *Client
	tr  *transport.Transport
}

// NewFetcher builds a Fetcher over client/transport with the refusal rule below it.
func NewFetcher(cfg Config) (*Fetcher, error) {
	base := cfg.Base
	if base == nil {
		base = transport.DefaultBase()
	}
	tr := transport.New(transport.Options{
		Base:           refusals{base},
		UserAgent:      cfg.UserAgent,
		MaxAttempts:    cfg.MaxAttempts,
		AttemptTimeout: cfg.AttemptTimeout,
		OnAttempt:      cfg.OnAttempt,
		Logger:         cfg.Logger,
	})
	api, err := NewClient(strings.TrimRight(cfg.BaseURL, "/"), WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		return nil, fmt.Errorf("celestrak: %w", err)
	}
	return &Fetcher{api: api, tr: tr}, nil
}

// Stats are the transport's counters (requests, retries).
func (c *Fetcher) Stats() transport.Stats { return c.tr.Stats() }

// Fetch runs q in JSON, conditionally when v holds validators. It returns the records as
// sent; a body that is not a JSON array of objects (truncated, or CelesTrak's text answer to
// a query that matches nothing) is an error naming the request. A refusal is a *RefusedError.
func (c *Fetcher) Fetch(ctx context.Context, q Query, v Validators) (Result, error) {
	params := &GetSatcatRecordsParams{FORMAT: ptr(Json)}
	switch q.Field {
	case "GROUP":
		params.GROUP = &q.Value
	case "NAME":
		params.NAME = &q.Value
	case "INTDES":
		params.INTDES = &q.Value
	case "CATNR":
		params.CATNR = &q.Value
	default:
		return Result{}, fmt.Errorf("celestrak: query field %q: want one of %s", q.Field, strings.Join(Fields, ", "))
	}
	if v.ETag != "" {
		params.IfNoneMatch = &v.ETag
	}
	if v.LastModified != "" {
		params.IfModifiedSince = &v.LastModified
	}
	resp, err := c.api.GetSatcatRecords(ctx, params)
	if err != nil {
		var refused *RefusedError
		if errors.As(err, &refused) {
			refused.Request = q.String()
			return Result{}, refused
		}
		return Result{}, fmt.Errorf("CelesTrak %s: %w", q, err)
	}
	defer resp.Body.Close()
	got := Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch resp.StatusCode {
	case http.StatusNotModified:
		if got == (Validators{}) {
			got = v
		}
		return Result{NotModified: true, Validators: got}, nil
	case http.StatusOK:
	default:
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return Result{}, fmt.Errorf("CelesTrak %s: status %s: %s", q, resp.Status, snippet(body))
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Result{}, fmt.Errorf("CelesTrak %s: reading the response body (%d bytes read): %w", q, len(body), err)
	}
	var records []json.RawMessage
	if err := json.Unmarshal(body, &records); err != nil {
		return Result{}, fmt.Errorf("CelesTrak %s: the response is not a JSON array of records (%d bytes, truncated or not JSON: %s): %w",
			q, len(body), snippet(body), err)
	}
	return Result{Records: records, Validators: got, Bytes: len(body)}, nil
}

// RefusedError is CelesTrak refusing the client (403 or 429): it blocks clients that download
// the same data more often than it changes. The run must end, not retry.
type RefusedError struct {
	Request    string // the query, e.g. "GET /satcat/records.php?NAME=STARLINK&FORMAT=json"
	Status     string // "403 Forbidden"
	RetryAfter string // the Retry-After header as sent ("" when none)
	// Until is when to try again: from Retry-After, else zero.
	Until time.Time
}

func (e *RefusedError) Error() string {
	when := "in a few hours (CelesTrak gave no Retry-After; it refuses clients that download the same data more often than it changes, about every 2 hours for the catalogue)"
	if !e.Until.IsZero() {
		when = "after " + e.Until.UTC().Format(time.RFC3339) + " (Retry-After: " + e.RetryAfter + ")"
	}
	return fmt.Sprintf("CelesTrak refused %s with %s: not retried; try again %s", e.Request, e.Status, when)
}

// refusals turns a 403 or 429 answer into a *RefusedError below the transport, which does not
// retry such an error: one request, one refusal, no retry storm.
type refusals struct{ base http.RoundTripper }

func (r refusals) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil || (resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests) {
		return resp, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	e := &RefusedError{Request: req.Method + " " + req.URL.RequestURI(), Status: resp.Status, RetryAfter: resp.Header.Get("Retry-After")}
	if ra := e.RetryAfter; ra != "" {
		now := time.Now()
		if secs, err := time.ParseDuration(ra + "s"); err == nil && secs >= 0 {
			e.Until = now.Add(secs).Truncate(time.Second)
		} else if t, err := http.ParseTime(ra); err == nil {
			e.Until = t
		}
	}
	return nil, e
}

func ptr[T any](v T) *T { return &v }

// snippet is the start of a body, on one line, for error messages.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

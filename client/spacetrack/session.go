package spacetrack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"time"

	"github.com/spacex-elt/spacex-elt/client/transport"
)

// DefaultBaseURL is Space-Track's API.
const DefaultBaseURL = "https://www.space-track.org"

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "tap-spacetrack/dev (+https://github.com/spacex-elt/spacex-elt)"

// DefaultAttemptTimeout is Config.AttemptTimeout's default.
const DefaultAttemptTimeout = 60 * time.Second

// ErrNoCredentials is returned by Login when the session has no identity or no password.
var ErrNoCredentials = errors.New("spacetrack: identity and password are required to log in (a free Space-Track account)")

// ErrLoginRefused is returned (wrapped) when Space-Track refuses the credentials.
var ErrLoginRefused = errors.New("spacetrack: login refused: check identity and password")

// Config configures NewSession. Identity and Password are required to log in (Login refuses
// without them); they are sent only in the login form and never appear in an error or a log
// record.
type Config struct {
	BaseURL  string // default DefaultBaseURL
	Identity string
	Password string

	UserAgent   string        // default DefaultUserAgent
	MaxAttempts int           // per request, first try included; default transport.DefaultMaxAttempts
	BaseDelay   time.Duration // back-off before the first retry; default transport.DefaultBaseDelay
	MaxDelay    time.Duration // cap of any wait between attempts; default transport.DefaultMaxDelay
	// AttemptTimeout bounds each attempt's waits on the server (transport.Options:
	// until the response starts, then each read of its body); rate-limit and back-off waits
	// never count. Default DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	Limits         Limits // default DefaultLimits
	// LedgerPath, when set, is the file where the rate limiter keeps the request starts of the
	// last hour, shared by every process using it (see Limiter); "" keeps them in memory.
	LedgerPath string
	Logger     *slog.Logger // nil logs nothing
	// OnAttempt, when set, hears of every attempt (transport.Options.OnAttempt).
	OnAttempt func(req *http.Request, status int, took time.Duration)

	// Base performs each attempt (after the rate limiter); nil means transport.DefaultBase().
	Base http.RoundTripper
}

// Session is a logged-in conversation with Space-Track: a cookie jar, one login before the
// first query, a new login when a query answers 401 (the session expired), and Logout at the
// end. Every request waits for the rate limiter, then goes through the retrying transport of
// package client/transport (429 and 5xx retried with back-off, Retry-After honoured, each attempt's time
// bounded), whose retries the limiter counts. Not safe for concurrent use: a tap runs one query
// at a time.
type Session struct {
	api      *Client
	identity string
	password string
	limiter  *Limiter
	retries  *transport.Transport
	logger   *slog.Logger

	loggedIn bool
	logins   int
}

// NewSession builds the HTTP stack (cookie jar → rate-limit wait → retries → rate-limit count
// → base transport) and the generated client. It does not log in: the first query does.
func NewSession(cfg Config) (*Session, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = transport.DefaultMaxAttempts
	}
	limiter, err := NewLimiter(cfg.Limits, cfg.MaxAttempts, cfg.LedgerPath, cfg.Logger)
	if err != nil {
		return nil, err
	}
	base := cfg.Base
	if base == nil {
		b := transport.DefaultBase()
		b.ResponseHeaderTimeout = 0 // the attempt timeout bounds it
		base = b
	}
	retries := transport.New(transport.Options{
		Base:           &countingTransport{limiter: limiter, base: base},
		UserAgent:      cfg.UserAgent,
		MaxAttempts:    cfg.MaxAttempts,
		BaseDelay:      cfg.BaseDelay,
		MaxDelay:       cfg.MaxDelay,
		AttemptTimeout: cfg.AttemptTimeout,
		Logger:         cfg.Logger,
		OnAttempt:      cfg.OnAttempt,
	})
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, fmt.Errorf("spacetrack: cookie jar: %w", err)
	}
	httpClient := &http.Client{
		Transport: &waitingTransport{limiter: limiter, next: retries},
		Jar:       jar,
		// Space-Track answers queries directly; a redirect means something is wrong
		// (e.g. a login page): refuse it rather than follow it with our cookie.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	api, err := NewClient(strings.TrimRight(cfg.BaseURL, "/")+"/", WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("spacetrack: base URL: %w", err)
	}
	return &Session{
		api: api, identity: cfg.Identity, password: cfg.Password,
		limiter: limiter, retries: retries, logger: cfg.Logger,
	}, nil
}

// Logins is how many times the session has logged in.
func (s *Session) Logins() int { return s.logins }

// Stats returns the retrying transport's counters (requests, retries, 429s).
func (s *Session) Stats() transport.Stats { return s.retries.Stats() }

// Login logs in and keeps the session cookie in the jar. Wrong credentials give an error
// wrapping ErrLoginRefused; the error never contains the identity or the password.
func (s *Session) Login(ctx context.Context) error {
	if s.identity == "" || s.password == "" {
		return ErrNoCredentials
	}
	resp, err := s.api.LoginWithFormdataBody(ctx, LoginForm{Identity: s.identity, Password: s.password})
	if err != nil {
		return fmt.Errorf("spacetrack: POST /ajaxauth/login: %w", err)
	}
	body, err := readBody(resp)
	if err != nil {
		return fmt.Errorf("spacetrack: POST /ajaxauth/login: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("spacetrack: POST /ajaxauth/login: status %s: %s", resp.Status, snippet(body))
	}
	// Space-Track answers 200 with {"Login":"Failed"} to wrong credentials.
	var refusal struct{ Login string }
	if json.Unmarshal(body, &refusal) == nil && strings.EqualFold(refusal.Login, "failed") {
		return fmt.Errorf("POST /ajaxauth/login: %w", ErrLoginRefused)
	}
	s.loggedIn = true
	s.logins++
	if s.logger != nil {
		s.logger.InfoContext(ctx, "logged in to Space-Track", slog.Int("logins", s.logins))
	}
	return nil
}

// QuerySatcat runs one satcat query with the given predicates (e.g.
// "SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/orderby/NORAD_CAT_ID asc/limit/1000") and returns
// the documents of the answer, each exactly as sent (bytes untouched). It logs in first when
// needed, and once more when the server answers 401.
func (s *Session) QuerySatcat(ctx context.Context, predicates string) ([]json.RawMessage, error) {
	where := "satcat query " + predicates
	for attempt := 1; ; attempt++ {
		if !s.loggedIn {
			if err := s.Login(ctx); err != nil {
				return nil, fmt.Errorf("spacetrack: %s: %w", where, err)
			}
		}
		docs, status, err := s.querySatcatOnce(ctx, predicates)
		if status == http.StatusUnauthorized && attempt == 1 {
			if s.logger != nil {
				s.logger.InfoContext(ctx, "Space-Track answered 401: logging in again", slog.String("query", predicates))
			}
			s.loggedIn = false
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("spacetrack: %s: %w", where, err)
		}
		return docs, nil
	}
}

func (s *Session) querySatcatOnce(ctx context.Context, predicates string) ([]json.RawMessage, int, error) {
	resp, err := s.api.QuerySatcat(ctx, predicates, keepSlashes)
	if err != nil {
		return nil, 0, err
	}
	body, err := readBody(resp)
	if err != nil {
		return nil, resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode, fmt.Errorf("status %s: %s", resp.Status, snippet(body))
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(body, &docs); err != nil {
		return nil, resp.StatusCode, fmt.Errorf("response is not a JSON array of documents (%d bytes): %w", len(body), err)
	}
	return docs, resp.StatusCode, nil
}

// Logout ends the session (a no-op when not logged in).
func (s *Session) Logout(ctx context.Context) error {
	if !s.loggedIn {
		return nil
	}
	resp, err := s.api.Logout(ctx)
	if err != nil {
		return fmt.Errorf("spacetrack: GET /ajaxauth/logout: %w", err)
	}
	body, err := readBody(resp)
	if err != nil {
		return fmt.Errorf("spacetrack: GET /ajaxauth/logout: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("spacetrack: GET /ajaxauth/logout: status %s: %s", resp.Status, snippet(body))
	}
	s.loggedIn = false
	return nil
}

// keepSlashes sends the predicates' slashes as path separators: the generated client escapes
// the path parameter as one segment (%2F), which Space-Track does not read as predicates.
func keepSlashes(_ context.Context, req *http.Request) error {
	req.URL.RawPath = ""
	return nil
}

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the response body (status %s): %w", resp.Status, err)
	}
	return body, nil
}

// snippet is the start of an error response's body, on one line, for error messages.
func snippet(body []byte) string {
	s := string(bytes.Join(bytes.Fields(body), []byte(" ")))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

package tap

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config is the tap's --config file. Every field has a default, so `{}` is a valid config.
type Config struct {
	// BaseURL is the root of the API, e.g. https://api.spacexdata.com or a replay server.
	BaseURL string `json:"base_url"`
	// PageSize is the number of documents per POST /query page.
	PageSize int `json:"page_size"`
	// UserAgent is sent with every request.
	UserAgent string `json:"user_agent"`
	// RequestTimeoutSeconds bounds one HTTP request.
	RequestTimeoutSeconds int `json:"request_timeout_seconds"`
	// MaxAttempts is how many times one request is tried before giving up.
	MaxAttempts int `json:"max_attempts"`
	// StartDate, when set, is where incremental streams start on their first run.
	StartDate time.Time `json:"-"`
	// LookbackDays is how far before its bookmark an incremental stream re-reads, since the
	// API changes recent launches in place.
	LookbackDays int `json:"lookback_days"`
}

// Defaults of the settings.
const (
	DefaultBaseURL        = "https://api.spacexdata.com"
	DefaultPageSize       = 100
	DefaultUserAgent      = "tap-spacex (spacex-elt)"
	DefaultRequestTimeout = 30
	DefaultMaxAttempts    = 5
	DefaultLookbackDays   = 30
)

// LoadConfig reads and validates a config file.
func LoadConfig(path string) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading config: %w", err)
	}
	return ParseConfig(raw)
}

// ParseConfig decodes a config document, fills in defaults and validates it, reporting every
// bad setting at once. Meltano passes
// numbers it was given as strings through as strings, so numeric settings accept both.
func ParseConfig(raw []byte) (Config, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return Config{}, fmt.Errorf("config is not a JSON object: %w", err)
	}
	c := Config{
		BaseURL:               DefaultBaseURL,
		PageSize:              DefaultPageSize,
		UserAgent:             DefaultUserAgent,
		RequestTimeoutSeconds: DefaultRequestTimeout,
		MaxAttempts:           DefaultMaxAttempts,
		LookbackDays:          DefaultLookbackDays,
	}
	var errs []error
	str := func(key string, dst *string) {
		if v, ok := doc[key]; ok && string(v) != "null" {
			if err := json.Unmarshal(v, dst); err != nil {
				errs = append(errs, fmt.Errorf("config %s: want a string, got %s", key, v))
			}
		}
	}
	num := func(key string, dst *int) {
		v, ok := doc[key]
		if !ok || string(v) == "null" {
			return
		}
		s := strings.Trim(string(v), `"`)
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || fmt.Sprint(n) != s {
			errs = append(errs, fmt.Errorf("config %s: want an integer, got %s", key, v))
			return
		}
		*dst = n
	}
	str("base_url", &c.BaseURL)
	str("user_agent", &c.UserAgent)
	num("page_size", &c.PageSize)
	num("request_timeout_seconds", &c.RequestTimeoutSeconds)
	num("max_attempts", &c.MaxAttempts)
	num("lookback_days", &c.LookbackDays)
	var startDate string
	str("start_date", &startDate)
	if startDate != "" {
		t, err := parseDate(startDate)
		if err != nil {
			errs = append(errs, fmt.Errorf("config start_date %q: want an RFC 3339 date-time or a YYYY-MM-DD date", startDate))
		}
		c.StartDate = t
	}
	if err := errors.Join(append(errs, c.Validate())...); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []error
	u, err := url.Parse(c.BaseURL)
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("config base_url %q: %w", c.BaseURL, err))
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		errs = append(errs, fmt.Errorf("config base_url %q: want an absolute http(s) URL", c.BaseURL))
	}
	if c.PageSize < 1 || c.PageSize > 10000 {
		errs = append(errs, fmt.Errorf("config page_size %d: want 1..10000", c.PageSize))
	}
	if c.RequestTimeoutSeconds < 1 {
		errs = append(errs, fmt.Errorf("config request_timeout_seconds %d: want at least 1", c.RequestTimeoutSeconds))
	}
	if c.MaxAttempts < 1 {
		errs = append(errs, fmt.Errorf("config max_attempts %d: want at least 1", c.MaxAttempts))
	}
	if c.LookbackDays < 0 {
		errs = append(errs, fmt.Errorf("config lookback_days %d: must not be negative", c.LookbackDays))
	}
	if strings.TrimSpace(c.UserAgent) == "" {
		errs = append(errs, errors.New("config user_agent: must not be empty"))
	}
	return errors.Join(errs...)
}

// RequestTimeout is RequestTimeoutSeconds as a duration.
func (c Config) RequestTimeout() time.Duration {
	return time.Duration(c.RequestTimeoutSeconds) * time.Second
}

// parseDate reads an RFC 3339 date-time or a plain date (taken as UTC midnight).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}

package spacetrack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	stclient "github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Config is tap-spacetrack's --config. identity and password are required; every other
// setting has a default. Its fields are described once, in settings.
type Config struct {
	Identity              string
	Password              string
	BaseURL               string
	SatName               string
	ObjectType            string
	PageSize              int
	UserAgent             string
	RequestTimeoutSeconds int
	MaxAttempts           int
	RequestsPerMinute     int
	RequestsPerHour       int
	RateLimitLedger       string
	SnapshotDir           string
}

// predicateValue is what a satcat predicate value may hold: no slash (it would start another
// predicate) and none of Space-Track's operator characters.
var predicateValue = regexp.MustCompile(`^[A-Za-z0-9 _.-]+$`)

// settings is tap-spacetrack's settings table: the one place each setting is written.
// --about, ParseConfig and (checked by a test) meltano/meltano.yml follow it.
func settings(c *Config) []singer.Setting {
	return []singer.Setting{
		{Name: "identity", Kind: singer.KindString, Sensitive: true,
			Description: "Space-Track account (the e-mail address of a free account at https://www.space-track.org). Required to sync, unless snapshot_dir is set; discovery needs none.",
			Into:        &c.Identity},
		{Name: "password", Kind: singer.KindString, Sensitive: true,
			Description: "Password of the Space-Track account. Required to sync, unless snapshot_dir is set; discovery needs none.", Into: &c.Password},
		{Name: "base_url", Kind: singer.KindString, Default: stclient.DefaultBaseURL,
			Description: "Root URL of Space-Track, or of a replay server. Ignored when snapshot_dir is set.", Into: &c.BaseURL,
			Check: func() error { return singer.HTTPURL(c.BaseURL) }},
		{Name: "satname", Kind: singer.KindString, Default: "STARLINK",
			Description: "The satcat stream reads the objects whose name contains this (predicate SATNAME/~~<satname>).",
			Into:        &c.SatName, Required: true,
			Check: func() error { return checkPredicateValue(c.SatName) }},
		{Name: "object_type", Kind: singer.KindString, Default: "PAYLOAD",
			Description: "The satcat stream reads objects of this type only (predicate OBJECT_TYPE/<object_type>).",
			Into:        &c.ObjectType, Required: true,
			Check: func() error { return checkPredicateValue(c.ObjectType) }},
		{Name: "page_size", Kind: singer.KindInteger, Default: 2000,
			Description: "Catalogue entries per query (1..100000); pages are read in NORAD_CAT_ID order.", Into: &c.PageSize,
			Check: func() error { return singer.Between(c.PageSize, 1, 100000) }},
		{Name: "user_agent", Kind: singer.KindString, Default: "tap-spacetrack (spacex-elt)",
			Description: "User-Agent header of every request.", Into: &c.UserAgent, Required: true},
		{Name: "request_timeout_seconds", Kind: singer.KindInteger, Default: 60,
			Description: requestTimeoutDescription, Into: &c.RequestTimeoutSeconds,
			Check: func() error { return singer.Between(c.RequestTimeoutSeconds, 1, 0) }},
		{Name: "max_attempts", Kind: singer.KindInteger, Default: 5,
			Description: "Tries per request before giving up (429, 5xx and connection errors are retried).", Into: &c.MaxAttempts,
			Check: func() error { return singer.Between(c.MaxAttempts, 1, 0) }},
		{Name: "requests_per_minute", Kind: singer.KindInteger, Default: stclient.DefaultLimits.PerMinute,
			Description: "Most requests started in any minute (Space-Track suspends accounts above 30).", Into: &c.RequestsPerMinute,
			Check: func() error { return withRetries(c.RequestsPerMinute, c.MaxAttempts, stclient.PublishedPerMinute) }},
		{Name: "requests_per_hour", Kind: singer.KindInteger, Default: stclient.DefaultLimits.PerHour,
			Description: "Most requests started in any hour (Space-Track suspends accounts above 300).", Into: &c.RequestsPerHour,
			Check: func() error { return withRetries(c.RequestsPerHour, c.MaxAttempts, stclient.PublishedPerHour) }},
		{Name: "rate_limit_ledger", Kind: singer.KindString,
			Description: "File where the request starts of the last hour are kept, so that every run on this machine shares the rate limits; empty: space-track-requests.json in the user's cache folder (spacex-elt/). Not used when snapshot_dir is set.",
			Into:        &c.RateLimitLedger},
		{Name: "snapshot_dir", Kind: singer.KindString,
			Description: "Folder of a recorded catalogue (satcat-starlink.json) to read instead of Space-Track: the tap serves it in-process, " +
				"through the same client, session and HTTP path (login, satcat queries, logout; no credentials needed, rate limits kept in memory), " +
				"and base_url is ignored. A relative path is taken from the working directory, which is the meltano/ folder when Meltano runs the tap: " +
				"an absolute path is safest. Empty: Space-Track at base_url.",
			Into: &c.SnapshotDir},
	}
}

// requestTimeoutDescription is the one meaning of request_timeout_seconds (as for tap-spacex).
const requestTimeoutDescription = "Seconds each HTTP attempt may wait on the server: for the response to start, then for each read of its body. Every retry gets its own; rate-limit waits, back-off and the time spent writing records do not count."

// withRetries checks 1 <= n and n + the retries of one request (max_attempts - 1, which the
// limiter counts but cannot delay) <= the published limit.
func withRetries(n, maxAttempts, published int) error {
	if hi := published - (maxAttempts - 1); n < 1 || n > hi {
		return fmt.Errorf("%d: want 1..%d with max_attempts %d (Space-Track suspends accounts above %d; the retries of one request come on top)",
			n, max(hi, 1), maxAttempts, published)
	}
	return nil
}

// ledgerPath is the rate-limit ledger: the setting, or the default in the user's cache folder
// (the temporary folder when there is none).
func (c Config) ledgerPath() string {
	if c.RateLimitLedger != "" {
		return c.RateLimitLedger
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "spacex-elt", "space-track-requests.json")
}

func checkPredicateValue(v string) error {
	if !predicateValue.MatchString(v) {
		return fmt.Errorf("%q: want letters, digits, spaces, '_', '.' or '-' only", v)
	}
	return nil
}

// Settings returns the settings table (for --about and tests).
func Settings() []singer.Setting { return settings(&Config{}) }

// ParseConfig decodes a config document, fills in defaults and validates it, reporting every
// bad setting at once (never quoting identity or password). Credentials are not required
// here (discovery needs none): CheckSync requires them.
func ParseConfig(raw []byte) (Config, error) { return singer.ParseConfig(raw, settings) }

// CheckSync refuses a config a sync cannot run with: no identity or no password, unless the
// tap reads a snapshot.
func (c Config) CheckSync() error {
	if c.SnapshotDir != "" {
		return nil
	}
	var errs []error
	for name, v := range map[string]string{"identity": c.Identity, "password": c.Password} {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, fmt.Errorf("config %s: required to sync (a free Space-Track account; TAP_SPACETRACK_%s with Meltano), unless snapshot_dir is set", name, strings.ToUpper(name)))
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

// sessionConfig is the client session of c.
func (c Config) sessionConfig() stclient.Config {
	return stclient.Config{
		BaseURL:        c.BaseURL,
		Identity:       c.Identity,
		Password:       c.Password,
		UserAgent:      c.UserAgent,
		MaxAttempts:    c.MaxAttempts,
		AttemptTimeout: time.Duration(c.RequestTimeoutSeconds) * time.Second,
		Limits:         stclient.Limits{PerMinute: c.RequestsPerMinute, PerHour: c.RequestsPerHour},
		LedgerPath:     c.ledgerPath(),
	}
}

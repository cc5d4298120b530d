package celestrak

import (
	"fmt"
	"slices"
	"strings"

	ctclient "github.com/spacex-elt/spacex-elt/client/celestrak"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Config is tap-celestrak's --config. Every setting has a default; each is described once, in
// settings.
type Config struct {
	BaseURL               string
	Query                 string
	UserAgent             string
	RequestTimeoutSeconds int
	MaxAttempts           int
	MinIntervalMinutes    int
	SnapshotDir           string
}

// settings is tap-celestrak's settings table: the one place each setting is written.
// --about, ParseConfig and (checked by a test) meltano/meltano.yml follow it.
func settings(c *Config) []singer.Setting {
	return []singer.Setting{
		{Name: "base_url", Kind: singer.KindString, Default: ctclient.DefaultBaseURL,
			Description: "Root URL of CelesTrak, or of a replay server. Ignored when snapshot_dir is set.", Into: &c.BaseURL,
			Check: func() error { return singer.HTTPURL(c.BaseURL) }},
		{Name: "query", Kind: singer.KindString, Default: "NAME=STARLINK", Required: true,
			Description: "The records.php query of the satcat stream, FIELD=VALUE with FIELD one of GROUP, NAME, INTDES, CATNR. " +
				"NAME=STARLINK is every object named STARLINK…, decayed ones included (the history); GROUP=starlink is CelesTrak's current-data group, " +
				"the objects with current elements only (in orbit), so re-entries would drop out of the table instead of getting a decay date.",
			Into: &c.Query, Check: func() error { _, err := c.query(); return err }},
		{Name: "user_agent", Kind: singer.KindString, Default: "tap-celestrak (spacex-elt; +https://github.com/spacex-elt/spacex-elt)", Required: true,
			Description: "User-Agent header of every request: CelesTrak asks clients to name themselves and a URL.", Into: &c.UserAgent},
		{Name: "request_timeout_seconds", Kind: singer.KindInteger, Default: 60,
			Description: "Seconds each HTTP attempt may wait on the server: for the response to start, then for each read of its body. Every retry gets its own.",
			Into:        &c.RequestTimeoutSeconds, Check: func() error { return singer.Between(c.RequestTimeoutSeconds, 1, 0) }},
		{Name: "max_attempts", Kind: singer.KindInteger, Default: 3,
			Description: "Tries per request before giving up (5xx and connection errors are retried; a refusal, 403 or 429, never is: it ends the run).",
			Into:        &c.MaxAttempts, Check: func() error { return singer.Between(c.MaxAttempts, 1, 10) }},
		{Name: "min_interval_minutes", Kind: singer.KindInteger, Default: 120,
			Description: "A run within this many minutes of the last download (kept in the state) asks CelesTrak nothing and keeps the table: CelesTrak blocks clients " +
				"that download the same data more often than it changes. After it, the request is conditional (the state's ETag and Last-Modified), so unchanged data is not downloaded again. 0: always ask (conditionally).",
			Into: &c.MinIntervalMinutes, Check: func() error { return singer.Between(c.MinIntervalMinutes, 0, 0) }},
		{Name: "snapshot_dir", Kind: singer.KindString,
			Description: "Folder of a CelesTrak-format catalogue (satcat-starlink.json, the array records.php?GROUP=starlink&FORMAT=json returns) to read instead of CelesTrak: " +
				"the tap serves it in-process through the same client and HTTP path (conditional requests included), and base_url is ignored. " +
				"A relative path is taken from the working directory, which is the meltano/ folder when Meltano runs the tap: an absolute path is safest. Empty: CelesTrak at base_url.",
			Into: &c.SnapshotDir},
	}
}

// query is the setting query as a client query.
func (c Config) query() (ctclient.Query, error) {
	field, value, ok := strings.Cut(c.Query, "=")
	field = strings.ToUpper(strings.TrimSpace(field))
	if !ok || strings.TrimSpace(value) == "" || !slices.Contains(ctclient.Fields, field) {
		return ctclient.Query{}, fmt.Errorf("%q: want FIELD=VALUE with FIELD one of %s (e.g. NAME=STARLINK)", c.Query, strings.Join(ctclient.Fields, ", "))
	}
	return ctclient.Query{Field: field, Value: strings.TrimSpace(value)}, nil
}

// Settings returns the settings table (for --about and tests).
func Settings() []singer.Setting { return settings(&Config{}) }

// ParseConfig decodes a config document, fills in defaults and validates it, reporting every
// bad setting at once.
func ParseConfig(raw []byte) (Config, error) { return singer.ParseConfig(raw, settings) }

package spacex

import (
	"time"

	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Config is tap-spacex's --config. Every setting has a default, so `{}` is a valid config.
// Its fields are described once, in settings.
type Config struct {
	BaseURL               string
	PageSize              int
	UserAgent             string
	RequestTimeoutSeconds int
	MaxAttempts           int
	StartDate             time.Time
	LookbackDays          int
	SnapshotDir           string
}

// settings is tap-spacex's settings table: the one place each setting is written. --about,
// ParseConfig and (checked by a test) meltano/meltano.yml follow it. Into points into c.
func settings(c *Config) []singer.Setting {
	return []singer.Setting{
		{Name: "base_url", Kind: singer.KindString, Default: "https://api.spacexdata.com",
			Description: "Root URL of the API, or of a replay server. Ignored when snapshot_dir is set.", Into: &c.BaseURL,
			Check: func() error { return singer.HTTPURL(c.BaseURL) }},
		{Name: "page_size", Kind: singer.KindInteger, Default: 100,
			Description: "Documents per POST /query page (1..10000).", Into: &c.PageSize,
			Check: func() error { return singer.Between(c.PageSize, 1, 10000) }},
		{Name: "user_agent", Kind: singer.KindString, Default: "tap-spacex (spacex-elt)",
			Description: "User-Agent header of every request.", Into: &c.UserAgent, Required: true},
		{Name: "request_timeout_seconds", Kind: singer.KindInteger, Default: 30,
			Description: requestTimeoutDescription, Into: &c.RequestTimeoutSeconds,
			Check: func() error { return singer.Between(c.RequestTimeoutSeconds, 1, 0) }},
		{Name: "start_date", Kind: singer.KindDate,
			Description: "Where the incremental launches stream starts on its first run (RFC 3339 or YYYY-MM-DD); all launches when empty.",
			Into:        &c.StartDate},
		{Name: "lookback_days", Kind: singer.KindInteger, Default: 30,
			Description: "Days before the launches bookmark that each run re-reads, since the API changes recent launches in place.",
			Into:        &c.LookbackDays, Check: func() error { return singer.Between(c.LookbackDays, 0, 0) }},
		{Name: "max_attempts", Kind: singer.KindInteger, Default: 5,
			Description: "Tries per request before giving up (429, 5xx and connection errors are retried).", Into: &c.MaxAttempts,
			Check: func() error { return singer.Between(c.MaxAttempts, 1, 0) }},
		{Name: "snapshot_dir", Kind: singer.KindString,
			Description: "Folder of a recorded snapshot of the API (v4/<resource>.json, v5/launches.json) to read instead of the network: " +
				"the tap serves it in-process, through the same client and HTTP path, and base_url is ignored. " + snapshotDirPaths +
				" Empty: the API at base_url.",
			Into: &c.SnapshotDir},
	}
}

// snapshotDirPaths is how snapshot_dir's path is read (as for tap-spacetrack).
const snapshotDirPaths = "A relative path is taken from the working directory, which is the meltano/ folder when Meltano runs the tap: an absolute path is safest."

// requestTimeoutDescription is the one meaning of request_timeout_seconds (meltano.yml says
// the same).
const requestTimeoutDescription = "Seconds each HTTP attempt may wait on the server: for the response to start, then for each read of its body. Every retry gets its own; back-off and the time spent writing records do not count."

// Settings returns the settings table (for --about and tests).
func Settings() []singer.Setting { return settings(&Config{}) }

// ParseConfig decodes a config document, fills in defaults and validates it, reporting every
// bad setting at once.
func ParseConfig(raw []byte) (Config, error) { return singer.ParseConfig(raw, settings) }

// RequestTimeout is RequestTimeoutSeconds as a duration.
func (c Config) RequestTimeout() time.Duration {
	return time.Duration(c.RequestTimeoutSeconds) * time.Second
}

// Package celestrak is tap-celestrak: a Singer tap for CelesTrak's satellite catalogue
// (SATCAT, https://celestrak.org/satcat/records.php), over the client generated from
// openapi/celestrak.yaml (client/celestrak). The Singer machinery is package singer's; this
// package holds the tap's settings and its one stream, satcat (stream_satcat.go).
//
// Records are CelesTrak's records exactly as sent: the tap checks each against the spec but
// never re-encodes one.
package celestrak

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	ctclient "github.com/spacex-elt/spacex-elt/client/celestrak"
	"github.com/spacex-elt/spacex-elt/client/transport"
	"github.com/spacex-elt/spacex-elt/fixtures/celestrakreplay"
	"github.com/spacex-elt/spacex-elt/openapi"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Name is the tap's name.
const Name = "tap-celestrak"

// Tap is tap-celestrak for singer.Run.
type Tap struct {
	// Version is what --about reports.
	Version string
	// Now is the clock of the minimum interval (time.Now when nil); tests set it.
	Now func() time.Time
}

// About describes the tap.
func (t Tap) About() singer.About {
	return singer.About{
		Name: Name,
		Description: "Singer tap for CelesTrak's satellite catalogue (SATCAT), no account needed, over a client generated from an OpenAPI spec; " +
			"polite: a User-Agent naming the project, conditional requests and a minimum interval kept in state, a refusal (403/429) ends the run without retrying.",
		Version:      t.Version,
		Capabilities: []string{"about", "activate-version", "catalog", "discover", "state"},
		Settings:     Settings(),
		Streams:      []string{satcatStream},
	}
}

// Open parses the config and builds the satcat stream over one polite fetcher.
func (t Tap) Open(raw []byte, logger *slog.Logger) (*singer.Source, error) {
	cfg, err := ParseConfig(raw)
	if err != nil {
		return nil, err
	}
	fc := ctclient.Config{
		BaseURL:        cfg.BaseURL,
		UserAgent:      cfg.UserAgent,
		MaxAttempts:    cfg.MaxAttempts,
		AttemptTimeout: time.Duration(cfg.RequestTimeoutSeconds) * time.Second,
		OnAttempt:      singer.HTTPTimer(logger, func(r *http.Request) string { return r.URL.Path }),
		Logger:         logger,
	}
	from := []any{"base_url", cfg.BaseURL}
	if cfg.SnapshotDir != "" {
		srv, err := celestrakreplay.New(cfg.SnapshotDir, celestrakreplay.Options{})
		if err != nil {
			return nil, singer.PathError("snapshot_dir", cfg.SnapshotDir, err)
		}
		fc.Base, fc.BaseURL = transport.InProcess(srv), snapshotURL
		from = []any{"snapshot_dir", cfg.SnapshotDir}
	}
	f, err := ctclient.NewFetcher(fc)
	if err != nil {
		return nil, err
	}
	now := t.Now
	if now == nil {
		now = time.Now
	}
	st, err := newSatcat(cfg, f, logger, now)
	if err != nil {
		return nil, err
	}
	return &singer.Source{
		Streams:  []singer.Stream{st},
		LogAttrs: append(from, "query", cfg.Query, "min_interval_minutes", cfg.MinIntervalMinutes),
		Summary: func() []any {
			s := f.Stats()
			return []any{"requests", s.Requests, "retries", s.Retries}
		},
	}, nil
}

// snapshotURL is the fetcher's server in snapshot mode: requests never leave the process, and
// the name never resolves (.invalid) should one try.
const snapshotURL = "http://snapshot.invalid"

// satcatSchema is the stream's JSON Schema, from the spec's SatcatRecord.
func satcatSchema() (map[string]any, error) {
	ref, err := openapi.CelesTrakSchemaFor("SatcatRecord")
	if err != nil {
		return nil, err
	}
	schema, err := singer.JSONSchema(ref)
	if err != nil {
		return nil, fmt.Errorf("converting schema SatcatRecord: %w", err)
	}
	return schema, nil
}

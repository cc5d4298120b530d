// Package spacetrack is tap-spacetrack: a Singer tap for Space-Track's satellite catalogue
// (class satcat), over the client generated from openapi/spacetrack.yaml and its session
// (client/spacetrack). The Singer machinery is package singer's; this package holds the tap's
// settings and its one stream, satcat (stream_satcat.go).
//
// Records are the catalogue's documents exactly as Space-Track sent them (every value a string
// or null): the tap never decodes a document into Go values and re-encodes it.
package spacetrack

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	stclient "github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/client/transport"
	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
	"github.com/spacex-elt/spacex-elt/openapi"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Name is the tap's name.
const Name = "tap-spacetrack"

// Tap is tap-spacetrack for singer.Run.
type Tap struct {
	// Version is what --about reports.
	Version string
}

// About describes the tap.
func (t Tap) About() singer.About {
	return singer.About{
		Name: Name,
		Description: "Singer tap for Space-Track's satellite catalogue (satcat), over a client generated from an OpenAPI spec; " +
			"stays under Space-Track's rate limits (30 requests/minute, 300/hour) by construction.",
		Version:      t.Version,
		Capabilities: []string{"about", "activate-version", "catalog", "discover", "state"},
		Settings:     Settings(),
		Streams:      []string{satcatStream},
	}
}

// Open parses the config and builds the satcat stream over one Space-Track session (which
// logs in on its first query, not here). Without credentials it opens for discovery; a sync
// is refused (Source.CheckSync).
func (t Tap) Open(raw []byte, logger *slog.Logger) (*singer.Source, error) {
	cfg, err := ParseConfig(raw)
	if err != nil {
		return nil, err
	}
	sc := cfg.sessionConfig()
	sc.Logger = logger
	sc.OnAttempt = singer.HTTPTimer(logger, endpoint)
	from := []any{"base_url", cfg.BaseURL}
	if cfg.SnapshotDir != "" {
		srv, err := spacetrackreplay.New(cfg.SnapshotDir, spacetrackreplay.Options{})
		if err != nil {
			return nil, singer.PathError("snapshot_dir", cfg.SnapshotDir, err)
		}
		// In-process, under the session as against Space-Track; the replay takes any
		// credentials, so none are needed, and no shared ledger is touched.
		sc.Base, sc.BaseURL, sc.LedgerPath = transport.InProcess(srv), snapshotURL, ""
		sc.Identity, sc.Password = cmp.Or(sc.Identity, "snapshot"), cmp.Or(sc.Password, "snapshot")
		from = []any{"snapshot_dir", cfg.SnapshotDir}
	}
	session, err := stclient.NewSession(sc)
	if err != nil {
		return nil, err
	}
	st, err := newSatcat(cfg, session, logger)
	if err != nil {
		return nil, err
	}
	return &singer.Source{
		Streams: []singer.Stream{st},
		LogAttrs: append(from, "satname", cfg.SatName, "object_type", cfg.ObjectType,
			"page_size", cfg.PageSize, "requests_per_minute", cfg.RequestsPerMinute, "requests_per_hour", cfg.RequestsPerHour),
		Summary: func() []any {
			s := session.Stats()
			return []any{"requests", s.Requests, "retries", s.Retries, "throttled", s.Throttled, "logins", session.Logins()}
		},
		CheckSync: cfg.CheckSync,
	}, nil
}

// snapshotURL is the session's server in snapshot mode: requests never leave the process, and
// the name never resolves (.invalid) should one try.
const snapshotURL = "http://snapshot.invalid"

// endpoint names a request in http_request_duration METRIC lines: its path, without a satcat
// query's predicates ("/basicspacedata/query/class/satcat").
func endpoint(r *http.Request) string {
	const satcat = "/class/satcat"
	if i := strings.Index(r.URL.Path, satcat); i >= 0 {
		return r.URL.Path[:i+len(satcat)]
	}
	return r.URL.Path
}

// satcatSchema is the stream's JSON Schema, from the spec's SatcatEntry.
func satcatSchema() (map[string]any, error) {
	ref, err := openapi.SpaceTrackSchemaFor("SatcatEntry")
	if err != nil {
		return nil, err
	}
	schema, err := singer.JSONSchema(ref)
	if err != nil {
		return nil, fmt.Errorf("converting schema SatcatEntry: %w", err)
	}
	return schema, nil
}

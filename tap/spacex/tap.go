// Package spacex is tap-spacex: a Singer tap for the r-spacex SpaceX API, over the client
// generated from openapi/spacex.yaml. The Singer machinery is package singer's; this package
// holds the tap's settings, its streams and each stream's own policy (stream_launches.go).
//
// Records are the API's documents exactly as it sent them: the tap never decodes a document
// into Go values and re-encodes it, so a JSON null stays null and no field is lost.
package spacex

import (
	"fmt"
	"log/slog"
	"net/http"

	sxclient "github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/client/transport"
	"github.com/spacex-elt/spacex-elt/fixtures/replay"
	"github.com/spacex-elt/spacex-elt/openapi"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Name is the tap's name.
const Name = "tap-spacex"

// Tap is tap-spacex for singer.Run.
type Tap struct {
	// Version is what --about reports.
	Version string
}

// About describes the tap.
func (t Tap) About() singer.About {
	var names []string
	for _, d := range streamDefs() {
		names = append(names, d.name)
	}
	return singer.About{
		Name:         Name,
		Description:  "Singer tap for the r-spacex SpaceX API (v4 and v5), over a client generated from an OpenAPI spec.",
		Version:      t.Version,
		Capabilities: []string{"about", "activate-version", "catalog", "discover", "state"},
		Settings:     Settings(),
		Streams:      names,
	}
}

// Open parses the config and builds the streams over one API client.
func (t Tap) Open(raw []byte, logger *slog.Logger) (*singer.Source, error) {
	cfg, err := ParseConfig(raw)
	if err != nil {
		return nil, err
	}
	api, tr, err := newAPI(cfg, logger)
	if err != nil {
		return nil, err
	}
	streams, err := NewStreams(cfg, api, logger)
	if err != nil {
		return nil, err
	}
	from := []any{"base_url", cfg.BaseURL}
	if cfg.SnapshotDir != "" {
		from = []any{"snapshot_dir", cfg.SnapshotDir}
	}
	return &singer.Source{
		Streams:  streams,
		LogAttrs: append(from, "page_size", cfg.PageSize),
		Summary: func() []any {
			st := tr.Stats()
			return []any{"requests", st.Requests, "retries", st.Retries}
		},
	}, nil
}

// snapshotURL is the API client's server in snapshot mode: requests never leave the process,
// and the name never resolves (.invalid) should one try.
const snapshotURL = "http://snapshot.invalid"

// newAPI builds the API client of cfg over the retrying transport: to base_url, or, with
// snapshot_dir, to the snapshot served in-process by the replay handler.
func newAPI(cfg Config, logger *slog.Logger) (*sxclient.Client, *transport.Transport, error) {
	var base http.RoundTripper
	server := cfg.BaseURL
	if cfg.SnapshotDir != "" {
		srv, err := replay.New(cfg.SnapshotDir, replay.Options{})
		if err != nil {
			return nil, nil, singer.PathError("snapshot_dir", cfg.SnapshotDir, err)
		}
		base, server = transport.InProcess(srv), snapshotURL
	}
	tr := transport.New(transport.Options{
		Base:           base,
		UserAgent:      cfg.UserAgent,
		MaxAttempts:    cfg.MaxAttempts,
		AttemptTimeout: cfg.RequestTimeout(),
		Logger:         logger,
		// Each attempt's http_request_duration METRIC, its endpoint the route ("/v4/starlink/query").
		OnAttempt: singer.HTTPTimer(logger, func(r *http.Request) string { return r.URL.Path }),
	})
	// No http.Client.Timeout: it would span every retry, the back-off and the whole body,
	// which the tap reads as fast as its stdout takes records.
	api, err := sxclient.NewClient(server, sxclient.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		return nil, nil, fmt.Errorf("creating API client for %s: %w", server, err)
	}
	return api, tr, nil
}

// NewStreams returns the tap's streams, sorted by name, reading through api. Their schemas
// come from the embedded OpenAPI spec.
func NewStreams(cfg Config, api *sxclient.Client, logger *slog.Logger) ([]singer.Stream, error) {
	spec, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("loading the embedded OpenAPI spec: %w", err)
	}
	var out []singer.Stream
	for _, d := range streamDefs() {
		ref, ok := spec.Components.Schemas[d.schema]
		if !ok {
			return nil, fmt.Errorf("stream %s: schema %s is not in the OpenAPI spec", d.name, d.schema)
		}
		schema, err := singer.JSONSchema(ref)
		if err != nil {
			return nil, fmt.Errorf("stream %s: converting schema %s: %w", d.name, d.schema, err)
		}
		base := stream{def: d, schema: schema, cfg: cfg, api: api, logger: logger}
		switch {
		case d.get != nil:
			out = append(out, &singleStream{base})
		case d.name == "launches":
			out = append(out, &launchesStream{base})
		default:
			out = append(out, &pagedStream{base})
		}
	}
	return out, nil
}

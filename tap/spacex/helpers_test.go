package spacex

import (
	"io"
	"log/slog"
	"testing"

	sxclient "github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// testStreams returns the tap's streams over a client of baseURL (which discovery never calls).
func testStreams(tb testing.TB, cfg Config, baseURL string) []singer.Stream {
	tb.Helper()
	if baseURL == "" {
		baseURL = "http://127.0.0.1:1"
	}
	api, err := sxclient.NewClient(baseURL)
	if err != nil {
		tb.Fatal(err)
	}
	streams, err := NewStreams(cfg, api, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return streams
}

// discover is the catalog `tap-spacex --discover` prints.
func discover(tb testing.TB) singer.Catalog {
	tb.Helper()
	return singer.Discover(testStreams(tb, Config{}, ""))
}

// streamInfo is what tests need to know of a stream.
type streamInfo struct {
	Name              string
	ReplicationMethod string
}

// streamInfos lists the tap's streams, in the tap's order.
func streamInfos() []streamInfo {
	var out []streamInfo
	for _, d := range streamDefs() {
		m := singer.FullTable
		if d.name == "launches" {
			m = singer.Incremental
		}
		out = append(out, streamInfo{d.name, m})
	}
	return out
}

// testAPIStreams returns the tap's streams reading cfg.BaseURL through the tap's own
// transport (retries, User-Agent) and timeout.
func testAPIStreams(tb testing.TB, cfg Config) []singer.Stream {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api, _, err := newAPI(cfg, logger)
	if err != nil {
		tb.Fatal(err)
	}
	streams, err := NewStreams(cfg, api, logger)
	if err != nil {
		tb.Fatal(err)
	}
	return streams
}

package spacetrack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// BenchmarkSync_Satcat is a whole sync of the catalogue through the replay server (login, the
// pages at the default page size, logout, every RECORD written): on SPACETRACK_SNAPSHOT when
// set (8,848 entries), else on the sample. Reports records per second.
func BenchmarkSync_Satcat(b *testing.B) {
	dir := os.Getenv("SPACETRACK_SNAPSHOT")
	switch {
	case dir == "":
		dir = sampleDir
	case !filepath.IsAbs(dir): // relative to the repository's root, where just runs
		dir = filepath.Join("../..", dir)
	}
	srv, err := spacetrackreplay.New(dir, spacetrackreplay.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ledgers := b.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	runs := 0
	sync := func(w io.Writer) {
		// A ledger of its own per sync: the benchmark's syncs are more in a minute than the
		// rate limits allow, and it measures the tap, not the limiter's waits.
		runs++
		config := []byte(`{"identity":"bench","password":"bench","base_url":"` + ts.URL + `","rate_limit_ledger":"` +
			filepath.Join(ledgers, fmt.Sprint(runs)) + `"}`)
		src, err := Tap{Version: "bench"}.Open(config, logger)
		if err != nil {
			b.Fatal(err)
		}
		s := &singer.Syncer{Streams: src.Streams, Catalog: singer.Discover(src.Streams), Selection: singer.SelectAll(src.Streams),
			Out: singer.NewOutput(w), Logger: logger}
		if err := s.Run(context.Background(), singer.State{}); err != nil {
			b.Fatal(err)
		}
	}
	var first bytes.Buffer
	sync(&first)
	perSync := bytes.Count(first.Bytes(), []byte(`"type":"RECORD"`))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sync(io.Discard)
		n++
	}
	b.ReportMetric(float64(n*perSync)/b.Elapsed().Seconds(), "records/s")
}

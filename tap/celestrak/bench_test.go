package celestrak

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/spacex-elt/spacex-elt/fixtures/celestrakreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// BenchmarkSync_Satcat is a whole sync of the catalogue through the replay server (one
// request, the whole answer checked against the spec, every RECORD written): on
// CELESTRAK_SNAPSHOT when set (8,848 records converted from Space-Track's), else on the sample.
// Reports records per second.
func BenchmarkSync_Satcat(b *testing.B) {
	dir := os.Getenv("CELESTRAK_SNAPSHOT")
	switch {
	case dir == "":
		dir = sampleDir
	case !filepath.IsAbs(dir): // relative to the repository's root, where just runs
		dir = filepath.Join("../..", dir)
	}
	srv, err := celestrakreplay.New(dir, celestrakreplay.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	config := []byte(`{"base_url":"` + ts.URL + `"}`)
	sync := func(w io.Writer) {
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

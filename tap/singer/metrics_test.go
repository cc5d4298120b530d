package singer

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// Through NewLogHandler a metric is the Singer spec's line; other records keep slog's text
// format, and the level hides METRIC lines as it hides other INFO records.
func TestNewLogHandler_WritesSingerMetricLines(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(NewLogHandler(&buf, slog.LevelInfo)).With("run", 1)
	LogMetric(context.Background(), logger, RecordCount("starlink", 100))
	LogMetric(context.Background(), logger, HTTPRequestDuration("/v4/starlink/query", 503, 1500*time.Millisecond))
	LogMetric(context.Background(), logger, HTTPRequestDuration("/v4/crew/query", 0, 250*time.Millisecond))
	logger.Info("sync summary", "streams", 1)
	want := []string{
		`INFO METRIC: {"type":"counter","metric":"record_count","value":100,"tags":{"endpoint":"starlink"}}`,
		`INFO METRIC: {"type":"timer","metric":"http_request_duration","value":1.5,"tags":{"endpoint":"/v4/starlink/query","http_status_code":503,"status":"failed"}}`,
		`INFO METRIC: {"type":"timer","metric":"http_request_duration","value":0.25,"tags":{"endpoint":"/v4/crew/query","status":"failed"}}`,
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), buf.String())
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[3], `level=INFO msg="sync summary" run=1 streams=1`) {
		t.Errorf("an ordinary record: %s", lines[3])
	}
	if m := HTTPRequestDuration("/v4/crew/query", 200, time.Second); m.Tags["status"] != "succeeded" {
		t.Errorf("200: %v", m.Tags)
	}

	buf.Reset()
	quiet := slog.New(NewLogHandler(&buf, slog.LevelWarn))
	LogMetric(context.Background(), quiet, RecordCount("starlink", 1))
	if buf.Len() != 0 {
		t.Errorf("at WARN: %s", buf.String())
	}
}

// A sync logs a record_count line after each page and when the stream ends; a stream's lines
// add up to its records, also when it fails.
func TestSyncer_RecordCountAfterEachPage(t *testing.T) {
	for name, c := range map[string]struct {
		st   *fakeStream
		want []string
	}{
		"pages":  {&fakeStream{name: "a", method: FullTable, pages: [][]string{{"1", "2"}, {"3"}}}, []string{"2", "1"}},
		"empty":  {&fakeStream{name: "a", method: FullTable}, []string{"0"}},
		"failed": {&fakeStream{name: "a", method: FullTable, pages: [][]string{{"1", "2"}, {"3", "4"}}, failAfter: 3}, []string{"2", "1"}},
	} {
		var logs bytes.Buffer
		streams := []Stream{c.st}
		s := &Syncer{Streams: streams, Catalog: Discover(streams), Selection: SelectAll(streams), Out: NewOutput(io.Discard),
			Logger: slog.New(NewLogHandler(&logs, slog.LevelInfo))}
		_ = s.Run(context.Background(), State{})
		var got []string
		for _, l := range strings.Split(logs.String(), "\n") {
			if v, ok := strings.CutPrefix(l, `INFO METRIC: {"type":"counter","metric":"record_count","value":`); ok {
				n, _, _ := strings.Cut(v, ",")
				if !strings.HasSuffix(l, `"tags":{"endpoint":"a"}}`) {
					t.Errorf("%s: %s", name, l)
				}
				got = append(got, n)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: record_count values %v, want %v\n%s", name, got, c.want, logs.String())
		}
	}
}

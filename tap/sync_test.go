package tap

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// sampleFiles maps each stream to its file in the sample dataset.
var sampleFiles = map[string]string{
	"launches": "v5/launches.json",
	"starlink": "v4/starlink.json",
}

// message is a decoded Singer line, its record kept raw.
type message struct {
	Type    string          `json:"type"`
	Stream  string          `json:"stream"`
	Record  json.RawMessage `json:"record"`
	Version int64           `json:"version"`
	Value   State           `json:"value"`
	Schema  map[string]any  `json:"schema"`
}

// runSync runs a Syncer against a replay server of the sample dataset and returns the Singer
// messages it wrote and its error.
func runSync(t *testing.T, cfg Config, faults []replay.Fault, state State) ([]message, error) {
	t.Helper()
	srv, err := replay.New(replay.SampleDir(), replay.Options{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg.BaseURL = ts.URL
	if cfg.PageSize == 0 {
		cfg.PageSize = 2
	}
	cfg.UserAgent, cfg.RequestTimeoutSeconds, cfg.MaxAttempts = "test", 10, 3

	var out bytes.Buffer
	s := &Syncer{
		Config:    cfg,
		Catalog:   discover(t),
		Selection: SelectAll(),
		Out:       NewOutput(&out),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:       func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
	}
	runErr := s.Run(context.Background(), state)
	return decodeMessages(t, out.Bytes()), runErr
}

func decodeMessages(t *testing.T, raw []byte) []message {
	t.Helper()
	var msgs []message
	for i, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var m message
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d is not a Singer message: %v: %s", i+1, err, line)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func sampleDocs(t *testing.T, stream string) []json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(replay.SampleDir(), sampleFiles[stream]))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

func compact(t *testing.T, raw []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSync_EmitsEveryDocumentAsTheAPISentIt(t *testing.T) {
	msgs, err := runSync(t, Config{}, nil, State{})
	if err != nil {
		t.Fatal(err)
	}
	for stream := range sampleFiles {
		docs := sampleDocs(t, stream)
		var got []string
		schemaAt, firstRecordAt, activateAt := -1, -1, -1
		for i, m := range msgs {
			if m.Stream != stream {
				continue
			}
			switch m.Type {
			case "SCHEMA":
				schemaAt = i
			case "RECORD":
				if firstRecordAt < 0 {
					firstRecordAt = i
				}
				got = append(got, compact(t, m.Record))
			case "ACTIVATE_VERSION":
				activateAt = i
			}
		}
		if schemaAt < 0 || firstRecordAt < schemaAt || activateAt < firstRecordAt {
			t.Errorf("%s: SCHEMA at %d, first RECORD at %d, ACTIVATE_VERSION at %d; want them in that order", stream, schemaAt, firstRecordAt, activateAt)
		}
		if len(got) != len(docs) {
			t.Fatalf("%s: %d records, the sample has %d documents", stream, len(got), len(docs))
		}
		for i, doc := range docs {
			if want := compact(t, doc); got[i] != want {
				t.Errorf("%s record %d:\n got %s\nwant %s", stream, i, got[i], want)
			}
		}
	}
	last := msgs[len(msgs)-1]
	if last.Type != "STATE" || len(last.Value.Bookmarks) != 0 {
		t.Errorf("last message %+v; want a STATE with no bookmark left (every stream complete)", last)
	}
}

func TestSync_StateAfterEachPageNeverAheadOfRecords(t *testing.T) {
	msgs, err := runSync(t, Config{PageSize: 2}, nil, State{})
	if err != nil {
		t.Fatal(err)
	}
	records := map[string]int{}
	for _, m := range msgs {
		switch m.Type {
		case "RECORD":
			records[m.Stream]++
		case "STATE":
			for stream, bm := range m.Value.Bookmarks {
				// next_page N means pages 1..N-1 were written: (N-1) pages of 2 records.
				if done := (bm.NextPage - 1) * 2; records[stream] < done {
					t.Fatalf("STATE says %s is done up to page %d, but only %d records were written", stream, bm.NextPage-1, records[stream])
				}
			}
		}
	}
}

func TestSync_MalformedPageStopsWithoutStateBeyondLastGoodPage(t *testing.T) {
	faults := []replay.Fault{{Path: "/v4/starlink/query", Page: 2, Truncate: true}}
	msgs, err := runSync(t, Config{PageSize: 2}, faults, State{})
	if err == nil {
		t.Fatal("want an error for a truncated page")
	}
	for _, want := range []string{"stream starlink", "/v4/starlink/query", "page 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	var lastStarlink Bookmark
	for _, m := range msgs {
		if m.Type == "STATE" {
			if bm, ok := m.Value.Bookmarks["starlink"]; ok {
				lastStarlink = bm
			}
		}
	}
	if lastStarlink.NextPage != 2 {
		t.Errorf("last starlink bookmark %+v; want next_page 2 (page 1 done, page 2 not)", lastStarlink)
	}
}

func TestSync_ResumesFromBookmarkWithSameVersion(t *testing.T) {
	const version = 1700000000000
	state := State{Bookmarks: map[string]Bookmark{"starlink": {Version: version, NextPage: 2}}}
	msgs, err := runSync(t, Config{PageSize: 2}, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	docs := sampleDocs(t, "starlink")
	var got []string
	for _, m := range msgs {
		if m.Stream == "starlink" && m.Type == "RECORD" {
			if m.Version != version {
				t.Fatalf("resumed record has version %d, want %d", m.Version, version)
			}
			got = append(got, compact(t, m.Record))
		}
	}
	if len(got) != len(docs)-2 || got[0] != compact(t, docs[2]) {
		t.Errorf("resumed from page 2: got %d records starting %.60s; want %d starting with document 3", len(got), got[0], len(docs)-2)
	}
}

func TestSync_RetriesThrottledPagesAndCompletes(t *testing.T) {
	faults := []replay.Fault{{Path: "/v5/launches/query", Page: 1, First: 2, Status: 429, RetryAfter: "0"}}
	msgs, err := runSync(t, Config{PageSize: 100}, faults, State{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.Stream == "launches" && m.Type == "RECORD" {
			n++
		}
	}
	if want := len(sampleDocs(t, "launches")); n != want {
		t.Errorf("%d launches after two 429s, want %d", n, want)
	}
}

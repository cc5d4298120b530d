package spacex

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// sampleFile is the file of a stream in the sample dataset.
func sampleFile(stream string) string {
	if stream == "launches" {
		return "v5/launches.json"
	}
	return "v4/" + stream + ".json"
}

// message is a decoded Singer line, its record kept raw.
type message struct {
	Type    string          `json:"type"`
	Stream  string          `json:"stream"`
	Record  json.RawMessage `json:"record"`
	Version int64           `json:"version"`
	Value   singer.State    `json:"value"`
	Schema  map[string]any  `json:"schema"`
}

// runSync runs a Syncer against a replay server of the sample dataset and returns the Singer
// messages it wrote and its error.
func runSync(t *testing.T, cfg Config, faults []replay.Fault, state singer.State) ([]message, error) {
	t.Helper()
	raw, err := syncOutput(t, cfg, faults, state, syncOptions{})
	return decodeMessages(t, raw), err
}

// syncOptions are the less common knobs of syncOutput; the zero value is runSync's setup.
type syncOptions struct {
	dir       string           // snapshot folder served by the replay server; the sample when ""
	now       time.Time        // the Syncer's clock; sampleNow when zero
	selection singer.Selection // SelectAll when nil
	out       io.Writer        // also receives the output when set
	ctx       context.Context  // context.Background() when nil
}

// sampleNow is the fixed clock of runSync: time_extracted and table versions derive from it.
var sampleNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// syncOutput runs a Syncer against a replay server and returns the bytes it wrote to stdout.
func syncOutput(t *testing.T, cfg Config, faults []replay.Fault, state singer.State, o syncOptions) ([]byte, error) {
	t.Helper()
	if o.dir == "" {
		o.dir = replay.SampleDir()
	}
	srv, err := replay.New(o.dir, replay.Options{Faults: faults})
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
	if o.now.IsZero() {
		o.now = sampleNow
	}
	streams := testAPIStreams(t, cfg)
	if o.selection == nil {
		o.selection = singer.SelectAll(streams)
	}

	var out bytes.Buffer
	var w io.Writer = &out
	if o.out != nil {
		w = io.MultiWriter(&out, o.out)
	}
	s := &singer.Syncer{
		Streams:   streams,
		Catalog:   singer.Discover(streams),
		Selection: o.selection,
		Out:       singer.NewOutput(w),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:       func() time.Time { return o.now },
	}
	if o.ctx == nil {
		o.ctx = context.Background()
	}
	runErr := s.Run(o.ctx, state)
	return out.Bytes(), runErr
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

func sampleDocs(t testing.TB, stream string) []json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(replay.SampleDir(), sampleFile(stream)))
	if err != nil {
		t.Fatal(err)
	}
	if raw = bytes.TrimSpace(raw); raw[0] == '{' { // company, roadster: one document
		return []json.RawMessage{raw}
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
	msgs, err := runSync(t, Config{}, nil, singer.State{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range streamInfos() {
		stream := st.Name
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
		if schemaAt < 0 || firstRecordAt < schemaAt {
			t.Errorf("%s: SCHEMA at %d, first RECORD at %d; want SCHEMA first", stream, schemaAt, firstRecordAt)
		}
		// Full-table streams end with ACTIVATE_VERSION; incremental ones cannot see deletions.
		if full := st.ReplicationMethod == singer.FullTable; full != (activateAt > firstRecordAt) {
			t.Errorf("%s (%s): ACTIVATE_VERSION at %d, first RECORD at %d", stream, st.ReplicationMethod, activateAt, firstRecordAt)
		}
		if len(got) != len(docs) {
			t.Fatalf("%s: %d records, the sample has %d documents", stream, len(got), len(docs))
		}
		// Incremental streams come sorted by their replication key, the others by id.
		byID := slices.Clone(docs)
		slices.SortFunc(byID, func(a, b json.RawMessage) int { return strings.Compare(docID(t, a), docID(t, b)) })
		want := make([]string, len(docs))
		for i, doc := range byID {
			want[i] = compact(t, doc)
		}
		if st.ReplicationMethod == singer.Incremental {
			slices.Sort(got)
			slices.Sort(want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s record %d:\n got %s\nwant %s", stream, i, got[i], want[i])
			}
		}
	}
	last := msgs[len(msgs)-1]
	if last.Type != "STATE" || len(last.Value.Bookmarks) != 1 || last.Value.Bookmarks["launches"].ReplicationKeyValue == "" {
		t.Errorf("last message %+v; want a STATE with only the launches bookmark left (every full-table stream complete)", last)
	}
}

// docID reads a document's id.
func docID(t testing.TB, doc json.RawMessage) string {
	t.Helper()
	var d struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(doc, &d); err != nil || d.ID == "" {
		t.Fatalf("document without an id: %.100s", doc)
	}
	return d.ID
}

// sampleIDs returns the ids of a stream's sample documents in id order: the order a
// full-table stream reads them in.
func sampleIDs(t testing.TB, stream string) []string {
	t.Helper()
	var ids []string
	for _, doc := range sampleDocs(t, stream) {
		ids = append(ids, docID(t, doc))
	}
	slices.Sort(ids)
	return ids
}

// Every STATE covers only records already written: a full-table bookmark's "after" only once
// every document up to that id was written, the launches bookmark's date only once a launch
// of that date that is no longer upcoming was written.
func TestSync_StateAfterEachPageNeverAheadOfRecords(t *testing.T) {
	msgs, err := runSync(t, Config{PageSize: 2}, nil, singer.State{})
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]map[string]bool{} // stream -> id
	launchDates := map[string]bool{}        // date_utc of written launches no longer upcoming
	checked := map[string]int{}
	for _, m := range msgs {
		switch m.Type {
		case "RECORD":
			if written[m.Stream] == nil {
				written[m.Stream] = map[string]bool{}
			}
			written[m.Stream][docID(t, m.Record)] = true
			if m.Stream == "launches" {
				var p launchPosition
				if err := json.Unmarshal(m.Record, &p); err != nil {
					t.Fatal(err)
				}
				if p.DateUTC != nil && p.Upcoming != nil && !*p.Upcoming {
					launchDates[*p.DateUTC] = true
				}
			}
		case "STATE":
			for stream, bm := range m.Value.Bookmarks {
				switch {
				case bm.After != "":
					for _, id := range sampleIDs(t, stream) {
						if id <= bm.After && !written[stream][id] {
							t.Fatalf("STATE says %s is done up to %s, but %s was not written", stream, bm.After, id)
						}
					}
					checked[stream]++
				case stream == "launches":
					if bm.ReplicationKeyValue != "" && !launchDates[bm.ReplicationKeyValue] {
						t.Fatalf("STATE moves launches to %s, but no launch of that date was written", bm.ReplicationKeyValue)
					}
					checked[stream]++
				default:
					t.Fatalf("STATE has a %s bookmark with no position: %+v", stream, bm)
				}
			}
		}
	}
	// The check means something only if it met bookmarks of both kinds, mid-stream.
	if checked["starlink"] < 2 || checked["launches"] < 2 {
		t.Errorf("checked %v bookmarks; want several of starlink and of launches", checked)
	}
}

func TestSync_MalformedPageStopsWithoutStateBeyondLastGoodPage(t *testing.T) {
	faults := []replay.Fault{{Path: "/v4/starlink/query", Page: 2, Truncate: true}}
	msgs, err := runSync(t, Config{PageSize: 2}, faults, singer.State{})
	if err == nil {
		t.Fatal("want an error for a truncated page")
	}
	for _, want := range []string{"stream starlink", "/v4/starlink/query", "page 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	var lastStarlink singer.Bookmark
	for _, m := range msgs {
		if m.Type == "STATE" {
			if bm, ok := m.Value.Bookmarks["starlink"]; ok {
				lastStarlink = bm
			}
		}
	}
	if ids := sampleIDs(t, "starlink"); lastStarlink.After != ids[1] || lastStarlink.Version != sampleNow.UnixMilli() {
		t.Errorf("last starlink bookmark %+v; want after %s (page 1 done, page 2 not), version %d", lastStarlink, ids[1], sampleNow.UnixMilli())
	}
}

func TestSync_ResumesFromBookmarkWithSameVersion(t *testing.T) {
	const version = 1700000000000
	ids := sampleIDs(t, "starlink")
	state := singer.State{Bookmarks: map[string]singer.Bookmark{"starlink": {Version: version, After: ids[1]}}}
	// Another page size than the run that saved the bookmark: the position is an id, not a page.
	msgs, err := runSync(t, Config{PageSize: 3}, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		if m.Stream == "starlink" && (m.Type == "RECORD" || m.Type == "ACTIVATE_VERSION") && m.Version != version {
			t.Fatalf("resumed %s has version %d, want %d", m.Type, m.Version, version)
		}
		if m.Stream == "starlink" && m.Type == "RECORD" {
			got = append(got, docID(t, m.Record))
		}
	}
	if !slices.Equal(got, ids[2:]) {
		t.Errorf("resumed after %s: got %v; want %v", ids[1], got, ids[2:])
	}
}

// A state saved by the page-numbered tap (next_page) cannot be resumed safely: the stream
// is read again from the start under a new version, which ACTIVATE_VERSION then makes the
// only one.
func TestSync_OldNextPageStateRestartsTheStream(t *testing.T) {
	state := singer.State{Bookmarks: map[string]singer.Bookmark{"starlink": {Version: 1700000000000, NextPage: 2}}}
	msgs, err := runSync(t, Config{PageSize: 2}, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	activated := int64(0)
	for _, m := range msgs {
		if m.Stream != "starlink" {
			continue
		}
		switch m.Type {
		case "RECORD":
			if m.Version != sampleNow.UnixMilli() {
				t.Fatalf("record of version %d; want the new version %d", m.Version, sampleNow.UnixMilli())
			}
			got = append(got, docID(t, m.Record))
		case "ACTIVATE_VERSION":
			activated = m.Version
		}
	}
	if !slices.Equal(got, sampleIDs(t, "starlink")) || activated != sampleNow.UnixMilli() {
		t.Errorf("read %v and activated %d; want every document and version %d", got, activated, sampleNow.UnixMilli())
	}
}

func TestSync_RetriesThrottledPagesAndCompletes(t *testing.T) {
	faults := []replay.Fault{{Path: "/v5/launches/query", Page: 1, First: 2, Status: 429, RetryAfter: "0"}}
	msgs, err := runSync(t, Config{PageSize: 100}, faults, singer.State{})
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

func launchRecords(msgs []message) map[string]launchPosition {
	got := map[string]launchPosition{}
	for _, m := range msgs {
		if m.Stream == "launches" && m.Type == "RECORD" {
			var p launchPosition
			_ = json.Unmarshal(m.Record, &p)
			got[p.ID] = p
		}
	}
	return got
}

func TestSyncIncremental_SecondRunReadsLookbackWindowAndUpcomingOnly(t *testing.T) {
	first, err := runSync(t, Config{}, nil, singer.State{})
	if err != nil {
		t.Fatal(err)
	}
	state := first[len(first)-1].Value
	bm := state.Bookmarks["launches"]
	latest, err := time.Parse(time.RFC3339Nano, bm.ReplicationKeyValue)
	if err != nil {
		t.Fatalf("bookmark %+v: %v", bm, err)
	}

	cfg := Config{LookbackDays: 30}
	second, err := runSync(t, cfg, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	got := launchRecords(second)
	windowStart := latest.AddDate(0, 0, -cfg.LookbackDays)
	want := 0
	for _, doc := range sampleDocs(t, "launches") {
		var p launchPosition
		if err := json.Unmarshal(doc, &p); err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(time.RFC3339Nano, *p.DateUTC)
		inWindow := !d.Before(windowStart)
		upcoming := *p.Upcoming
		_, read := got[p.ID]
		if read != (inWindow || upcoming) {
			t.Errorf("launch %s (date %s, upcoming %v): read %v; want read only when in the window from %s or upcoming",
				p.ID, *p.DateUTC, upcoming, read, windowStart.Format(time.DateOnly))
		}
		if inWindow || upcoming {
			want++
		}
	}
	if len(got) != want || want == len(sampleDocs(t, "launches")) {
		t.Errorf("second run read %d launches, want %d (and fewer than all)", len(got), want)
	}
}

func TestSyncIncremental_RereadsLaunchesThatWereUpcoming(t *testing.T) {
	// A launch that was upcoming last run is read again even when its date is long before the
	// window: the API may have moved it to the past with an earlier date.
	old := sampleDocs(t, "launches")[0]
	var p launchPosition
	if err := json.Unmarshal(old, &p); err != nil {
		t.Fatal(err)
	}
	state, err := singer.ParseState([]byte(`{"bookmarks":{"launches":{"replication_key":"date_utc",` +
		`"replication_key_value":"2099-01-01T00:00:00.000Z","upcoming_ids":["` + p.ID + `"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := runSync(t, Config{}, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := launchRecords(msgs)[p.ID]; !ok {
		t.Errorf("launch %s (date %s) was upcoming at the last run but was not read again", p.ID, *p.DateUTC)
	}
}

func TestSyncIncremental_StartDateLimitsTheFirstRun(t *testing.T) {
	start := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)
	msgs, err := runSync(t, Config{StartDate: start}, nil, singer.State{})
	if err != nil {
		t.Fatal(err)
	}
	got := launchRecords(msgs)
	want, before := 0, 0
	for _, doc := range sampleDocs(t, "launches") {
		var p launchPosition
		if err := json.Unmarshal(doc, &p); err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(time.RFC3339Nano, *p.DateUTC)
		_, read := got[p.ID]
		switch {
		case !d.Before(start) || *p.Upcoming:
			want++
			if !read {
				t.Errorf("launch %s dated %s (upcoming %v) was not read; start_date is %s", p.ID, *p.DateUTC, *p.Upcoming, start.Format(time.DateOnly))
			}
		default:
			before++
			if read {
				t.Errorf("launch %s dated %s was read, before start_date %s", p.ID, *p.DateUTC, start.Format(time.DateOnly))
			}
		}
	}
	// The check means something only if the sample has launches on both sides of start_date.
	if want == 0 || before == 0 || len(got) != want {
		t.Errorf("read %d launches; want %d (the sample has %d on or after start_date or upcoming, %d before; want both > 0)",
			len(got), want, want, before)
	}
}

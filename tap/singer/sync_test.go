package singer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// fakeStream is a Stream over pages of ids held in memory, in key order; failAfter > 0 makes
// it fail after yielding that many records.
type fakeStream struct {
	name      string
	method    string
	pages     [][]string
	failAfter int
	from      *Bookmark // what Read was given
}

func (f *fakeStream) Name() string { return f.name }
func (f *fakeStream) Schema() map[string]any {
	return map[string]any{"type": []any{"object"}, "properties": map[string]any{"id": map[string]any{"type": []any{"string"}}}}
}
func (f *fakeStream) KeyProperties() []string   { return []string{"id"} }
func (f *fakeStream) ReplicationMethod() string { return f.method }
func (f *fakeStream) ReplicationKey() string    { return "" }

func (f *fakeStream) Read(_ context.Context, from Bookmark) iter.Seq2[Item, error] {
	f.from = &from
	return func(yield func(Item, error) bool) {
		n := 0
		for p, page := range f.pages {
			last := ""
			for i, id := range page {
				if id <= from.After {
					continue
				}
				if f.failAfter > 0 && n == f.failAfter {
					yield(Item{}, errors.New("page broke"))
					return
				}
				if !yield(Item{Record: json.RawMessage(`{"id":"` + id + `"}`), Page: p + 1, Index: i}, nil) {
					return
				}
				n++
				last = id
			}
			if last != "" && !yield(Item{Page: p + 1, Checkpoint: &Bookmark{After: last}}, nil) {
				return
			}
		}
	}
}

type line struct {
	Type    string          `json:"type"`
	Stream  string          `json:"stream"`
	Record  json.RawMessage `json:"record"`
	Version int64           `json:"version"`
	Value   *State          `json:"value"`
}

func runFake(t *testing.T, st *fakeStream, state State) ([]line, error) {
	t.Helper()
	var out bytes.Buffer
	streams := []Stream{st}
	s := &Syncer{Streams: streams, Catalog: Discover(streams), Selection: SelectAll(streams), Out: NewOutput(&out),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.UnixMilli(1000) }}
	err := s.Run(context.Background(), state)
	var lines []line
	for i, l := range bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n")) {
		var m line
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		lines = append(lines, m)
	}
	return lines, err
}

// summary writes a run's lines compactly: R<id>@version, S<after>@version (or S- when the
// stream's bookmark is cleared), A@version, and SCHEMA.
func summary(lines []line) string {
	var b []string
	for _, l := range lines {
		switch l.Type {
		case "SCHEMA":
			b = append(b, "SCHEMA")
		case "RECORD":
			var d struct{ ID string }
			_ = json.Unmarshal(l.Record, &d)
			b = append(b, "R"+d.ID+"@"+itoa(l.Version))
		case "ACTIVATE_VERSION":
			b = append(b, "A@"+itoa(l.Version))
		case "STATE":
			bm, ok := l.Value.Bookmarks["s"]
			if !ok {
				b = append(b, "S-")
			} else {
				b = append(b, "S"+bm.After+"@"+itoa(bm.Version))
			}
		}
	}
	return strings.Join(b, " ")
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestSyncer_FullTableCheckpointsResumesAndActivates(t *testing.T) {
	pages := [][]string{{"a", "b"}, {"c", "d"}, {"e"}}
	lines, err := runFake(t, &fakeStream{name: "s", method: FullTable, pages: pages}, State{})
	if err != nil {
		t.Fatal(err)
	}
	want := "SCHEMA Ra@1000 Rb@1000 Sb@1000 Rc@1000 Rd@1000 Sd@1000 Re@1000 Se@1000 A@1000 S-"
	if got := summary(lines); got != want {
		t.Errorf("fresh run:\n got %s\nwant %s", got, want)
	}

	// Resumed after b under version 5: the stream is asked for what follows b, the records
	// keep version 5, and version 5 is activated.
	st := &fakeStream{name: "s", method: FullTable, pages: pages}
	lines, err = runFake(t, st, State{Bookmarks: map[string]Bookmark{"s": {Version: 5, After: "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	if st.from == nil || st.from.After != "b" {
		t.Errorf("Read was given %+v; want after b", st.from)
	}
	want = "SCHEMA Rc@5 Rd@5 Sd@5 Re@5 Se@5 A@5 S-"
	if got := summary(lines); got != want {
		t.Errorf("resumed run:\n got %s\nwant %s", got, want)
	}

	// An old page-numbered bookmark starts over under a new version.
	st = &fakeStream{name: "s", method: FullTable, pages: pages}
	lines, err = runFake(t, st, State{Bookmarks: map[string]Bookmark{"s": {Version: 5, NextPage: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if st.from == nil || !st.from.IsZero() {
		t.Errorf("Read was given %+v; want the start", st.from)
	}
	if got := summary(lines); !strings.HasPrefix(got, "SCHEMA Ra@1000") || !strings.HasSuffix(got, "A@1000 S-") {
		t.Errorf("run from a next_page state: %s; want every record under the new version", got)
	}
}

// A stream that fails mid-page: the error names the stream, every line written is whole,
// and the last STATE covers only the pages completed.
func TestSyncer_ErrorMidPageKeepsTheLastCompletePage(t *testing.T) {
	lines, err := runFake(t, &fakeStream{name: "s", method: FullTable, pages: [][]string{{"a", "b"}, {"c", "d"}}, failAfter: 3}, State{})
	if err == nil || !strings.HasPrefix(err.Error(), "stream s: ") || !strings.Contains(err.Error(), "page broke") {
		t.Fatalf("error %v; want one naming stream s", err)
	}
	if got, want := summary(lines), "SCHEMA Ra@1000 Rb@1000 Sb@1000 Rc@1000"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// An incremental stream's checkpoints are saved as they come, without versions.
func TestSyncer_IncrementalSavesEachCheckpoint(t *testing.T) {
	lines, err := runFake(t, &fakeStream{name: "s", method: Incremental, pages: [][]string{{"a"}, {"b"}}}, State{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(lines), "SCHEMA Ra@0 Sa@0 Rb@0 Sb@0"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

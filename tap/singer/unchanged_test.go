package singer

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"log/slog"
	"testing"
	"time"
)

// etagStream is a full-table stream over one document whose source has a version (etag): it
// reports itself unchanged when given that etag, else yields the document and a checkpoint
// carrying the etag in Extra.
type etagStream struct {
	etag string
	got  Bookmark // the from of the last Read
}

func (e *etagStream) Name() string              { return "s" }
func (e *etagStream) Schema() map[string]any    { return map[string]any{"type": "object"} }
func (e *etagStream) KeyProperties() []string   { return []string{"id"} }
func (e *etagStream) ReplicationMethod() string { return FullTable }
func (e *etagStream) ReplicationKey() string    { return "" }
func (e *etagStream) Read(_ context.Context, from Bookmark) iter.Seq2[Item, error] {
	e.got = from
	return func(yield func(Item, error) bool) {
		if string(from.Extra["etag"]) == `"`+e.etag+`"` {
			yield(Item{Unchanged: true}, nil)
			return
		}
		if !yield(Item{Record: json.RawMessage(`{"id":"a"}`)}, nil) {
			return
		}
		yield(Item{Checkpoint: &Bookmark{Extra: map[string]json.RawMessage{"etag": json.RawMessage(`"` + e.etag + `"`)}}}, nil)
	}
}

func runOnce(t *testing.T, st Stream, state State) (string, State) {
	t.Helper()
	var out bytes.Buffer
	s := &Syncer{Streams: []Stream{st}, Catalog: Discover([]Stream{st}), Selection: SelectAll([]Stream{st}), Out: NewOutput(&out),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.UnixMilli(1000) }}
	if err := s.Run(context.Background(), state); err != nil {
		t.Fatal(err)
	}
	last := state
	var types []string
	for _, l := range bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n")) {
		var m struct {
			Type  string `json:"type"`
			Value *State `json:"value"`
		}
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatal(err)
		}
		types = append(types, m.Type)
		if m.Value != nil {
			last = *m.Value
		}
	}
	b, _ := json.Marshal(types)
	return string(b), last
}

// A full-table stream's own bookmark fields outlive its version and come back as the next
// run's from; a stream that finds its source unchanged gets no ACTIVATE_VERSION (which would
// empty the table) and no STATE (the state stays as it was).
func TestSyncer_FullTableKeepsExtraAndAnUnchangedSourceLoadsNothing(t *testing.T) {
	st := &etagStream{etag: "v1"}
	msgs, state := runOnce(t, st, State{})
	if msgs != `["SCHEMA","RECORD","STATE","ACTIVATE_VERSION","STATE"]` {
		t.Errorf("first run: %s", msgs)
	}
	if bm := state.Bookmarks["s"]; bm.Version != 0 || string(bm.Extra["etag"]) != `"v1"` {
		t.Fatalf("state after the first run: %+v, want the etag alone", bm)
	}
	msgs, state2 := runOnce(t, st, state)
	if msgs != `["SCHEMA"]` || string(st.got.Extra["etag"]) != `"v1"` {
		t.Errorf("unchanged source: %s (from %+v), want SCHEMA alone after being given the etag", msgs, st.got)
	}
	if string(state2.Bookmarks["s"].Extra["etag"]) != `"v1"` {
		t.Errorf("state after an unchanged run: %+v", state2)
	}
	// An interrupted run's bookmark (a version) is not a finished one's: its Extra is not trusted.
	interrupted := State{Bookmarks: map[string]Bookmark{"s": {Version: 7, Extra: map[string]json.RawMessage{"etag": json.RawMessage(`"v1"`)}}}}
	if msgs, _ := runOnce(t, st, interrupted); msgs != `["SCHEMA","RECORD","STATE","ACTIVATE_VERSION","STATE"]` || st.got.Extra != nil {
		t.Errorf("after an interrupted run: %s (from %+v), want a full read from nothing", msgs, st.got)
	}
}

package spacex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// lastStateLine returns the last STATE line of a sync's output, as written.
func lastStateLine(t *testing.T, raw []byte) []byte {
	t.Helper()
	lines := bytes.Split(bytes.TrimSpace(raw), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		if bytes.HasPrefix(lines[i], []byte(`{"type":"STATE"`)) {
			return lines[i]
		}
	}
	t.Fatal("the output has no STATE line")
	return nil
}

// recordsByID keys a run's records by stream and id; a later record replaces an earlier one.
func recordsByID(t *testing.T, into map[string]string, msgs []message) map[string]string {
	t.Helper()
	if into == nil {
		into = map[string]string{}
	}
	for _, m := range msgs {
		if m.Type != "RECORD" {
			continue
		}
		var doc struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(m.Record, &doc); err != nil || doc.ID == "" {
			t.Fatalf("%s record without an id: %s", m.Stream, m.Record)
		}
		into[m.Stream+"/"+doc.ID] = compact(t, m.Record)
	}
	return into
}

// A full run's final STATE line, read back the way the tap reads --state (the whole line, as
// targets echo it, and its bare value), starts a second run that completes and ends in the
// same state: nothing changed at the source, so no bookmark moves. Full-table streams, which
// the final state no longer mentions, are read whole again under a new table version.
func TestState_FinalStateOfOneRunStartsTheNext(t *testing.T) {
	raw, err := syncOutput(t, Config{}, nil, singer.State{}, syncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	line := lastStateLine(t, raw)
	wrapped, err := singer.ParseState(line)
	if err != nil {
		t.Fatal(err)
	}
	var msg singer.StateMessage
	if err := json.Unmarshal(line, &msg); err != nil {
		t.Fatal(err)
	}
	bareJSON, _ := json.Marshal(msg.Value)
	bare, err := singer.ParseState(bareJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(wrapped, bare) || !reflect.DeepEqual(wrapped, msg.Value) {
		t.Fatalf("the final state reads back differently: line %+v, bare %+v, written %+v", wrapped, bare, msg.Value)
	}
	if got := slices.Collect(maps.Keys(wrapped.Bookmarks)); !slices.Equal(got, []string{"launches"}) {
		t.Fatalf("final state has bookmarks %v; want only launches (full-table streams complete)", got)
	}

	later := sampleNow.Add(24 * time.Hour)
	raw2, err := syncOutput(t, Config{}, nil, wrapped, syncOptions{now: later})
	if err != nil {
		t.Fatal(err)
	}
	if got := lastStateLine(t, raw2); !bytes.Equal(got, line) {
		t.Errorf("second run ends in\n%s\nwant the first run's\n%s", got, line)
	}
	msgs := decodeMessages(t, raw2)
	for _, st := range streamInfos() {
		var records int
		var activated int64
		for _, m := range msgs {
			if m.Stream != st.Name {
				continue
			}
			switch m.Type {
			case "RECORD":
				records++
				if st.ReplicationMethod == singer.FullTable && m.Version != later.UnixMilli() {
					t.Fatalf("%s: second run's record has version %d, want the new version %d", st.Name, m.Version, later.UnixMilli())
				}
			case "ACTIVATE_VERSION":
				activated = m.Version
			}
		}
		all := len(sampleDocs(t, st.Name))
		switch {
		case st.ReplicationMethod == singer.FullTable && (records != all || activated != later.UnixMilli()):
			t.Errorf("%s: second run read %d of %d documents and activated version %d; want all, and version %d",
				st.Name, records, all, activated, later.UnixMilli())
		case st.ReplicationMethod == singer.Incremental && (records == 0 || records >= all):
			t.Errorf("%s: second run read %d of %d launches; want the look-back window and upcoming ones only", st.Name, records, all)
		}
	}
}

// An interrupted run resumes where its last STATE says: starlink's page 3 (page_size 2)
// comes back truncated, the run fails; a second run from the last STATE emitted and without
// the fault completes. Together the two runs deliver exactly the records of a clean run
// (by stream and id, the later run winning), starlink resumes at page 3 rather than starting
// over, and its resumed records carry the first run's table version, so the target's
// ACTIVATE_VERSION keeps the rows of pages 1-2.
func TestSync_InterruptedRunResumesFromItsLastState(t *testing.T) {
	clean, err := syncOutput(t, Config{PageSize: 2}, nil, singer.State{}, syncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := recordsByID(t, nil, decodeMessages(t, clean))

	first := sampleNow
	faults := []replay.Fault{{Path: "/v4/starlink/query", Page: 3, Truncate: true}}
	raw1, err := syncOutput(t, Config{PageSize: 2}, faults, singer.State{}, syncOptions{now: first})
	if err == nil {
		t.Fatal("want an error for the truncated page")
	}
	// Only the stream that failed is reported, not those it cancelled.
	if !strings.HasPrefix(err.Error(), "stream starlink: ") || !strings.Contains(err.Error(), "page 3") || strings.Count(err.Error(), "stream ") != 1 {
		t.Errorf("error %q; want it to name stream starlink and page 3, and no other stream", err)
	}
	state, err := singer.ParseState(lastStateLine(t, raw1))
	if err != nil {
		t.Fatal(err)
	}
	if bm := state.Bookmarks["starlink"]; bm.NextPage != 3 || bm.Version != first.UnixMilli() {
		t.Fatalf("last STATE has starlink at %+v; want next_page 3 of version %d", bm, first.UnixMilli())
	}

	second := first.Add(time.Hour) // a new run: a new clock, so a new version if it started over
	raw2, err := syncOutput(t, Config{PageSize: 2}, nil, state, syncOptions{now: second})
	if err != nil {
		t.Fatalf("resumed run: %v", err)
	}
	msgs2 := decodeMessages(t, raw2)
	got := recordsByID(t, recordsByID(t, nil, decodeMessages(t, raw1)), msgs2)
	for _, key := range slices.Sorted(maps.Keys(want)) {
		if got[key] != want[key] {
			t.Errorf("%s: after the two runs\n got %.120s\nwant %.120s", key, got[key], want[key])
		}
	}
	for _, key := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[key]; !ok {
			t.Errorf("%s: delivered by the two runs but not by a clean run", key)
		}
	}

	// Every stream the last STATE left mid-way (starlink, and any stream cancelled after it
	// failed) continues under its version; starlink from page 3 on, so just its last 2 records.
	resumed := map[string]int{}
	for _, m := range msgs2 {
		bm, midway := state.Bookmarks[m.Stream]
		if !midway || bm.NextPage == 0 || m.Type != "RECORD" && m.Type != "ACTIVATE_VERSION" {
			continue
		}
		if m.Version != bm.Version {
			t.Errorf("%s %s of the resumed run has version %d; want the interrupted run's %d", m.Stream, m.Type, m.Version, bm.Version)
		}
		if m.Type == "RECORD" {
			resumed[m.Stream]++
		}
	}
	if n, all := resumed["starlink"], len(sampleDocs(t, "starlink")); n != all-4 {
		t.Errorf("resumed run read %d starlink records; want the %d of page 3 (of %d)", n, all-4, all)
	}
	if final := lastStateLine(t, raw2); !bytes.Equal(final, lastStateLine(t, clean)) {
		t.Errorf("resumed run ends in %s; want the clean run's final state", final)
	}
}

// A run whose context is cancelled (SIGINT, SIGTERM) stops every stream and says so once;
// its last STATE is still a valid place to resume from.
func TestSync_InterruptedByContextStopsAndSaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	faults := []replay.Fault{{Delay: 10 * time.Millisecond}}
	states := 0
	cancelAfterStates := writerFunc(func(p []byte) (int, error) { // called by one Output at a time
		if states += bytes.Count(p, []byte(`{"type":"STATE"`)); states >= 3 {
			cancel()
		}
		return len(p), nil
	})
	raw, err := syncOutput(t, Config{PageSize: 1}, faults, singer.State{}, syncOptions{ctx: ctx, out: cancelAfterStates})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "sync stopped: ") || strings.Contains(err.Error(), "stream ") {
		t.Fatalf("error %v; want one \"sync stopped\" error wrapping context.Canceled", err)
	}
	state, err := singer.ParseState(lastStateLine(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncOutput(t, Config{PageSize: 1}, nil, state, syncOptions{}); err != nil {
		t.Errorf("resuming from the interrupted run's last state: %v", err)
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

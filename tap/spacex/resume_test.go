package spacex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"maps"
	"os"
	"path/filepath"
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
// (by stream and id, the later run winning), starlink resumes after the last id of page 2
// rather than starting over, and its resumed records carry the first run's table version, so the target's
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
	if bm, ids := state.Bookmarks["starlink"], sampleIDs(t, "starlink"); bm.After != ids[3] || bm.Version != first.UnixMilli() {
		t.Fatalf("last STATE has starlink at %+v; want after %s (pages 1-2 done) of version %d", bm, ids[3], first.UnixMilli())
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
		if !midway || bm.After == "" || m.Type != "RECORD" && m.Type != "ACTIVATE_VERSION" {
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

// target is a stand-in for target-postgres with hard deletes: rows by id, each with the
// table version of the record that wrote it; ACTIVATE_VERSION deletes rows of older versions.
type target map[string]struct {
	record  string
	version int64
}

func (tg target) load(t *testing.T, stream string, msgs []message) {
	t.Helper()
	for _, m := range msgs {
		if m.Stream != stream {
			continue
		}
		switch m.Type {
		case "RECORD":
			tg[docID(t, m.Record)] = struct {
				record  string
				version int64
			}{compact(t, m.Record), m.Version}
		case "ACTIVATE_VERSION":
			for id, row := range tg {
				if row.version < m.Version {
					delete(tg, id)
				}
			}
		}
	}
}

// editSnapshot rewrites a stream's documents in a snapshot folder.
func editSnapshot(t *testing.T, dir, stream string, edit func(docs []map[string]json.RawMessage) []map[string]json.RawMessage) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(sampleFile(stream)))
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(edit(docs))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A full-table run is interrupted (page 3 truncated, page_size 4); before it is resumed the
// source loses documents on both sides of the saved position, gains documents after it (new
// ObjectIds are larger than old ones), and one document changes; the resumed run uses
// another page size. No live document is lost or read twice by the resumed run, the changed
// document arrives as it is now, and the only rows the target keeps that the source no
// longer has are those deleted behind the position, which the next run removes.
func TestSync_ResumeAfterTheSourceChangedLosesAndDuplicatesNothing(t *testing.T) {
	dir := t.TempDir()
	writeGeneratedSnapshot(t, dir, map[string]int{"starlink": 20})
	sel := singer.Selection{"starlink": nil}
	faults := []replay.Fault{{Path: "/v4/starlink/query", Page: 3, Truncate: true}}
	first := sampleNow
	raw1, err := syncOutput(t, Config{PageSize: 4}, faults, singer.State{}, syncOptions{dir: dir, selection: sel, now: first})
	if err == nil {
		t.Fatal("want an error for the truncated page")
	}
	state, err := singer.ParseState(lastStateLine(t, raw1))
	if err != nil {
		t.Fatal(err)
	}
	cursor := state.Bookmarks["starlink"].After
	if cursor == "" {
		t.Fatalf("no starlink position in %+v", state)
	}
	tg := target{}
	tg.load(t, "starlink", decodeMessages(t, raw1))

	// The source changes: ids 1 and 5 (behind the position) and 12 and 17 (ahead) are deleted,
	// 15 changes, and three documents are added with ids larger than any before.
	idAt := func(i int) string {
		return fmt.Sprintf("%04x%020x", slices.IndexFunc(streamInfos(), func(s streamInfo) bool { return s.Name == "starlink" }), i)
	}
	deleted := map[string]bool{idAt(1): true, idAt(5): true, idAt(12): true, idAt(17): true}
	if !(idAt(5) <= cursor && cursor < idAt(12)) {
		t.Fatalf("position %s is not between the deletions", cursor)
	}
	editSnapshot(t, dir, "starlink", func(docs []map[string]json.RawMessage) []map[string]json.RawMessage {
		var out []map[string]json.RawMessage
		for _, d := range docs {
			var id string
			_ = json.Unmarshal(d["id"], &id)
			if deleted[id] {
				continue
			}
			if id == idAt(15) {
				d["version"] = json.RawMessage(`"changed at the source"`)
			}
			out = append(out, d)
		}
		for i := range 3 {
			d := maps.Clone(docs[i])
			d["id"] = json.RawMessage(fmt.Sprintf("%q", idAt(100+i)))
			out = append(out, d)
		}
		return out
	})
	final := map[string]string{}
	for _, doc := range sampleDocsIn(t, dir, "starlink") {
		final[docID(t, doc)] = compact(t, doc)
	}

	raw2, err := syncOutput(t, Config{PageSize: 3}, nil, state, syncOptions{dir: dir, selection: sel, now: first.Add(time.Hour)})
	if err != nil {
		t.Fatalf("resumed run: %v", err)
	}
	msgs2 := decodeMessages(t, raw2)
	var read2 []string
	for _, m := range msgs2 {
		if m.Type == "RECORD" {
			read2 = append(read2, docID(t, m.Record))
		}
	}
	var wantRead2 []string
	for _, id := range slices.Sorted(maps.Keys(final)) {
		if id > cursor {
			wantRead2 = append(wantRead2, id)
		}
	}
	if !slices.Equal(read2, wantRead2) {
		t.Errorf("resumed run read %v; want each document after %s once: %v", read2, cursor, wantRead2)
	}
	tg.load(t, "starlink", msgs2)
	for id, want := range final {
		if row, ok := tg[id]; !ok || row.record != want {
			t.Errorf("%s: live at the source, in the target %v with %.80s", id, ok, row.record)
		}
	}
	var stale []string
	for id := range tg {
		if _, ok := final[id]; !ok {
			stale = append(stale, id)
		}
	}
	slices.Sort(stale)
	if want := []string{idAt(1), idAt(5)}; !slices.Equal(stale, want) {
		t.Errorf("rows the source no longer has: %v; want only those deleted behind the position, %v", stale, want)
	}

	// The next run (from the resumed run's final state) leaves the target equal to the source.
	next, err := singer.ParseState(lastStateLine(t, raw2))
	if err != nil {
		t.Fatal(err)
	}
	raw3, err := syncOutput(t, Config{PageSize: 5}, nil, next, syncOptions{dir: dir, selection: sel, now: first.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tg.load(t, "starlink", decodeMessages(t, raw3))
	if len(tg) != len(final) {
		t.Errorf("after the next run the target has %d rows, the source %d documents", len(tg), len(final))
	}
	for id, want := range final {
		if tg[id].record != want {
			t.Errorf("%s: after the next run the target has %.80s", id, tg[id].record)
		}
	}
}

// sampleDocsIn reads a stream's documents from a snapshot folder.
func sampleDocsIn(t *testing.T, dir, stream string) []json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(sampleFile(stream))))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

package spacex

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// Golden files live in testdata/. Rewrite them with
//
//	go test ./tap/spacex/ -run Golden -update     (or UPDATE_GOLDEN=1 go test ./tap/spacex/ -run Golden)
//
// and review the diff: a changed golden file is a changed contract with the targets.
var update = flag.Bool("update", false, "rewrite the testdata/*.golden.* files from the current output")

func updateGolden() bool { return *update || os.Getenv("UPDATE_GOLDEN") == "1" }

// checkGolden compares got with testdata/name, or rewrites the file when updating.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	singertest.CheckGolden(t, filepath.Join("testdata", name), got, updateGolden())
}

// discoverJSON is the catalog exactly as `tap-spacex --discover` prints it.
func discoverJSON(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(discover(t)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The catalog is a contract with Meltano and the targets (table columns and types come from
// it): any change to it, through the OpenAPI spec or schema.go, shows up in this diff.
// tap/cmd/tap-spacex checks that the binary's --discover prints this same file.
func TestDiscover_Golden(t *testing.T) {
	checkGolden(t, "discover.golden.json", discoverJSON(t))
}

// TestSync_Golden pins a full sync of the sample (page_size 2, every stream, streams read
// concurrently, the clock fixed so time_extracted and table versions are constant).
//
// Streams run concurrently, so what is deterministic is each stream's own sequence, not how
// the streams interleave. The golden file is that: stream by stream (sorted by name), the
// stream's lines in the order written — SCHEMA, RECORD and ACTIVATE_VERSION lines verbatim
// (records byte for byte; SCHEMA's schema, which discover.golden.json pins, replaced by a
// placeholder after checking it is the catalog's), and a BOOKMARK line wherever a STATE
// line moved this stream's bookmark (null: cleared). STATE lines themselves snapshot every
// stream's bookmark at a moment that depends on scheduling, so they are not pinned whole,
// except the last one, which ends the output and is deterministic.
func TestSync_Golden(t *testing.T) {
	raw, err := syncOutput(t, Config{PageSize: 2}, nil, singer.State{}, syncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "sync.golden.jsonl", normaliseSync(t, raw, singer.State{}))

	// The normalisation is stable: a second run, scheduled differently, gives the same file.
	again, err := syncOutput(t, Config{PageSize: 2}, nil, singer.State{}, syncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := normaliseSync(t, raw, singer.State{}), normaliseSync(t, again, singer.State{}); !bytes.Equal(a, b) {
		t.Error("two syncs of the same data normalise differently")
	}
}

// normaliseSync turns a sync's stdout into its deterministic form (see TestSync_Golden),
// checking on the way what the golden file cannot show:
//   - every line is one JSON object with a known type;
//   - a stream's SCHEMA comes first among its lines and carries the catalog's schema;
//   - a STATE line moves at most one stream's bookmark (it is written by that stream);
//   - per stream, bookmarks only move forward: a full-table stream keeps its version and its
//     after (the last id written) grows with each page, and is cleared only after its ACTIVATE_VERSION; the
//     incremental stream's replication_key_value never goes back;
//   - the output ends with a STATE line.
func normaliseSync(t *testing.T, raw []byte, initial singer.State) []byte {
	t.Helper()
	schemas := map[string]map[string]any{}
	for _, e := range discover(t).Streams {
		schemas[e.Stream] = e.Schema
	}
	groups := map[string][]string{}
	activated := map[string]bool{}
	prev := initial.Bookmarks
	lines := bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n"))
	var last []byte
	for i, line := range lines {
		var m struct {
			Type   string          `json:"type"`
			Stream string          `json:"stream"`
			Schema json.RawMessage `json:"schema"`
			Value  *singer.State   `json:"value"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d is not one JSON object: %v: %.200s", i+1, err, line)
		}
		last = line
		switch m.Type {
		case "SCHEMA":
			if len(groups[m.Stream]) != 0 {
				t.Errorf("line %d: SCHEMA of %s after %d of its lines; want it first", i+1, m.Stream, len(groups[m.Stream]))
			}
			var got map[string]any
			if err := json.Unmarshal(m.Schema, &got); err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(schemas[m.Stream])
			var wantAny map[string]any
			_ = json.Unmarshal(want, &wantAny)
			if !reflect.DeepEqual(got, wantAny) {
				t.Errorf("line %d: SCHEMA of %s is not the catalog's schema", i+1, m.Stream)
			}
			placeholder := fmt.Sprintf(`"(the catalog's schema of %s: see discover.golden.json)"`, m.Stream)
			norm := bytes.Replace(line, m.Schema, []byte(placeholder), 1)
			groups[m.Stream] = append(groups[m.Stream], string(norm))
		case "RECORD":
			if len(groups[m.Stream]) == 0 {
				t.Errorf("line %d: RECORD of %s before its SCHEMA", i+1, m.Stream)
			}
			groups[m.Stream] = append(groups[m.Stream], string(line))
		case "ACTIVATE_VERSION":
			activated[m.Stream] = true
			groups[m.Stream] = append(groups[m.Stream], string(line))
		case "STATE":
			if m.Value == nil {
				t.Fatalf("line %d: STATE without a value", i+1)
			}
			cur := m.Value.Bookmarks
			var moved []string
			for _, stream := range unionKeys(prev, cur) {
				before, had := prev[stream]
				after, has := cur[stream]
				if had == has && reflect.DeepEqual(before, after) {
					continue
				}
				moved = append(moved, stream)
				checkBookmarkMove(t, i+1, stream, before, had, after, has, activated[stream])
				bm := []byte("null")
				if has {
					bm, _ = json.Marshal(after)
				}
				groups[stream] = append(groups[stream], fmt.Sprintf(`{"type":"BOOKMARK","stream":%q,"bookmark":%s}`, stream, bm))
			}
			if len(moved) > 1 {
				t.Errorf("line %d: one STATE line moved the bookmarks of %v; want one stream's at a time", i+1, moved)
			}
			prev = cur
		default:
			t.Fatalf("line %d: unknown message type %q", i+1, m.Type)
		}
	}
	if !bytes.HasPrefix(last, []byte(`{"type":"STATE"`)) {
		t.Errorf("the output ends with %.100s; want a STATE line", last)
	}

	var b bytes.Buffer
	for _, stream := range slices.Sorted(maps.Keys(groups)) {
		for _, l := range groups[stream] {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	b.Write(last)
	b.WriteByte('\n')
	return b.Bytes()
}

// checkBookmarkMove checks that one stream's bookmark moved forward.
func checkBookmarkMove(t *testing.T, line int, stream string, before singer.Bookmark, had bool, after singer.Bookmark, has, activated bool) {
	t.Helper()
	switch {
	case !has: // cleared: only a completed full-table stream
		if !activated {
			t.Errorf("line %d: %s bookmark cleared before its ACTIVATE_VERSION", line, stream)
		}
	case after.ReplicationKey != "": // incremental
		if had && after.ReplicationKeyValue < before.ReplicationKeyValue {
			t.Errorf("line %d: %s bookmark went back from %s to %s", line, stream, before.ReplicationKeyValue, after.ReplicationKeyValue)
		}
		if after.ReplicationKeyValue != "" {
			if _, err := time.Parse(time.RFC3339Nano, after.ReplicationKeyValue); err != nil {
				t.Errorf("line %d: %s bookmark %q is not a date-time", line, stream, after.ReplicationKeyValue)
			}
		}
	default: // full table, in id order
		if after.Version == 0 || after.After == "" || after.NextPage != 0 {
			t.Errorf("line %d: %s bookmark %+v; want a version and the last id written after a complete page", line, stream, after)
		}
		if had && (after.Version != before.Version || after.After <= before.After) {
			t.Errorf("line %d: %s bookmark moved from %+v to %+v; want the same version and a later id", line, stream, before, after)
		}
	}
}

func unionKeys(a, b map[string]singer.Bookmark) []string {
	m := map[string]singer.Bookmark{}
	maps.Copy(m, a)
	maps.Copy(m, b)
	return slices.Sorted(maps.Keys(m))
}

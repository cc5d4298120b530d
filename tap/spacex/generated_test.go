package spacex

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// writeGeneratedSnapshot writes a snapshot folder into dir with n documents for each stream
// of counts: the sample's documents of that stream, cycled, each with a new unique id (24 hex
// digits: the stream's index in Streams, then the document's number). Larger than the
// sample, same shapes, nothing real.
func writeGeneratedSnapshot(tb testing.TB, dir string, counts map[string]int) {
	tb.Helper()
	for _, stream := range slices.Sorted(maps.Keys(counts)) {
		n := counts[stream]
		streamIndex := slices.IndexFunc(streamInfos(), func(s streamInfo) bool { return s.Name == stream })
		var templates []map[string]json.RawMessage
		for _, doc := range sampleDocs(tb, stream) {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(doc, &m); err != nil {
				tb.Fatal(err)
			}
			templates = append(templates, m)
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i := range n {
			doc := templates[i%len(templates)]
			doc["id"] = json.RawMessage(fmt.Sprintf(`"%04x%020x"`, streamIndex, i))
			raw, err := json.Marshal(doc)
			if err != nil {
				tb.Fatal(err)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(raw)
		}
		b.WriteByte(']')
		path := filepath.Join(dir, filepath.FromSlash(sampleFile(stream)))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

var objectID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// Streams are read concurrently and share stdout: every line that reaches the other end of
// a pipe must be one whole Singer message, whatever the interleaving. Five streams of a
// generated snapshot (5,000 documents, page_size 10, 1 ms per request so that pages of
// different streams alternate) go through an os-level pipe; the reader checks each line and
// that every document arrived exactly once.
func TestSync_ConcurrentStreamsNeverInterleaveLines(t *testing.T) {
	dir := t.TempDir()
	counts := map[string]int{"starlink": 2000, "payloads": 900, "cores": 800, "capsules": 700, "ships": 600}
	writeGeneratedSnapshot(t, dir, counts)
	sel := singer.Selection{}
	for stream := range counts {
		sel[stream] = nil
	}

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pr.Close(); pw.Close() })
	type result struct {
		lines, switches int
		records         map[string]map[string]int // stream -> id -> times seen
		problems        []string
	}
	done := make(chan result, 1)
	go func() {
		res := result{records: map[string]map[string]int{}}
		r := bufio.NewReaderSize(pr, 4096) // small: lines arrive in many reads
		lastStream := ""
		for {
			line, err := r.ReadBytes('\n')
			if len(line) > 0 {
				res.lines++
				var m struct {
					Type   string          `json:"type"`
					Stream string          `json:"stream"`
					Record json.RawMessage `json:"record"`
					Value  *singer.State   `json:"value"`
				}
				dec := json.NewDecoder(bytes.NewReader(line))
				switch {
				case line[len(line)-1] != '\n':
					res.problems = append(res.problems, fmt.Sprintf("line %d has no newline: %.80s", res.lines, line))
				case dec.Decode(&m) != nil || dec.More():
					res.problems = append(res.problems, fmt.Sprintf("line %d is not one JSON message: %.200s", res.lines, line))
				case m.Type == "RECORD":
					var doc struct{ ID string }
					if json.Unmarshal(m.Record, &doc) != nil || !objectID.MatchString(doc.ID) || counts[m.Stream] == 0 {
						res.problems = append(res.problems, fmt.Sprintf("line %d: bad record: %.200s", res.lines, line))
						break
					}
					if res.records[m.Stream] == nil {
						res.records[m.Stream] = map[string]int{}
					}
					res.records[m.Stream][doc.ID]++
					if m.Stream != lastStream {
						res.switches++
						lastStream = m.Stream
					}
				case m.Type == "STATE" && m.Value != nil, m.Type == "SCHEMA" && counts[m.Stream] > 0,
					m.Type == "ACTIVATE_VERSION" && counts[m.Stream] > 0:
				default:
					res.problems = append(res.problems, fmt.Sprintf("line %d: unexpected message %.200s", res.lines, line))
				}
			}
			if err != nil {
				if err != io.EOF {
					res.problems = append(res.problems, err.Error())
				}
				done <- res
				return
			}
		}
	}()

	start := time.Now()
	_, runErr := syncOutput(t, Config{PageSize: 10}, []replay.Fault{{Delay: time.Millisecond}}, singer.State{},
		syncOptions{dir: dir, selection: sel, out: pw})
	pw.Close()
	res := <-done
	if runErr != nil {
		t.Fatal(runErr)
	}
	t.Logf("%d lines in %s, %d switches between streams' records", res.lines, time.Since(start).Round(time.Millisecond), res.switches)
	for i, p := range res.problems {
		if i == 10 {
			t.Errorf("... %d problems in all", len(res.problems))
			break
		}
		t.Error(p)
	}
	for stream, n := range counts {
		if got := len(res.records[stream]); got != n {
			t.Errorf("%s: %d distinct records, want %d", stream, got, n)
		}
		for id, times := range res.records[stream] {
			if times != 1 {
				t.Errorf("%s record %s arrived %d times", stream, id, times)
			}
		}
	}
	// The check means something only if streams did alternate on stdout.
	if res.switches <= len(counts) {
		t.Errorf("records of different streams alternated only %d times: the streams did not run concurrently", res.switches)
	}
}

package celestrak

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/celestrakreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

func TestDiscover_Golden(t *testing.T) {
	var out bytes.Buffer
	path := t.TempDir() + "/config.json"
	if err := writeFile(path, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := singer.Run(t.Context(), Tap{Version: "test"}, []string{"--config", path, "--discover"}, &out, slog.New(slog.NewTextHandler(io.Discard, nil)), nil); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "discover.golden.json", out.Bytes())
	var cat singer.Catalog
	if err := json.Unmarshal(out.Bytes(), &cat); err != nil {
		t.Fatal(err)
	}
	props, _ := cat.Streams[0].Schema["properties"].(map[string]any)
	if len(cat.Streams) != 1 || cat.Streams[0].Stream != "satcat" || len(props) != 17 {
		t.Fatalf("want one stream satcat with the spec's 17 properties, got %d streams, %d properties", len(cat.Streams), len(props))
	}
	if id, _ := props["NORAD_CAT_ID"].(map[string]any); !slices.Contains(id["type"].([]any), any("integer")) {
		t.Errorf("NORAD_CAT_ID must be an integer, got %v", id)
	}
}

// A sync of the sample emits every record as stored, then the version's end: the state keeps
// the answer's validators and the download time, for the next run.
func TestSync_EveryRecordAsSentThenValidatorsInState(t *testing.T) {
	srv, url := replayServer(t, celestrakreplay.Options{})
	r := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkGolden(t, "sync.golden.jsonl", r.out)
	msgs := parseOutput(t, r.out)
	if got, want := recordsOf(msgs), sampleRecords(t); !slices.Equal(got, want) {
		t.Errorf("records differ from the sample's bytes:\n got %q\nwant %q", got, want)
	}
	if msgs[0].Type != "SCHEMA" || msgs[len(msgs)-2].Type != "ACTIVATE_VERSION" || msgs[len(msgs)-1].Type != "STATE" {
		t.Errorf("want SCHEMA first, ACTIVATE_VERSION then STATE last: %v", msgs)
	}
	bm := lastState(t, msgs).Bookmarks["satcat"]
	if bm.Version != 0 || bm.After != "" || string(bm.Extra["etag"]) == "" || string(bm.Extra["fetched_at"]) != `"2025-06-21T00:00:00Z"` || bm.Extra["last_modified"] == nil {
		t.Errorf("final bookmark = %s, want etag, last_modified and fetched_at only", mustJSON(t, bm))
	}
	if srv.Requests() != 1 {
		t.Errorf("%d requests, want 1 (one request returns the whole answer)", srv.Requests())
	}
}

// A second run within the same data update downloads nothing and leaves table and state as
// they are: within min_interval_minutes no request at all; after it, a conditional request
// that the server answers 304. Neither writes RECORD, STATE or ACTIVATE_VERSION.
func TestSync_SecondRunDownloadsNothing(t *testing.T) {
	srv, url := replayServer(t, celestrakreplay.Options{})
	first := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	if first.err != nil {
		t.Fatal(first.err)
	}
	state := lastState(t, parseOutput(t, first.out))

	for _, tc := range []struct {
		name         string
		later        time.Duration
		wantRequests int64
		wantInLogs   string
	}{
		{"within min_interval_minutes", 119 * time.Minute, 0, "CelesTrak not asked"},
		{"after it, conditional", 121 * time.Minute, 1, "304 Not Modified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Requests()
			now := func() time.Time { return fixedNow().Add(tc.later) }
			r := syncOnce(t, configJSON(t, url, nil), state, now)
			if r.err != nil {
				t.Fatal(r.err)
			}
			msgs := parseOutput(t, r.out)
			if got := srv.Requests() - before; got != tc.wantRequests {
				t.Errorf("%d requests, want %d", got, tc.wantRequests)
			}
			for _, typ := range []string{"RECORD", "STATE", "ACTIVATE_VERSION"} {
				if n := countType(msgs, typ); n != 0 {
					t.Errorf("%d %s messages, want none (table and state stay as they are)", n, typ)
				}
			}
			if !strings.Contains(r.logs, tc.wantInLogs) {
				t.Errorf("logs do not say %q:\n%s", tc.wantInLogs, r.logs)
			}
		})
	}
	if srv.Downloads() != 1 {
		t.Errorf("%d downloads over three runs, want 1", srv.Downloads())
	}
}

// A run after an interrupted one (a STATE with a version, before its ACTIVATE_VERSION) has no
// validators it can trust: it downloads again, under a new version.
func TestSync_AfterAnInterruptedRunDownloadsAgain(t *testing.T) {
	srv, url := replayServer(t, celestrakreplay.Options{})
	state := singer.State{Bookmarks: map[string]singer.Bookmark{"satcat": {Version: 1, Extra: map[string]json.RawMessage{"etag": json.RawMessage(`"x"`)}}}}
	r := syncOnce(t, configJSON(t, url, map[string]any{"min_interval_minutes": 0}), state, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if n := countType(parseOutput(t, r.out), "RECORD"); n != 6 || srv.Downloads() != 1 {
		t.Errorf("%d records, %d downloads; want 6 and 1", n, srv.Downloads())
	}
}

// The in-process snapshot gives exactly what the replay server gives over the network.
func TestSync_SnapshotDirMatchesTheReplayServer(t *testing.T) {
	r := syncOnce(t, configJSON(t, "http://127.0.0.1:1", map[string]any{"snapshot_dir": sampleDir}), singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkGolden(t, "sync.golden.jsonl", r.out)
	_, err := Tap{}.Open(configJSON(t, "http://127.0.0.1:1", map[string]any{"snapshot_dir": "no/such/folder"}), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "config snapshot_dir \"no/such/folder\"") || !strings.Contains(err.Error(), "working directory") {
		t.Errorf("missing snapshot folder: %v, want the setting, the path and the working directory named", err)
	}
}

// Every request names the project and its URL.
func TestSync_UserAgentNamesTheProject(t *testing.T) {
	var agent string
	ts := newAgentServer(t, &agent)
	r := syncOnce(t, configJSON(t, ts, nil), singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !strings.Contains(agent, "tap-celestrak") || !strings.Contains(agent, "https://github.com/spacex-elt/spacex-elt") {
		t.Errorf("User-Agent %q, want the tap, the project and its URL", agent)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

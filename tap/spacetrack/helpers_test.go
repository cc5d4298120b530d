package spacetrack

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

const (
	sampleDir    = "../../fixtures/spacetrack-sample"
	testIdentity = "tap-identity-51c2@example.org"
	testPassword = "tap-pw-Zq8-unguessable"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden.* files from the current output")

// checkGolden compares got with testdata/name, or rewrites it with -update (or UPDATE_GOLDEN=1).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	singertest.CheckGolden(t, filepath.Join("testdata", name), got, *update || os.Getenv("UPDATE_GOLDEN") == "1")
}

// replayServer serves the sample catalogue; wrap, when set, wraps the replay handler.
func replayServer(t *testing.T, opts spacetrackreplay.Options, wrap func(*spacetrackreplay.Server, http.Handler) http.Handler) (*spacetrackreplay.Server, string) {
	t.Helper()
	srv, err := spacetrackreplay.New(sampleDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv, srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// configJSON is a config for baseURL with the test credentials and extra settings.
func configJSON(t *testing.T, baseURL string, extra map[string]any) []byte {
	t.Helper()
	cfg := map[string]any{"identity": testIdentity, "password": testPassword, "base_url": baseURL,
		"max_attempts": 2, "page_size": 3, "rate_limit_ledger": filepath.Join(t.TempDir(), "ledger.json")}
	for k, v := range extra {
		cfg[k] = v
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// fixedNow is the clock of test syncs: time_extracted and the table version are constant.
func fixedNow() time.Time { return time.Date(2025, 6, 21, 0, 0, 0, 0, time.UTC) }

type syncResult struct {
	out  []byte
	logs string
	err  error
}

// syncOnce opens the tap with config and syncs every stream from state, with the clock at now.
func syncOnce(t *testing.T, config []byte, state singer.State, now func() time.Time) syncResult {
	t.Helper()
	r := singertest.Sync(t, Tap{Version: "test"}, config, state, now)
	return syncResult{out: r.Out, logs: r.Logs, err: r.Err}
}

// message is one parsed line of the tap's stdout.
type message = singertest.Message

func parseOutput(t *testing.T, out []byte) []message { return singertest.ParseMessages(t, out) }

// records returns the RECORD documents by NORAD_CAT_ID, failing on a duplicate within one output.
func records(t *testing.T, msgs []message) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range msgs {
		if m.Type != "RECORD" {
			continue
		}
		id := mustID(t, m.Record)
		if _, dup := out[id]; dup {
			t.Errorf("NORAD_CAT_ID %s emitted twice", id)
		}
		out[id] = string(m.Record)
	}
	return out
}

func mustID(t *testing.T, doc json.RawMessage) string {
	t.Helper()
	var k struct{ NORAD_CAT_ID string }
	if err := json.Unmarshal(doc, &k); err != nil || k.NORAD_CAT_ID == "" {
		t.Fatalf("a record without NORAD_CAT_ID: %s", doc)
	}
	return k.NORAD_CAT_ID
}

// sampleStarlink is the sample's Starlink payloads, by NORAD_CAT_ID, as recorded.
func sampleStarlink(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, spacetrackreplay.SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range docs {
		var f struct{ SATNAME, OBJECT_TYPE string }
		if err := json.Unmarshal(d, &f); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f.SATNAME, "STARLINK") && f.OBJECT_TYPE == "PAYLOAD" {
			out[mustID(t, d)] = string(d)
		}
	}
	if len(out) < 5 {
		t.Fatalf("the sample holds %d Starlink payloads, want at least 5", len(out))
	}
	return out
}

func lastState(t *testing.T, msgs []message) singer.State { return singertest.LastState(t, msgs) }

func noSecrets(t *testing.T, where string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for _, secret := range []string{testIdentity, testPassword} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds a credential", where)
			}
		}
	}
}

func countType(msgs []message, typ string) int { return singertest.CountType(msgs, typ) }

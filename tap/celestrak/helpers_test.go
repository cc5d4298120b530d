package celestrak

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/celestrakreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

const sampleDir = "../../fixtures/celestrak-sample"

var update = flag.Bool("update", false, "rewrite the testdata/*.golden.* files from the current output")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	singertest.CheckGolden(t, filepath.Join("testdata", name), got, *update || os.Getenv("UPDATE_GOLDEN") == "1")
}

// counted is a test server's request counter and the User-Agents it saw.
type counted struct {
	n      atomic.Int64
	agents []string
}

// replayServer serves the sample through the replay handler, counting requests.
func replayServer(t *testing.T, opts celestrakreplay.Options) (*celestrakreplay.Server, string) {
	t.Helper()
	srv, err := celestrakreplay.New(sampleDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// bodyServer answers every request with status and body, counting requests.
func bodyServer(t *testing.T, status int, header map[string]string, body string) (*counted, string) {
	t.Helper()
	c := &counted{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.n.Add(1)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(ts.Close)
	return c, ts.URL
}

func configJSON(t *testing.T, baseURL string, extra map[string]any) []byte {
	t.Helper()
	cfg := map[string]any{"base_url": baseURL, "max_attempts": 3}
	for k, v := range extra {
		cfg[k] = v
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func fixedNow() time.Time { return time.Date(2025, 6, 21, 0, 0, 0, 0, time.UTC) }

type syncResult struct {
	out  []byte
	logs string
	err  error
}

// syncOnce opens the tap with config and syncs every stream from state, with the clock at now.
func syncOnce(t *testing.T, config []byte, state singer.State, now func() time.Time) syncResult {
	t.Helper()
	r := singertest.Sync(t, Tap{Version: "test", Now: now}, config, state, now)
	return syncResult{out: r.Out, logs: r.Logs, err: r.Err}
}

type message = singertest.Message

func parseOutput(t *testing.T, out []byte) []message { return singertest.ParseMessages(t, out) }

func countType(msgs []message, typ string) int { return singertest.CountType(msgs, typ) }

func lastState(t *testing.T, msgs []message) singer.State { return singertest.LastState(t, msgs) }

// sampleRecords is the sample's records, each as stored, in file order.
func sampleRecords(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, celestrakreplay.SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = string(d)
	}
	return out
}

func recordsOf(msgs []message) []string {
	var out []string
	for _, m := range msgs {
		if m.Type == "RECORD" {
			out = append(out, string(m.Record))
		}
	}
	return out
}

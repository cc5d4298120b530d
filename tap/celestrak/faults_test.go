package celestrak

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/fixtures/celestrakreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

const request = "GET /satcat/records.php?NAME=STARLINK&FORMAT=json"

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

func newAgentServer(t *testing.T, agent *string) string {
	t.Helper()
	srv, err := celestrakreplay.New(sampleDir, celestrakreplay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*agent = r.UserAgent()
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// noLoad checks that a failed run wrote no record, no STATE and no ACTIVATE_VERSION: nothing
// partial loaded as if complete, the state as it was.
func noLoad(t *testing.T, r syncResult) {
	t.Helper()
	msgs := parseOutput(t, r.out)
	for _, typ := range []string{"RECORD", "STATE", "ACTIVATE_VERSION"} {
		if n := countType(msgs, typ); n != 0 {
			t.Errorf("%d %s messages after a failure, want none", n, typ)
		}
	}
}

func wantError(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one naming %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not name %q", err, p)
		}
	}
}

// A 403 or 429 ends the run after one request: no retry, an error that says CelesTrak
// refused, which request, and when to try again.
func TestFault_RefusedEndsTheRunAtOnce(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryAfter string
		when       string
	}{
		{http.StatusForbidden, "", "try again in a few hours"},
		{http.StatusTooManyRequests, "3600", "(Retry-After: 3600)"},
		{http.StatusTooManyRequests, "Sun, 21 Jun 2025 04:00:00 GMT", "after 2025-06-21T04:00:00Z"},
	} {
		t.Run(http.StatusText(tc.status)+tc.retryAfter, func(t *testing.T) {
			srv, url := replayServer(t, celestrakreplay.Options{Faults: []celestrakreplay.Fault{{Status: tc.status, RetryAfter: tc.retryAfter}}})
			r := syncOnce(t, configJSON(t, url, map[string]any{"max_attempts": 5}), singer.State{}, fixedNow)
			wantError(t, r.err, "CelesTrak refused "+request, http_status(tc.status), "not retried", tc.when)
			if srv.Requests() != 1 {
				t.Errorf("%d requests, want 1 (a refusal is never retried)", srv.Requests())
			}
			noLoad(t, r)
		})
	}
}

func http_status(code int) string { return http.StatusText(code) }

func TestFault_TruncatedBody(t *testing.T) {
	_, url := replayServer(t, celestrakreplay.Options{Faults: []celestrakreplay.Fault{{Truncate: true}}})
	r := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	wantError(t, r.err, "CelesTrak "+request, "not a JSON array of records", "truncated")
	noLoad(t, r)
}

// The bad record is the last: the records before it are not emitted either.
func TestFault_BadRecords(t *testing.T) {
	good := strings.TrimSuffix(strings.TrimSpace(string(mustRead(t, filepath.Join(sampleDir, celestrakreplay.SnapshotFile)))), "]")
	for name, tc := range map[string]struct {
		record string
		want   []string
	}{
		"no NORAD_CAT_ID":       {`{"OBJECT_NAME":"STARLINK-9"}`, []string{"record 6 (OBJECT_NAME STARLINK-9): field NORAD_CAT_ID: missing"}},
		"null NORAD_CAT_ID":     {`{"OBJECT_NAME":"STARLINK-9","NORAD_CAT_ID":null}`, []string{"field NORAD_CAT_ID: null"}},
		"NORAD_CAT_ID a string": {`{"OBJECT_NAME":"STARLINK-9","NORAD_CAT_ID":"44713"}`, []string{"field NORAD_CAT_ID: want an integer, got string 44713"}},
		"PERIOD changed type":   {`{"OBJECT_NAME":"STARLINK-9","NORAD_CAT_ID":70000,"PERIOD":"95.6"}`, []string{"record 6 (NORAD_CAT_ID 70000): field PERIOD", `(got "95.6")`, "SatcatRecord"}},
		"duplicate key":         {`{"OBJECT_NAME":"STARLINK-9","NORAD_CAT_ID":44713}`, []string{"records 1 and 6: field NORAD_CAT_ID: 44713 twice"}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := writeFile(filepath.Join(dir, celestrakreplay.SnapshotFile), []byte(good+",\n"+tc.record+"]")); err != nil {
				t.Fatal(err)
			}
			r := syncOnce(t, configJSON(t, "http://127.0.0.1:1", map[string]any{"snapshot_dir": dir}), singer.State{}, fixedNow)
			wantError(t, r.err, append([]string{"CelesTrak " + request}, tc.want...)...)
			noLoad(t, r)
		})
	}
}

// An empty answer would empty the table: refused. So is a text answer (CelesTrak's to a query
// that matches nothing).
func TestFault_EmptyOrTextAnswer(t *testing.T) {
	for body, want := range map[string]string{"[]": "no record: refusing to end the table version empty", "No SATCAT records found": "not a JSON array of records"} {
		_, url := bodyServer(t, http.StatusOK, nil, body)
		r := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
		wantError(t, r.err, "CelesTrak "+request, want)
		noLoad(t, r)
	}
}

// A 5xx is retried (max_attempts), then names the request and the status.
func TestFault_ServerErrorRetriedThenNamed(t *testing.T) {
	c, url := bodyServer(t, http.StatusServiceUnavailable, map[string]string{"Retry-After": "0"}, "down")
	r := syncOnce(t, configJSON(t, url, map[string]any{"max_attempts": 2}), singer.State{}, fixedNow)
	wantError(t, r.err, "CelesTrak "+request, "giving up after 2 attempts", "503")
	if c.n.Load() != 2 {
		t.Errorf("%d requests, want 2", c.n.Load())
	}
	noLoad(t, r)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package spacetrack_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
)

const (
	sampleDir    = "../../fixtures/spacetrack-sample"
	testIdentity = "identity-7f3a@example.org"
	testPassword = "pw-S3cr3t-9c1d"
)

// recorder wraps a handler and keeps each request's escaped path.
type pathRecorder struct {
	next  http.Handler
	mu    sync.Mutex
	paths []string
}

func (r *pathRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.paths = append(r.paths, req.Method+" "+req.URL.EscapedPath())
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

type fixture struct {
	replay *spacetrackreplay.Server
	rec    *pathRecorder
	logs   *bytes.Buffer
	s      *spacetrack.Session
}

func newFixture(t *testing.T, opts spacetrackreplay.Options) *fixture {
	t.Helper()
	replay, err := spacetrackreplay.New(sampleDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	rec := &pathRecorder{next: replay}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	logs := &bytes.Buffer{}
	s, err := spacetrack.NewSession(spacetrack.Config{
		BaseURL: ts.URL, Identity: testIdentity, Password: testPassword,
		MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{replay: replay, rec: rec, logs: logs, s: s}
}

// noSecrets fails when a credential appears in text.
func noSecrets(t *testing.T, where, text string) {
	t.Helper()
	for _, secret := range []string{testIdentity, testPassword} {
		if strings.Contains(text, secret) {
			t.Errorf("%s contains a credential: %s", where, text)
		}
	}
}

func sampleByID(t *testing.T) map[string]string {
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
		var k struct{ NORAD_CAT_ID string }
		if err := json.Unmarshal(d, &k); err != nil {
			t.Fatal(err)
		}
		out[k.NORAD_CAT_ID] = string(d)
	}
	return out
}

func TestSession_LogsInOnceQueriesAndLogsOut(t *testing.T) {
	f := newFixture(t, spacetrackreplay.Options{})
	want := sampleByID(t)
	got := 0
	last := "0"
	for {
		docs, err := f.s.QuerySatcat(t.Context(), "SATNAME/~~STARLINK/NORAD_CAT_ID/>"+last+"/orderby/NORAD_CAT_ID asc/limit/3")
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			break
		}
		for _, d := range docs {
			var k struct{ NORAD_CAT_ID string }
			if err := json.Unmarshal(d, &k); err != nil {
				t.Fatal(err)
			}
			if string(d) != want[k.NORAD_CAT_ID] {
				t.Errorf("NORAD_CAT_ID %s: got %s, want the recorded bytes %s", k.NORAD_CAT_ID, d, want[k.NORAD_CAT_ID])
			}
			last = k.NORAD_CAT_ID
			got++
		}
	}
	if got != 7 {
		t.Errorf("%d Starlink documents, want 7", got)
	}
	if f.s.Logins() != 1 || f.replay.Logins() != 1 {
		t.Errorf("logins: session %d, server %d; want 1", f.s.Logins(), f.replay.Logins())
	}
	if err := f.s.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	paths := strings.Join(f.rec.paths, "\n")
	if !strings.HasPrefix(paths, "POST /ajaxauth/login\n") || !strings.HasSuffix(paths, "GET /ajaxauth/logout") {
		t.Errorf("want login first and logout last, got:\n%s", paths)
	}
	// The predicates' slashes are path separators on the wire, not %2F.
	if strings.Contains(paths, "%2F") || !strings.Contains(paths, "/SATNAME/~~STARLINK/NORAD_CAT_ID/%3E0/orderby/NORAD_CAT_ID%20asc/limit/3/format/json") {
		t.Errorf("predicates sent escaped:\n%s", paths)
	}
	noSecrets(t, "the log", f.logs.String())
}

func TestSession_LogsInAgainOn401(t *testing.T) {
	f := newFixture(t, spacetrackreplay.Options{})
	if _, err := f.s.QuerySatcat(t.Context(), "limit/1"); err != nil {
		t.Fatal(err)
	}
	f.replay.ExpireSessions()
	docs, err := f.s.QuerySatcat(t.Context(), "limit/2")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || f.s.Logins() != 2 {
		t.Errorf("after the session expired: %d docs, %d logins; want 2 and 2", len(docs), f.s.Logins())
	}
	if !strings.Contains(f.logs.String(), "401") {
		t.Errorf("the re-login is not logged:\n%s", f.logs.String())
	}
}

func TestSession_RetriesThrottlingAndServerErrors(t *testing.T) {
	f := newFixture(t, spacetrackreplay.Options{Faults: []spacetrackreplay.Fault{
		{Query: 1, Status: http.StatusTooManyRequests},
		{Query: 2, Status: http.StatusInternalServerError},
	}})
	docs, err := f.s.QuerySatcat(t.Context(), "limit/4")
	if err != nil {
		t.Fatal(err)
	}
	st := f.s.Stats()
	if len(docs) != 4 || st.Retries != 2 || st.Throttled != 1 {
		t.Errorf("%d docs, stats %+v; want 4 docs after 2 retries (one 429)", len(docs), st)
	}
}

func TestSession_ErrorsNameTheQueryAndNeverACredential(t *testing.T) {
	f := newFixture(t, spacetrackreplay.Options{Faults: []spacetrackreplay.Fault{{Status: http.StatusServiceUnavailable}}})
	_, err := f.s.QuerySatcat(t.Context(), "SATNAME/~~STARLINK/limit/5")
	if err == nil || !strings.Contains(err.Error(), "SATNAME/~~STARLINK/limit/5") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v, want one naming the query and the status 503", err)
	}
	noSecrets(t, "the error", err.Error())
	noSecrets(t, "the log", f.logs.String())

	f = newFixture(t, spacetrackreplay.Options{Faults: []spacetrackreplay.Fault{{Truncate: true}}})
	_, err = f.s.QuerySatcat(t.Context(), "limit/5")
	if err == nil || !strings.Contains(err.Error(), "not a JSON array") {
		t.Fatalf("truncated body: err = %v, want a parse error", err)
	}

	// Wrong credentials: Space-Track answers 200 {"Login":"Failed"}.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"Login":"Failed"}`))
	}))
	defer ts.Close()
	s, err := spacetrack.NewSession(spacetrack.Config{BaseURL: ts.URL, Identity: testIdentity, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.QuerySatcat(t.Context(), "limit/1")
	if !errors.Is(err, spacetrack.ErrLoginRefused) {
		t.Fatalf("err = %v, want ErrLoginRefused", err)
	}
	noSecrets(t, "the error", err.Error())

	// A session without a password refuses to log in, before any request.
	requests := 0
	none := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests++ }))
	defer none.Close()
	s, err = spacetrack.NewSession(spacetrack.Config{BaseURL: none.URL, Identity: testIdentity})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.QuerySatcat(t.Context(), "limit/1"); !errors.Is(err, spacetrack.ErrNoCredentials) || requests != 0 {
		t.Errorf("no password: err = %v after %d requests, want ErrNoCredentials and none", err, requests)
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

// TestMain runs the real main instead of the tests when TAP_CELESTRAK_TEST_MAIN is set, so a
// test can check what the process does (exit code, stdout, stderr).
func TestMain(m *testing.M) {
	if os.Getenv("TAP_CELESTRAK_TEST_MAIN") == "1" {
		os.Args = append([]string{"tap-celestrak"}, strings.Fields(os.Getenv("TAP_CELESTRAK_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runBinary(t *testing.T, args ...string) (int, []byte, string) {
	return singertest.RunMain(t, "TAP_CELESTRAK_TEST", args...)
}

// A 429 from CelesTrak: one request, exit status 1, nothing on stdout but the SCHEMA, and one
// line on stderr that says CelesTrak refused and when to try again.
func TestMain_RefusalIsOneLineAndOneRequest(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "blocked", http.StatusTooManyRequests)
	}))
	defer ts.Close()
	cfg, _ := json.Marshal(map[string]any{"base_url": ts.URL, "max_attempts": 5})
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runBinary(t, "--config", path)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1 (no retry storm)", n.Load())
	}
	var refused []string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "refused") {
			refused = append(refused, line)
		}
	}
	if len(refused) != 1 || !strings.Contains(refused[0], "CelesTrak refused GET /satcat/records.php?NAME=STARLINK&FORMAT=json with 429") ||
		!strings.Contains(refused[0], "try again after") {
		t.Errorf("want one line saying CelesTrak refused and when to try again, got %q\nstderr:\n%s", refused, stderr)
	}
	if strings.Contains(string(out), `"RECORD"`) || strings.Contains(string(out), `"STATE"`) || strings.Contains(string(out), "ACTIVATE_VERSION") {
		t.Errorf("stdout after a refusal: %s", out)
	}
}

func TestMain_About(t *testing.T) {
	code, out, stderr := runBinary(t, "--about")
	var about struct{ Name string }
	if code != 0 || json.Unmarshal(out, &about) != nil || about.Name != "tap-celestrak" {
		t.Errorf("--about: exit %d, %s %s", code, out, stderr)
	}
}

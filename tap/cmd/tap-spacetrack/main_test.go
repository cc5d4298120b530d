package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

// TestMain runs the real main instead of the tests when TAP_SPACETRACK_TEST_MAIN is set, so a
// test can check what the process does (exit code, stdout, stderr) by running this binary again.
func TestMain(m *testing.M) {
	if os.Getenv("TAP_SPACETRACK_TEST_MAIN") == "1" {
		os.Args = append([]string{"tap-spacetrack"}, strings.Fields(os.Getenv("TAP_SPACETRACK_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const password = "main-test-pw-4c2f-never-printed"

// runBinary runs this test binary as tap-spacetrack with args and returns its exit code,
// stdout and stderr.
func runBinary(t *testing.T, args ...string) (int, []byte, string) {
	return singertest.RunMain(t, "TAP_SPACETRACK_TEST", args...)
}

func writeConfig(t *testing.T, cfg map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBinary_RefusesAConfigWithoutCredentials(t *testing.T) {
	code, out, errOut := runBinary(t, "--config", writeConfig(t, map[string]any{"page_size": 10}))
	if code != 1 || len(out) != 0 {
		t.Errorf("exit %d with %d bytes on stdout, want 1 and none", code, len(out))
	}
	for _, want := range []string{"config identity: required to sync", "config password: required to sync"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// Discovery needs no credentials (and no network).
func TestBinary_DiscoverPrintsTheGoldenCatalog(t *testing.T) {
	code, out, errOut := runBinary(t, "--config", writeConfig(t, map[string]any{"base_url": "http://127.0.0.1:1"}), "--discover")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want, err := os.ReadFile("../../spacetrack/testdata/discover.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Error("--discover differs from tap/spacetrack/testdata/discover.golden.json")
	}
}

// A whole sync through the binary: exit 0, every stdout line one whole message, every Starlink
// payload of the sample once, and the password nowhere in stdout or stderr.
func TestBinary_SyncsTheSampleWithoutShowingThePassword(t *testing.T) {
	srv, err := spacetrackreplay.New("../../../fixtures/spacetrack-sample", spacetrackreplay.Options{
		Faults: []spacetrackreplay.Fault{{Query: 1, Status: 503}}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	cfg := writeConfig(t, map[string]any{"identity": "someone@example.org", "password": password, "base_url": ts.URL,
		"page_size": 2, "rate_limit_ledger": filepath.Join(t.TempDir(), "ledger.json")})
	code, out, errOut := runBinary(t, "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	counts := map[string]int{}
	ids := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m struct {
			Type   string
			Record struct{ NORAD_CAT_ID string }
		}
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("a stdout line is not one JSON message: %.200s", sc.Bytes())
		}
		counts[m.Type]++
		if m.Type == "RECORD" {
			if ids[m.Record.NORAD_CAT_ID] {
				t.Errorf("NORAD_CAT_ID %s twice", m.Record.NORAD_CAT_ID)
			}
			ids[m.Record.NORAD_CAT_ID] = true
		}
	}
	if counts["SCHEMA"] != 1 || counts["RECORD"] != 7 || counts["ACTIVATE_VERSION"] != 1 || counts["STATE"] != 5 {
		t.Errorf("messages %v, want 1 SCHEMA, 7 RECORD (the sample's Starlink payloads), 4 page STATEs and a final one, 1 ACTIVATE_VERSION", counts)
	}
	if !strings.Contains(errOut, "retrying HTTP request") || !strings.Contains(errOut, "logins=1") {
		t.Errorf("stderr does not show the retried 503 and one login:\n%s", errOut)
	}
	if strings.Contains(string(out)+errOut, password) {
		t.Error("the password appears in the tap's output")
	}
	// Singer METRIC lines at INFO: record counts per page that add up to the records, and each
	// HTTP attempt's duration, the injected 503 as failed.
	counted := 0
	for _, l := range strings.Split(errOut, "\n") {
		if v, ok := strings.CutPrefix(l, `INFO METRIC: {"type":"counter","metric":"record_count","value":`); ok {
			n, _, _ := strings.Cut(v, ",")
			var k int
			if err := json.Unmarshal([]byte(n), &k); err != nil || !strings.HasSuffix(l, `"tags":{"endpoint":"satcat"}}`) {
				t.Errorf("record_count line: %s", l)
			}
			counted += k
		}
	}
	if counted != 7 {
		t.Errorf("record_count lines add up to %d, want 7:\n%s", counted, errOut)
	}
	for _, want := range []string{
		`"metric":"http_request_duration"`,
		`"tags":{"endpoint":"/basicspacedata/query/class/satcat","http_status_code":503,"status":"failed"}}`,
		`"tags":{"endpoint":"/basicspacedata/query/class/satcat","http_status_code":200,"status":"succeeded"}}`,
		`"tags":{"endpoint":"/ajaxauth/login","http_status_code":200,"status":"succeeded"}}`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %s", want)
		}
	}
}

// --about reports the version the toolchain recorded in the binary, never a made-up one.
func TestBinary_AboutReportsTheBuildVersion(t *testing.T) {
	code, out, errOut := runBinary(t, "--about")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var about struct{ Name, Version string }
	if err := json.Unmarshal(out, &about); err != nil {
		t.Fatal(err)
	}
	if about.Name != "tap-spacetrack" || about.Version != singer.Version() || about.Version == "" {
		t.Errorf("--about: %+v, want tap-spacetrack and version %q", about, singer.Version())
	}
}

// A snapshot_dir without the catalogue: exit 1 naming the setting and the path, nothing on
// stdout.
func TestBinary_MissingSnapshotDirExitsNamingIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-catalogue")
	code, out, errOut := runBinary(t, "--config", writeConfig(t, map[string]any{"snapshot_dir": dir}))
	if code != 1 || len(out) != 0 || !strings.Contains(errOut, `config snapshot_dir \"`+dir+`\"`) || !strings.Contains(errOut, "satcat-starlink.json does not exist") {
		t.Errorf("exit %d, %d bytes out, stderr:\n%s\nwant 1, none, and the setting and path named", code, len(out), errOut)
	}
}

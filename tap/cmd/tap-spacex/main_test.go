package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// TestMain runs the real main instead of the tests when TAP_SPACEX_TEST_MAIN is set, so a
// test can check what the process does (its exit code) by running this binary again.
func TestMain(m *testing.M) {
	if os.Getenv("TAP_SPACEX_TEST_MAIN") == "1" {
		os.Args = append([]string{"tap-spacex"}, strings.Fields(os.Getenv("TAP_SPACEX_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// allStreams are the API's resources the tap syncs, sorted: written out here, not taken from
// the code under test.
var allStreams = []string{"capsules", "company", "cores", "crew", "dragons", "history", "landpads",
	"launches", "launchpads", "payloads", "roadster", "rockets", "ships", "starlink"}

// runTap calls run as main does, outside Meltano, and returns stdout, the logs and run's error.
func runTap(t *testing.T, args ...string) (stdout []byte, logs string, err error) {
	t.Helper()
	return runTapEnv(t, nil, args...)
}

// runTapEnv is runTap in an environment of env's variables only.
func runTapEnv(t *testing.T, env map[string]string, args ...string) (stdout []byte, logs string, err error) {
	t.Helper()
	var out, log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	err = run(context.Background(), args, &out, logger, func(k string) string { return env[k] })
	return out.Bytes(), log.String(), err
}

// writeFile writes content into the test's temporary folder and returns its path.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sampleServer serves the repository's sample snapshot; it returns the base URL.
func sampleServer(t *testing.T) string {
	t.Helper()
	srv, err := replay.New(replay.SampleDir(), replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func configFile(t *testing.T, baseURL string, pageSize int) string {
	t.Helper()
	cfg, _ := json.Marshal(map[string]any{"base_url": baseURL, "page_size": pageSize, "max_attempts": 1, "request_timeout_seconds": 10})
	return writeFile(t, "config.json", cfg)
}

// line is one Singer message of the output, its record kept raw.
type line struct {
	Type    string          `json:"type"`
	Stream  string          `json:"stream"`
	Record  json.RawMessage `json:"record"`
	Version int64           `json:"version"`
	Schema  struct {
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
	} `json:"schema"`
	KeyProperties []string     `json:"key_properties"`
	Value         singer.State `json:"value"`
}

func parseLines(t *testing.T, out []byte) ([]line, [][]byte) {
	t.Helper()
	var msgs []line
	if len(out) == 0 {
		return nil, nil
	}
	raw := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	for i, l := range raw {
		var m line
		if err := json.Unmarshal(l, &m); err != nil || m.Type == "" {
			t.Fatalf("stdout line %d is not a Singer message (%v): %.200s", i+1, err, l)
		}
		msgs = append(msgs, m)
	}
	return msgs, raw
}

func TestRun_AboutJSON(t *testing.T) {
	out, _, err := runTap(t, "--about")
	if err != nil {
		t.Fatal(err)
	}
	var a singer.About
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("--about is not JSON: %v\n%s", err, out)
	}
	// The version the toolchain recorded in this binary ("(devel)" in a test binary).
	if a.Name != "tap-spacex" || a.Version != singer.Version() || a.Version == "" {
		t.Errorf("name %q version %q, want tap-spacex and %q", a.Name, a.Version, singer.Version())
	}
	for _, c := range []string{"about", "catalog", "discover", "state", "activate-version"} {
		if !slices.Contains(a.Capabilities, c) {
			t.Errorf("capabilities %v lack %s", a.Capabilities, c)
		}
	}
	var settings []string
	for _, s := range a.Settings {
		settings = append(settings, s.Name)
		if s.Kind == "" || s.Description == "" {
			t.Errorf("setting %s has no kind or description", s.Name)
		}
	}
	// Every key ParseConfig reads is described.
	for _, key := range []string{"base_url", "page_size", "user_agent", "request_timeout_seconds", "max_attempts", "start_date", "lookback_days"} {
		if !slices.Contains(settings, key) {
			t.Errorf("--about does not describe setting %s", key)
		}
	}
	if !slices.Equal(a.Streams, allStreams) {
		t.Errorf("streams %v, want %v", a.Streams, allStreams)
	}
}

func TestRun_AboutMarkdown(t *testing.T) {
	out, _, err := runTap(t, "--about", "--format", "markdown")
	if err != nil {
		t.Fatal(err)
	}
	md := string(out)
	for _, want := range []string{"# tap-spacex\n", "## Capabilities", "- `discover`", "## Settings",
		"| `page_size` | integer | `100` |", "| `base_url` | string | `https://api.spacexdata.com` |", "## Streams", "- `starlink`"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if _, _, err := runTap(t, "--about", "--format", "yaml"); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("--format yaml: error %v; want one naming --format", err)
	}
}

// --discover prints the catalog that tap's TestDiscover_Golden pins (go test ./tap/ -update
// rewrites it); it needs a config but no network.
func TestRun_DiscoverPrintsTheGoldenCatalog(t *testing.T) {
	out, _, err := runTap(t, "--config", writeFile(t, "config.json", []byte(`{}`)), "--discover")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "spacex", "testdata", "discover.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("--discover differs from tap/spacex/testdata/discover.golden.json (%d vs %d bytes)", len(out), len(want))
	}
}

// A sync through the command with --catalog and --state: the catalog deselects a stream and
// some properties, the state resumes one stream half-way.
func TestRun_SyncWithCatalogAndState(t *testing.T) {
	baseURL := sampleServer(t)
	config := configFile(t, baseURL, 2)

	discovered, _, err := runTap(t, "--config", config, "--discover")
	if err != nil {
		t.Fatal(err)
	}
	var cat singer.Catalog
	if err := json.Unmarshal(discovered, &cat); err != nil {
		t.Fatal(err)
	}
	deselect := map[string][]string{
		"launches": {"links", "details", "id", "date_utc"}, // id and date_utc are automatic: they stay
		"payloads": {"dragon"},
	}
	for i := range cat.Streams {
		e := &cat.Streams[i]
		for j := range e.Metadata {
			m := &e.Metadata[j]
			switch {
			case len(m.Breadcrumb) == 0:
				m.Metadata["selected"] = e.Stream != "ships"
			case slices.Contains(deselect[e.Stream], m.Breadcrumb[1]):
				m.Metadata["selected"] = false
			}
		}
	}
	catalog, _ := json.Marshal(cat)
	const resumeVersion = 1700000000000
	// cores resumes after its second document in id order (page 1 of 2 done).
	coresJSON, err := os.ReadFile(filepath.Join(replay.SampleDir(), "v4", "cores.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cores []struct{ ID string }
	if err := json.Unmarshal(coresJSON, &cores); err != nil || len(cores) != 4 {
		t.Fatalf("the sample's cores: %v, %d documents; want 4", err, len(cores))
	}
	ids := []string{cores[0].ID, cores[1].ID, cores[2].ID, cores[3].ID}
	slices.Sort(ids)
	state := []byte(`{"bookmarks":{"cores":{"version":1700000000000,"after":"` + ids[1] + `"}}}`)

	out, logs, err := runTap(t, "--config", config, "--catalog", writeFile(t, "catalog.json", catalog),
		"--state", writeFile(t, "state.json", state))
	if err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, logs)
	}
	msgs, _ := parseLines(t, out)

	seen := map[string]bool{}
	records := map[string]int{}
	for i, m := range msgs {
		switch m.Type {
		case "SCHEMA":
			seen[m.Stream] = true
			if !slices.Equal(m.Schema.Required, []string{"id"}) || !slices.Equal(m.KeyProperties, []string{"id"}) {
				t.Errorf("SCHEMA of %s: required %v, key_properties %v; want [id] for both", m.Stream, m.Schema.Required, m.KeyProperties)
			}
			for _, p := range deselect[m.Stream] {
				_, has := m.Schema.Properties[p]
				if automatic := p == "id" || p == "date_utc"; has != automatic {
					t.Errorf("SCHEMA of %s: property %s present %v; want only selected and automatic properties", m.Stream, p, has)
				}
			}
		case "RECORD":
			if !seen[m.Stream] {
				t.Fatalf("line %d: RECORD of %s before its SCHEMA", i+1, m.Stream)
			}
			records[m.Stream]++
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(m.Record, &doc); err != nil {
				t.Fatal(err)
			}
			for _, p := range deselect[m.Stream] {
				_, has := doc[p]
				if automatic := p == "id" || p == "date_utc"; has != automatic {
					t.Errorf("%s record %s: property %s present %v", m.Stream, doc["id"], p, has)
				}
			}
			if m.Stream == "cores" && m.Version != resumeVersion {
				t.Errorf("resumed cores record has version %d, want %d", m.Version, resumeVersion)
			}
		}
	}
	if seen["ships"] || records["ships"] > 0 {
		t.Error("ships is deselected but was synced")
	}
	for _, st := range allStreams {
		if st != "ships" && records[st] == 0 {
			t.Errorf("%s: no records", st)
		}
	}
	if records["cores"] != 2 { // the sample has 4 cores; the first 2 were done
		t.Errorf("cores resumed after %s gave %d records, want 2", ids[1], records["cores"])
	}
	if last := msgs[len(msgs)-1]; last.Type != "STATE" || len(last.Value.Bookmarks) != 1 {
		t.Errorf("last message %+v; want a STATE with the launches bookmark only", last)
	}

	// The final STATE line, given back as --state as Meltano does, starts a run that succeeds
	// and ends in the same state (the sample did not change).
	_, raw := parseLines(t, out)
	final := raw[len(raw)-1]
	out2, logs, err := runTap(t, "--config", config, "--state", writeFile(t, "state2.json", final))
	if err != nil {
		t.Fatalf("second run: %v\nlogs:\n%s", err, logs)
	}
	_, raw2 := parseLines(t, out2)
	if got := raw2[len(raw2)-1]; !bytes.Equal(got, final) {
		t.Errorf("second run ends in %s; want %s", got, final)
	}
}

// A bad config fails before any request, naming every bad setting, and the process exits 1.
func TestRun_BadConfigNamesTheSetting(t *testing.T) {
	config := writeFile(t, "config.json", []byte(`{"base_url":"ftp://example.org","page_size":"many","lookback_days":-1}`))
	out, _, err := runTap(t, "--config", config)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, setting := range []string{"base_url", "page_size", "lookback_days"} {
		if !strings.Contains(err.Error(), setting) {
			t.Errorf("error does not name %s: %v", setting, err)
		}
	}
	if len(out) > 0 {
		t.Errorf("wrote %d bytes to stdout before failing", len(out))
	}
	if _, _, err := runTap(t); err == nil || !strings.Contains(err.Error(), "--config") {
		t.Errorf("no --config: error %v; want one naming --config", err)
	}

	// The process: exit status 1 and the error on stderr, nothing on stdout.
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TAP_SPACEX_TEST_MAIN=1", "TAP_SPACEX_TEST_ARGS=--config "+config)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("process ended with %v; want exit status 1", err)
	}
	if stdout.Len() > 0 || !strings.Contains(stderr.String(), "page_size") {
		t.Errorf("stdout %q, stderr %q; want nothing on stdout and the setting on stderr", stdout.String(), stderr.String())
	}
}

// A base_url nothing listens on fails the sync with an error that names the URL.
func TestRun_UnreachableBaseURLNamesTheURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	baseURL := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	out, _, err := runTap(t, "--config", configFile(t, baseURL, 100))
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), baseURL) {
		t.Errorf("error does not name %s: %v", baseURL, err)
	}
	msgs, _ := parseLines(t, out)
	for _, m := range msgs {
		if m.Type == "RECORD" || m.Type == "STATE" && len(m.Value.Bookmarks) > 0 {
			t.Errorf("unexpected %s of %s with no server", m.Type, m.Stream)
		}
	}
}

// A catalog the tap cannot honour is refused before any request, naming what is wrong:
// streams or properties the tap does not have, other key properties, no stream selected.
func TestRun_RefusesACatalogItCannotHonour(t *testing.T) {
	config := configFile(t, "http://127.0.0.1:1", 100) // nothing listens: no request may be made
	discovered, _, err := runTap(t, "--config", config, "--discover")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(change func(*singer.Catalog)) string {
		var cat singer.Catalog
		if err := json.Unmarshal(discovered, &cat); err != nil {
			t.Fatal(err)
		}
		change(&cat)
		raw, _ := json.Marshal(cat)
		return writeFile(t, "catalog.json", raw)
	}
	entry := func(cat *singer.Catalog, name string) *singer.CatalogEntry {
		for i := range cat.Streams {
			if cat.Streams[i].Stream == name {
				return &cat.Streams[i]
			}
		}
		t.Fatalf("no stream %s", name)
		return nil
	}
	for _, c := range []struct {
		name   string
		change func(*singer.Catalog)
		want   []string
	}{
		{"unknown streams", func(cat *singer.Catalog) {
			for _, name := range []string{"starlinks", "rocketz"} {
				e := *entry(cat, "rockets")
				e.TapStreamID, e.Stream = name, name
				cat.Streams = append(cat.Streams, e)
			}
		}, []string{"streams this tap does not have: starlinks, rocketz"}},
		{"unknown properties", func(cat *singer.Catalog) {
			e := entry(cat, "launches")
			e.Metadata = append(e.Metadata,
				singer.Metadata{Breadcrumb: []string{"properties", "flight_numbr"}, Metadata: map[string]any{"selected": true}},
				singer.Metadata{Breadcrumb: []string{"properties", "ignored"}, Metadata: map[string]any{"selected": false}})
			e.Schema["properties"].(map[string]any)["rocket_name"] = map[string]any{"type": "string"}
		}, []string{"stream launches: the catalog selects properties the stream does not have: flight_numbr, rocket_name"}},
		{"other key properties", func(cat *singer.Catalog) {
			entry(cat, "cores").KeyProperties = []string{"serial"}
		}, []string{"stream cores: the catalog's key_properties [serial] are not the stream's [id]"}},
		{"other table-key-properties", func(cat *singer.Catalog) {
			entry(cat, "ships").Metadata[0].Metadata["table-key-properties"] = []string{"name"}
		}, []string{"stream ships: the catalog's table-key-properties [name] are not the stream's [id]"}},
		{"no stream selected", func(cat *singer.Catalog) {
			for i := range cat.Streams {
				cat.Streams[i].Metadata[0].Metadata["selected"] = false
			}
		}, []string{"the catalog selects no stream", "select patterns"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := runTap(t, "--config", config, "--catalog", edit(c.change))
			if err == nil {
				t.Fatal("want the catalog refused")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "127.0.0.1:1") || len(out) > 0 {
				t.Errorf("the tap made a request or wrote %d bytes before refusing: %v", len(out), err)
			}
		})
	}
}

// A select pattern (Meltano hands the tap meltano.yml's select in MELTANO_EXTRACT__SELECT)
// that matches no stream fails the run before anything is extracted, naming it, also next to
// patterns that match; discovery, which Meltano runs to apply the patterns, is not refused.
func TestRun_SelectPatternMatchingNoStreamIsRefused(t *testing.T) {
	cfg := configFile(t, sampleServer(t), 2)
	env := map[string]string{"MELTANO_EXTRACT__SELECT": `["launches.*", "starlinks.*", "!rockets.flickr_images", "cor?s"]`}
	out, _, err := runTapEnv(t, env, "--config", cfg)
	if err == nil || !strings.Contains(err.Error(), `"starlinks.*" selects no stream of tap-spacex`) || len(out) != 0 {
		t.Errorf("err = %v with %d bytes out; want starlinks.* refused before any message", err, len(out))
	}
	if _, _, err := runTapEnv(t, env, "--config", cfg, "--discover"); err != nil {
		t.Errorf("discovery: %v", err)
	}
	env["MELTANO_EXTRACT__SELECT"] = `["launches.*", "!rockets.flickr_images", "cor?s", "star*.id"]`
	if _, _, err := runTapEnv(t, env, "--config", cfg); err != nil {
		t.Errorf("patterns that all match: %v", err)
	}
}

// A snapshot_dir that does not exist: the process exits 1 naming the setting and the path,
// with nothing on stdout.
func TestRun_MissingSnapshotDirExitsNamingIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-snapshot")
	config := writeFile(t, "config.json", []byte(`{"snapshot_dir":"`+dir+`"}`))
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TAP_SPACEX_TEST_MAIN=1", "TAP_SPACEX_TEST_ARGS=--config "+config)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("process ended with %v; want exit status 1", err)
	}
	if stdout.Len() > 0 || !strings.Contains(stderr.String(), `config snapshot_dir \"`+dir+`\"`) {
		t.Errorf("stdout %q, stderr %q; want nothing on stdout and the setting and path on stderr", stdout.String(), stderr.String())
	}
}

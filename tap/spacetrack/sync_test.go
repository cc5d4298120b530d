package spacetrack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	stclient "github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

func TestDiscover_Golden(t *testing.T) {
	var out bytes.Buffer
	cfg := configJSON(t, "http://127.0.0.1:1", nil)
	path := t.TempDir() + "/config.json"
	if err := writeFile(path, cfg); err != nil {
		t.Fatal(err)
	}
	// Through the command line, as Meltano runs it; discovery never touches the network.
	if err := singer.Run(t.Context(), Tap{Version: "test"}, []string{"--config", path, "--discover"}, &out, slog.New(slog.NewTextHandler(io.Discard, nil)), nil); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "discover.golden.json", out.Bytes())
	var cat singer.Catalog
	if err := json.Unmarshal(out.Bytes(), &cat); err != nil {
		t.Fatal(err)
	}
	if len(cat.Streams) != 1 || cat.Streams[0].Stream != "satcat" {
		t.Fatalf("streams = %+v, want satcat only", cat.Streams)
	}
	props, _ := cat.Streams[0].Schema["properties"].(map[string]any)
	if len(props) != 24 {
		t.Errorf("satcat schema has %d properties, want the spec's 24", len(props))
	}
	if decay, _ := props["DECAY"].(map[string]any); !strings.Contains(string(mustJSON(t, decay["type"])), `"null"`) {
		t.Errorf("DECAY must be nullable, got %v", decay)
	}
}

// TestSync_Golden pins a full sync of the sample (page_size 3, clock fixed).
func TestSync_Golden(t *testing.T) {
	_, url := replayServer(t, spacetrackreplay.Options{}, nil)
	r := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkGolden(t, "sync.golden.jsonl", r.out)

	msgs := parseOutput(t, r.out)
	got, want := records(t, msgs), sampleStarlink(t)
	if len(got) != len(want) {
		t.Errorf("%d records, want the sample's %d Starlink payloads", len(got), len(want))
	}
	for id, doc := range want {
		if got[id] != doc {
			t.Errorf("NORAD_CAT_ID %s: record %s, want the recorded bytes %s", id, got[id], doc)
		}
	}
	if msgs[0].Type != "SCHEMA" || msgs[len(msgs)-2].Type != "ACTIVATE_VERSION" || len(lastState(t, msgs).Bookmarks) != 0 {
		t.Error("want SCHEMA first, ACTIVATE_VERSION then an empty STATE last")
	}
	noSecrets(t, "a sync's stdout or log", string(r.out), r.logs)
	if !strings.Contains(r.logs, "logins=1") {
		t.Errorf("the summary must report one login:\n%s", r.logs)
	}
}

// An interrupted run (a truncated page) resumes after the last NORAD_CAT_ID it emitted, under
// the same table version: every entry once over both runs, none twice.
func TestSync_ResumesAfterTheLastEmittedEntry(t *testing.T) {
	want := sampleStarlink(t)
	for _, brokenQuery := range []int{2, 3} {
		_, url := replayServer(t, spacetrackreplay.Options{Faults: []spacetrackreplay.Fault{{Query: brokenQuery, Truncate: true}}}, nil)
		first := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
		if first.err == nil || !strings.Contains(first.err.Error(), "satcat") || !strings.Contains(first.err.Error(), "page") {
			t.Fatalf("query %d truncated: err = %v, want one naming the stream and the page", brokenQuery, first.err)
		}
		m1 := parseOutput(t, first.out)
		if countType(m1, "ACTIVATE_VERSION") != 0 {
			t.Fatal("an interrupted run activated its version")
		}
		state := lastState(t, m1)
		bm := state.Bookmarks["satcat"]
		if bm.After == "" || bm.Version != fixedNow().UnixMilli() {
			t.Fatalf("bookmark after the failure = %+v, want after=<last id> and the run's version", bm)
		}

		later := func() time.Time { return fixedNow().Add(time.Hour) }
		second := syncOnce(t, configJSON(t, url, nil), state, later)
		if second.err != nil {
			t.Fatal(second.err)
		}
		m2 := parseOutput(t, second.out)
		r1, r2 := records(t, m1), records(t, m2)
		for id := range r2 {
			if _, dup := r1[id]; dup {
				t.Errorf("query %d: NORAD_CAT_ID %s emitted by both runs", brokenQuery, id)
			}
		}
		if len(r1)+len(r2) != len(want) {
			t.Errorf("query %d: %d + %d records, want %d", brokenQuery, len(r1), len(r2), len(want))
		}
		for _, m := range m2 {
			if (m.Type == "RECORD" || m.Type == "ACTIVATE_VERSION") && m.Version != bm.Version {
				t.Errorf("query %d: the resumed run used version %d, want the interrupted run's %d", brokenQuery, m.Version, bm.Version)
				break
			}
		}
	}
}

// Re-entries rewrite old entries, and entries can leave the catalogue: a full read under a new
// table version carries the new DECAY, and the entry that is gone is not in the version that
// ACTIVATE_VERSION makes current (the target deletes its row).
func TestSync_NextRunCarriesReentriesAndDropsRemovedEntries(t *testing.T) {
	srv, url := replayServer(t, spacetrackreplay.Options{}, nil)
	first := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	if first.err != nil {
		t.Fatal(first.err)
	}
	r1 := records(t, parseOutput(t, first.out))
	if !strings.Contains(r1["44236"], `"DECAY":null`) {
		t.Fatalf("44236 should be in orbit in the sample: %s", r1["44236"])
	}

	// The catalogue a year later: 44236 re-entered, 64100 left the catalogue.
	var docs []json.RawMessage
	for id, doc := range sampleStarlink(t) {
		switch id {
		case "44236":
			doc = strings.Replace(doc, `"DECAY":null`, `"DECAY":"2025-06-01"`, 1)
		case "64100":
			continue
		}
		docs = append(docs, json.RawMessage(doc))
	}
	if err := srv.Replace(mustJSON(t, docs)); err != nil {
		t.Fatal(err)
	}
	later := func() time.Time { return fixedNow().Add(24 * time.Hour) }
	second := syncOnce(t, configJSON(t, url, nil), lastState(t, parseOutput(t, first.out)), later)
	if second.err != nil {
		t.Fatal(second.err)
	}
	m2 := parseOutput(t, second.out)
	r2 := records(t, m2)
	if !strings.Contains(r2["44236"], `"DECAY":"2025-06-01"`) {
		t.Errorf("the re-entry is not carried: %s", r2["44236"])
	}
	if _, ok := r2["64100"]; ok {
		t.Error("an entry gone from the catalogue is still emitted")
	}
	var activated int64
	for _, m := range m2 {
		if m.Type == "ACTIVATE_VERSION" {
			activated = m.Version
		}
	}
	if activated != later().UnixMilli() || activated == fixedNow().UnixMilli() {
		t.Errorf("the second run activated version %d, want its own new version %d", activated, later().UnixMilli())
	}
}

// A session that expires between pages (Space-Track answers 401) is renewed with one login.
func TestSync_LogsInAgainWhenTheSessionExpires(t *testing.T) {
	var queries atomic.Int64
	srv, url := replayServer(t, spacetrackreplay.Options{}, func(srv *spacetrackreplay.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, spacetrackreplay.QueryPrefix) && queries.Add(1) == 2 {
				srv.ExpireSessions()
			}
			next.ServeHTTP(w, r)
		})
	})
	r := syncOnce(t, configJSON(t, url, nil), singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if n := len(records(t, parseOutput(t, r.out))); n != len(sampleStarlink(t)) {
		t.Errorf("%d records, want %d", n, len(sampleStarlink(t)))
	}
	if srv.Logins() != 2 {
		t.Errorf("%d logins, want 2 (the second after the 401)", srv.Logins())
	}
	noSecrets(t, "the log", r.logs)
}

func TestSync_RefusedLoginFailsWithoutSecrets(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"Login":"Failed"}`))
	}))
	defer ts.Close()
	r := syncOnce(t, configJSON(t, ts.URL, nil), singer.State{}, fixedNow)
	if !errors.Is(r.err, stclient.ErrLoginRefused) {
		t.Fatalf("err = %v, want ErrLoginRefused", r.err)
	}
	if countType(parseOutput(t, r.out), "RECORD") != 0 {
		t.Error("records emitted without a login")
	}
	noSecrets(t, "the error, stdout or log", r.err.Error(), string(r.out), r.logs)
}

func TestSync_RefusesAnEmptyCatalogue(t *testing.T) {
	_, url := replayServer(t, spacetrackreplay.Options{}, nil)
	r := syncOnce(t, configJSON(t, url, map[string]any{"satname": "NO SUCH NAME"}), singer.State{}, fixedNow)
	if r.err == nil || !strings.Contains(r.err.Error(), "NO SUCH NAME") {
		t.Fatalf("err = %v, want a refusal naming the selection", r.err)
	}
	if countType(parseOutput(t, r.out), "ACTIVATE_VERSION") != 0 {
		t.Error("an empty version was activated: the target would delete every row")
	}
}

// fakeQuerier answers pages from a list, for answers the replay never gives.
type fakeQuerier struct {
	pages   [][]json.RawMessage
	queries []string
	logouts int
}

func (f *fakeQuerier) QuerySatcat(_ context.Context, predicates string) ([]json.RawMessage, error) {
	f.queries = append(f.queries, predicates)
	if len(f.queries) > len(f.pages) {
		return nil, nil
	}
	return f.pages[len(f.queries)-1], nil
}

func (f *fakeQuerier) Logout(context.Context) error { f.logouts++; return nil }

func readAll(t *testing.T, q querier, cfg Config, from singer.Bookmark) (ids []string, checkpoints []string, err error) {
	t.Helper()
	st, err := newSatcat(cfg, q, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for item, err := range st.Read(t.Context(), from) {
		if err != nil {
			return ids, checkpoints, err
		}
		if item.Checkpoint != nil {
			checkpoints = append(checkpoints, item.Checkpoint.After)
			continue
		}
		ids = append(ids, mustID(t, item.Record))
	}
	return ids, checkpoints, nil
}

func TestSatcat_KeysetPagesAndBadAnswers(t *testing.T) {
	doc := func(id string) json.RawMessage { return json.RawMessage(`{"NORAD_CAT_ID":"` + id + `","DECAY":null}`) }
	cfg := Config{SatName: "STARLINK", ObjectType: "PAYLOAD", PageSize: 2}

	q := &fakeQuerier{pages: [][]json.RawMessage{{doc("5"), doc("9")}, {doc("12")}}}
	ids, cps, err := readAll(t, q, cfg, singer.Bookmark{After: "3"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "5,9,12" || strings.Join(cps, ",") != "9,12" {
		t.Errorf("ids %v checkpoints %v, want 5,9,12 and 9,12", ids, cps)
	}
	wantQueries := []string{
		"SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/NORAD_CAT_ID/>3/orderby/NORAD_CAT_ID asc/limit/2",
		"SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/NORAD_CAT_ID/>9/orderby/NORAD_CAT_ID asc/limit/2",
	}
	if strings.Join(q.queries, "\n") != strings.Join(wantQueries, "\n") {
		t.Errorf("queries:\n%s\nwant:\n%s", strings.Join(q.queries, "\n"), strings.Join(wantQueries, "\n"))
	}
	if q.logouts != 1 {
		t.Errorf("%d logouts, want 1", q.logouts)
	}

	for name, c := range map[string]struct {
		pages [][]json.RawMessage
		want  string
	}{
		"out of order":  {[][]json.RawMessage{{doc("9"), doc("5")}}, "query SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/NORAD_CAT_ID/>0/orderby/NORAD_CAT_ID asc/limit/2: page 1 document 1: key 5 does not come after 9"},
		"repeated page": {[][]json.RawMessage{{doc("5"), doc("9")}, {doc("9")}}, "page 2"},
		"no key":        {[][]json.RawMessage{{json.RawMessage(`{"SATNAME":"X"}`)}}, "NORAD_CAT_ID is missing or null"},
		"bad key":       {[][]json.RawMessage{{json.RawMessage(`{"NORAD_CAT_ID":"12A"}`)}}, `NORAD_CAT_ID "12A" is not a catalogue number`},
		"not an object": {[][]json.RawMessage{{json.RawMessage(`["x"]`)}}, "not a JSON object"},
	} {
		q := &fakeQuerier{pages: c.pages}
		_, _, err := readAll(t, q, cfg, singer.Bookmark{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "stream satcat") {
			t.Errorf("%s: err = %v, want one naming the stream and %q", name, err, c.want)
		}
		if q.logouts != 1 {
			t.Errorf("%s: %d logouts after the error, want 1", name, q.logouts)
		}
	}
	if _, _, err := readAll(t, &fakeQuerier{}, cfg, singer.Bookmark{After: "x"}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("a bad bookmark: %v", err)
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

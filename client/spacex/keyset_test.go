package spacex

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/client/keyset"
	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// keysetStarlink walks the sample's starlink collection with keyset pages of size limit.
func keysetStarlink(t *testing.T, baseURL string, limit int, after string) (ids []string, marks []string, err error) {
	t.Helper()
	c, cerr := NewClient(baseURL)
	if cerr != nil {
		t.Fatal(cerr)
	}
	fetch := KeysetFetch(func(ctx context.Context, after string) (*http.Response, error) {
		body, err := KeysetQuery(after, limit)
		if err != nil {
			return nil, err
		}
		return c.QueryStarlink(ctx, body)
	})
	for item, e := range keyset.Pages(context.Background(), fetch, keyset.Options[string]{After: after, Key: DocID}) {
		if e != nil {
			return ids, marks, e
		}
		if item.PageDone {
			marks = append(marks, item.Key)
			continue
		}
		ids = append(ids, item.Key)
	}
	return ids, marks, nil
}

func sampleStarlinkIDs(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(replay.SampleDir(), "v4", "starlink.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []struct{ ID string }
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

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

// Keyset pages over the replay server read every document once in key order, whatever the
// page size, and a walk resumed after any key reads exactly the documents after it.
func TestKeysetFetch_EveryDocumentOnceInKeyOrderAndResumesAfterAKey(t *testing.T) {
	url := sampleServer(t)
	want := sampleStarlinkIDs(t)
	if len(want) < 5 {
		t.Fatalf("the sample has %d starlink documents; the test needs 5", len(want))
	}
	for _, limit := range []int{1, 2, 3, len(want), 100} {
		ids, marks, err := keysetStarlink(t, url, limit, "")
		if err != nil {
			t.Fatalf("limit %d: %v", limit, err)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("limit %d: read %v, want %v", limit, ids, want)
		}
		if marks[len(marks)-1] != want[len(want)-1] {
			t.Errorf("limit %d: last page ends at %q, want %q", limit, marks[len(marks)-1], want[len(want)-1])
		}
		if wantPages := (len(want) + limit - 1) / limit; len(marks) != wantPages && len(marks) != wantPages+1 {
			t.Errorf("limit %d: %d pages for %d documents", limit, len(marks), len(want))
		}
	}
	for i, after := range want {
		ids, _, err := keysetStarlink(t, url, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids, want[i+1:]) {
			t.Errorf("after %s: read %v, want %v", after, ids, want[i+1:])
		}
	}
}

// A server that ignores the filter (or the sort) would make a resume skip or repeat
// documents: the walk stops with an error naming the page instead of looping.
func TestKeysetFetch_RefusesAServerThatIgnoresTheKey(t *testing.T) {
	page := envelopeJSON("first", 1, 4, `{"id":"b"}`, `{"id":"c"}`) // page 1 of 2, whatever is asked
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(page))
	}))
	t.Cleanup(ts.Close)
	fetch := KeysetFetch(func(ctx context.Context, after string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v4/starlink/query", strings.NewReader(after))
		return ts.Client().Do(req)
	})
	var ids []string
	var err error
	for item, e := range keyset.Pages(context.Background(), fetch, keyset.Options[string]{Key: DocID}) {
		if e != nil {
			err = e
			break
		}
		if !item.PageDone {
			ids = append(ids, item.Key)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "page 2") || !strings.Contains(err.Error(), `key "b" does not come after "c"`) {
		t.Errorf("error %v after %v; want page 2 refused for a key that does not move forward", err, ids)
	}
}

// The id scan finds the top-level id wherever it is, and never one nested in another
// member; it agrees with encoding/json on every case.
func TestIDOf_FindsTheTopLevelIDOnly(t *testing.T) {
	for doc, want := range map[string]string{
		`{"id":"5eb87cd9ffd86e000604b32a"}`:                                                  "5eb87cd9ffd86e000604b32a",
		` { "a" : {"id":"nested","b":[1,{"id":"x"}]} , "s":"\"id\":\"no\"", "id" : "top" } `: "top",
		`{"n":-1.5e3,"t":true,"z":null,"arr":[],"o":{},"id":"last"}`:                         "last",
		`{"id":"esc\u0061ped"}`:                                                              "escaped",
		`{"i\u0064":"key escaped"}`:                                                          "key escaped",
	} {
		got, err := idOf(json.RawMessage(doc))
		if err != nil || got != want {
			t.Errorf("idOf(%s) = %q, %v; want %q", doc, got, err, want)
		}
	}
	for _, doc := range []string{`{"a":{"id":"nested"}}`, `{"id":null}`, `{"id":1}`, `[{"id":"x"}]`} {
		if got, err := idOf(json.RawMessage(doc)); err == nil {
			t.Errorf("idOf(%s) = %q; want an error", doc, got)
		}
	}
}

func BenchmarkIDOf(b *testing.B) {
	doc := json.RawMessage(`{"spaceTrack":{"CCSDS_OMM_VERS":"2.0","COMMENT":"GENERATED VIA SPACE-TRACK.ORG API","OBJECT_NAME":"STARLINK-30","OBJECT_ID":"2019-029K","EPOCH":"2021-10-13T04:05:22.464384","MEAN_MOTION":15.06420179,"ECCENTRICITY":0.0001323,"INCLINATION":53.0053},"version":"v0.9","launch":"5eb87d30ffd86e000604b378","longitude":165.93,"latitude":-33.6,"height_km":546.3,"velocity_kms":7.59,"id":"5eed770f096e59000698560d"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := idOf(doc); err != nil {
			b.Fatal(err)
		}
	}
}

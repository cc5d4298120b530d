package spacex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/client/transport"
)

// ---- helpers ---------------------------------------------------------------

// pageServer serves POST /v5/launches/query, answering the requested
// options.page with bodies[page] (404 with an error body when absent).
type pageServer struct {
	*httptest.Server
	URL    string // the query endpoint
	mu     sync.Mutex
	bodies map[int]string
	pages  []int
}

func newPageServer(t *testing.T, bodies map[int]string) *pageServer {
	t.Helper()
	s := &pageServer{bodies: bodies}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var q struct {
			Options struct{ Page int } `json:"options"`
		}
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&q) != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.pages = append(s.pages, q.Options.Page)
		body, ok := s.bodies[q.Options.Page]
		s.mu.Unlock()
		if !ok {
			http.Error(w, `{"error":"Not Found"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	s.URL = s.Server.URL + "/v5/launches/query"
	return s
}

func (s *pageServer) Pages() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.pages)
}

// queryFetcher is what the tap does with the generated client: POST the
// query with options.page set.
func queryFetcher(url string, c *http.Client) PageFetcher {
	if c == nil {
		c = http.DefaultClient
	}
	return func(ctx context.Context, page int) (*http.Response, error) {
		body := fmt.Sprintf(`{"query":{},"options":{"page":%d,"limit":2}}`, page)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		return c.Do(req)
	}
}

// envelopeJSON renders a mongoose-paginate-v2 page of limit 2 over
// totalDocs documents. order places "docs": "first", "last" or "middle".
func envelopeJSON(order string, page, totalDocs int, docs ...string) string {
	const limit = 2
	totalPages := max((totalDocs+limit-1)/limit, 1)
	orNull := func(ok bool, n int) string {
		if ok {
			return strconv.Itoa(n)
		}
		return "null"
	}
	paging := []string{
		`"totalDocs":` + strconv.Itoa(totalDocs),
		`"limit":` + strconv.Itoa(limit),
		`"totalPages":` + strconv.Itoa(totalPages),
		`"page":` + strconv.Itoa(page),
		`"pagingCounter":` + strconv.Itoa((page-1)*limit+1),
		`"hasPrevPage":` + strconv.FormatBool(page > 1),
		`"hasNextPage":` + strconv.FormatBool(page < totalPages),
		`"prevPage":` + orNull(page > 1, page-1),
		`"nextPage":` + orNull(page < totalPages, page+1),
	}
	docsField := `"docs":[` + strings.Join(docs, ",") + `]`
	var fields []string
	switch order {
	case "first":
		fields = append([]string{docsField}, paging...)
	case "last":
		fields = append(paging, docsField)
	case "middle":
		fields = slices.Concat(paging[:4], []string{docsField}, paging[4:])
	default:
		panic(order)
	}
	return "{" + strings.Join(fields, ",") + "}"
}

// fivePages is 5 documents over 3 pages with the given field order.
func fivePages(order string) map[int]string {
	return map[int]string{
		1: envelopeJSON(order, 1, 5, `{"id":1}`, `{"id":2}`),
		2: envelopeJSON(order, 2, 5, `{"id":3}`, `{"id":4}`),
		3: envelopeJSON(order, 3, 5, `{"id":5}`),
	}
}

var fivePagesSummary = []string{
	`p1 #0 {"id":1}`, `p1 #1 {"id":2}`, `p1 done (2 docs)`,
	`p2 #0 {"id":3}`, `p2 #1 {"id":4}`, `p2 done (2 docs)`,
	`p3 #0 {"id":5}`, `p3 done (1 docs)`,
}

// collect runs the iterator to the end, checking that nothing follows an
// error, and returns the items and the error (if any).
func collect(t *testing.T, seq func(func(PageItem, error) bool)) (items []PageItem, err error) {
	t.Helper()
	for item, e := range seq {
		if err != nil {
			t.Fatalf("iterator went on after error %v: yielded %+v, %v", err, item, e)
		}
		if e != nil {
			err = e
			continue
		}
		items = append(items, item)
	}
	return items, err
}

func summarize(items []PageItem) []string {
	var out []string
	for _, it := range items {
		if it.PageDone {
			out = append(out, fmt.Sprintf("p%d done (%d docs)", it.Page, it.Info.Docs))
		} else {
			out = append(out, fmt.Sprintf("p%d #%d %s", it.Page, it.Index, it.Doc))
		}
	}
	return out
}

func assertSummary(t *testing.T, items []PageItem, want []string) {
	t.Helper()
	if got := summarize(items); !slices.Equal(got, want) {
		t.Errorf("yielded:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func assertNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func assertPageError(t *testing.T, err error, endpoint string, page int, wantText string) *PageError {
	t.Helper()
	var pe *PageError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v (%T), want a *PageError", err, err)
	}
	if pe.Endpoint != endpoint || pe.Page != page {
		t.Errorf("PageError endpoint %q page %d, want %q page %d", pe.Endpoint, pe.Page, endpoint, page)
	}
	if !strings.Contains(err.Error(), wantText) {
		t.Fatalf("error = %q, want it to contain %q", err, wantText)
	}
	return pe
}

func assertNoPageDone(t *testing.T, items []PageItem, page int) {
	t.Helper()
	for _, it := range items {
		if it.PageDone && it.Page == page {
			t.Errorf("page %d was signalled complete despite the error", page)
		}
	}
}

// ---- tests -----------------------------------------------------------------

func TestPages_WalksAllPagesInOrder(t *testing.T) {
	srv := newPageServer(t, fivePages("first"))

	items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

	assertNoError(t, err)
	assertSummary(t, items, fivePagesSummary)
	if got := srv.Pages(); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("pages requested = %v, want [1 2 3]", got)
	}
	want := PageInfo{
		Endpoint: "POST " + srv.URL, Page: 3, Docs: 1, TotalDocs: 5, Limit: 2, TotalPages: 3,
		PagingCounter: 5, HasNextPage: false, NextPage: 0, HasPrevPage: true, PrevPage: 2,
	}
	if last := items[len(items)-1]; last.Info != want || last.Doc != nil || last.Index != 1 {
		t.Errorf("last marker = %+v, want Info %+v, Index 1, no Doc", last, want)
	}
	for _, it := range items {
		if !it.PageDone && it.Info != (PageInfo{}) {
			t.Errorf("document item carries Info %+v; only markers should", it.Info)
		}
	}
}

func TestPages_StartsAtStartPage(t *testing.T) {
	srv := newPageServer(t, fivePages("last"))

	items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{StartPage: 2}))

	assertNoError(t, err)
	assertSummary(t, items, fivePagesSummary[3:])
	if got := srv.Pages(); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("pages requested = %v, want [2 3]", got)
	}
}

func TestPages_PreservesRawBytes(t *testing.T) {
	docs := []string{
		`{"a":null,"n":1.50}`,
		`{ "spaced" : [1, 2.0e3 ,"\u00e9\n", -0, 1E400] }`,
		`{"big":12345678901234567890123,"nested":{"x":[{},[]]}}`,
		`null`,
		`1.50`,
		`"ünïcødé"`,
	}
	body := "{\n  \"docs\": [\n    " + strings.Join(docs, " ,\n    ") + "\n  ],\n  \"hasNextPage\": false\n}\n"
	srv := newPageServer(t, map[int]string{1: body})

	items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

	assertNoError(t, err)
	if len(items) != len(docs)+1 {
		t.Fatalf("got %d items, want %d docs and a marker", len(items), len(docs))
	}
	for i, want := range docs {
		if got := items[i].Doc; !bytes.Equal(got, []byte(want)) {
			t.Errorf("doc %d = %s, want byte-identical %s", i, got, want)
		}
	}
}

func TestPages_ReadsPagingFieldsWhereverTheyAre(t *testing.T) {
	for _, order := range []string{"first", "middle", "last"} {
		t.Run("docs "+order, func(t *testing.T) {
			srv := newPageServer(t, fivePages(order))

			items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

			assertNoError(t, err)
			assertSummary(t, items, fivePagesSummary)
			if m := items[2]; m.Info.TotalDocs != 5 || m.Info.TotalPages != 3 || !m.Info.HasNextPage || m.Info.NextPage != 2 {
				t.Errorf("page 1 marker Info = %+v", m.Info)
			}
		})
	}
	t.Run("unknown fields are skipped", func(t *testing.T) {
		srv := newPageServer(t, map[int]string{
			1: `{"meta":{"docs":[1,2,3],"deep":[{"hasNextPage":false}]},"docs":[{"id":1}],"x":null,"hasNextPage":true,"nextPage":2,"tags":["a"]}`,
			2: `{"docs":[{"id":2}],"hasNextPage":false,"nextPage":null,"extra":"}"}`,
		})

		items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

		assertNoError(t, err)
		assertSummary(t, items, []string{`p1 #0 {"id":1}`, `p1 done (1 docs)`, `p2 #0 {"id":2}`, `p2 done (1 docs)`})
	})
}

func TestPages_ChoosesNextPage(t *testing.T) {
	tests := []struct {
		name  string
		page1 string
		want  []int
	}{
		{"hasNextPage without nextPage", `{"docs":[],"hasNextPage":true}`, []int{1, 2}},
		{"hasNextPage with null nextPage", `{"docs":[],"hasNextPage":true,"nextPage":null}`, []int{1, 2}},
		{"nextPage skipping ahead", `{"docs":[],"hasNextPage":true,"nextPage":3}`, []int{1, 3}},
		{"nextPage without hasNextPage", `{"docs":[],"nextPage":2}`, []int{1, 2}},
		{"hasNextPage false wins", `{"docs":[],"hasNextPage":false,"nextPage":2}`, []int{1}},
		{"no paging fields at all", `{"docs":[]}`, []int{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			last := `{"docs":[],"hasNextPage":false}`
			srv := newPageServer(t, map[int]string{1: tc.page1, 2: last, 3: last})

			_, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

			assertNoError(t, err)
			if got := srv.Pages(); !slices.Equal(got, tc.want) {
				t.Errorf("pages requested = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPages_EmptyResult(t *testing.T) {
	srv := newPageServer(t, map[int]string{
		1: `{"docs":[],"totalDocs":0,"limit":10,"page":1,"totalPages":1,"pagingCounter":1,` +
			`"hasPrevPage":false,"hasNextPage":false,"prevPage":null,"nextPage":null}`,
	})

	items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

	assertNoError(t, err)
	assertSummary(t, items, []string{"p1 done (0 docs)"})
	if info := items[0].Info; info.TotalDocs != 0 || info.TotalPages != 1 || info.Limit != 10 {
		t.Errorf("Info = %+v", info)
	}
}

func TestPages_StopsOnMalformedPage(t *testing.T) {
	page1 := envelopeJSON("first", 1, 4, `{"id":1}`, `{"id":2}`)
	tests := []struct {
		name     string
		page2    string
		wantDocs int // documents of page 2 yielded before the error
		wantErr  string
	}{
		{"truncated inside a document", `{"docs":[{"id":3},{"id":`, 1, "decoding docs: unexpected EOF"},
		{"truncated between documents", `{"docs":[{"id":3},`, 1, "decoding docs: unexpected EOF"},
		{"truncated after a document", `{"docs":[{"id":3}`, 1, "decoding docs: unexpected EOF"},
		{"truncated in a paging field after docs", `{"docs":[{"id":3}],"hasNextPage":tr`, 1, `decoding "hasNextPage": unexpected EOF`},
		{"truncated before the closing brace", `{"docs":[{"id":3},{"id":4}],"hasNextPage":false`, 2, "decoding envelope: unexpected EOF"},
		{"invalid document", `{"docs":[{"id":3},{"id":x}],"hasNextPage":false}`, 1, "decoding docs: invalid character 'x'"},
		{"missing comma", `{"docs":[{"id":3} {"id":4}]}`, 1, "decoding docs: expected comma after array element"},
		{"docs is an object", `{"docs":{"id":3}}`, 0, `"docs" is an object, not an array`},
		{"docs is null", `{"totalDocs":4,"docs":null}`, 0, `"docs" is null, not an array`},
		{"docs twice", `{"docs":[],"docs":[]}`, 0, `duplicate "docs" field`},
		{"top-level array", `[{"id":3}]`, 0, "expected a JSON object, got an array"},
		{"html", `<html>oops</html>`, 0, "decoding envelope: invalid character '<'"},
		{"empty body", ``, 0, "empty response body"},
		{"no docs field", `{"error":"nope"}`, 0, `not a paginated response: no "docs" field`},
		{"paging field of the wrong type", `{"docs":[{"id":3}],"totalDocs":"many"}`, 1, `decoding "totalDocs": json: cannot unmarshal string`},
		{"trailing data", `{"docs":[{"id":3}],"hasNextPage":false} {"docs":[]}`, 1, "unexpected data after the JSON object"},
		{"another page than asked", `{"docs":[{"id":3}],"page":7,"hasNextPage":false}`, 1, "server answered page 7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newPageServer(t, map[int]string{1: page1, 2: tc.page2, 3: `{"docs":[]}`})

			items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

			pe := assertPageError(t, err, "POST "+srv.URL, 2, "POST "+srv.URL+" page 2: "+tc.wantErr)
			if pe.StatusCode != http.StatusOK {
				t.Errorf("StatusCode = %d, want 200", pe.StatusCode)
			}
			want := slices.Concat(fivePagesSummary[:3], []string{`p2 #0 {"id":3}`, `p2 #1 {"id":4}`}[:tc.wantDocs])
			assertSummary(t, items, want)
			assertNoPageDone(t, items, 2)
			if got := srv.Pages(); !slices.Equal(got, []int{1, 2}) {
				t.Errorf("pages requested = %v, want [1 2]", got)
			}
		})
	}
}

func TestPages_NonSuccessStatus(t *testing.T) {
	long := `{"error":"` + strings.Repeat("x", 300) + `"}`
	tests := []struct {
		name    string
		code    int
		body    string
		wantErr string
	}{
		{"not found", 404, `{"error":"Not Found"}`, `unexpected status 404 Not Found: {"error":"Not Found"}`},
		{"long body is cut", 500, long, "unexpected status 500 Internal Server Error: " + long[:200] + "…"},
		{"empty body", 503, "", "unexpected status 503 Service Unavailable"},
		{"control characters flattened", 400, "bad\nrequest\r\n", "unexpected status 400 Bad Request: bad request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.code)
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			url := srv.URL + "/v4/starlink/query"

			items, err := collect(t, Pages(context.Background(), queryFetcher(url, nil), PagerOptions{}))

			pe := assertPageError(t, err, "POST "+url, 1, "POST "+url+" page 1: "+tc.wantErr)
			if !strings.HasSuffix(err.Error(), tc.wantErr) {
				t.Errorf("error = %q, want it to end with %q", err, tc.wantErr)
			}
			if pe.StatusCode != tc.code {
				t.Errorf("StatusCode = %d, want %d", pe.StatusCode, tc.code)
			}
			if len(items) != 0 {
				t.Errorf("yielded %v before the error", summarize(items))
			}
		})
	}
}

func TestPages_FetchErrorStops(t *testing.T) {
	t.Run("fetcher error", func(t *testing.T) {
		boom := errors.New("boom")
		fetch := func(ctx context.Context, page int) (*http.Response, error) { return nil, boom }

		_, err := collect(t, Pages(context.Background(), fetch, PagerOptions{StartPage: 4}))

		assertPageError(t, err, "", 4, "page 4: boom")
		if !errors.Is(err, boom) {
			t.Errorf("error %v does not wrap the fetcher's error", err)
		}
	})
	t.Run("transport gives up", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		t.Cleanup(srv.Close)
		tr := transport.New(transport.Options{MaxAttempts: 2, BaseDelay: time.Millisecond})
		url := srv.URL + "/v4/launchpads/query"

		_, err := collect(t, Pages(context.Background(), queryFetcher(url, &http.Client{Transport: tr}), PagerOptions{}))

		assertPageError(t, err, "", 1, "POST "+url+": giving up after 2 attempts: last status 503 Service Unavailable")
		var re *transport.RetryError
		if !errors.As(err, &re) {
			t.Errorf("error %v does not wrap a *transport.RetryError", err)
		}
	})
}

func TestPages_DetectsLoopingNextPage(t *testing.T) {
	tests := []struct {
		name, page2, wantErr string
	}{
		{"nextPage is the same page", `{"docs":[{"id":3}],"hasNextPage":true,"nextPage":2}`, "nextPage 2 does not come after page 2"},
		{"nextPage goes back", `{"docs":[{"id":3}],"hasNextPage":true,"nextPage":1}`, "nextPage 1 does not come after page 2"},
		{"nextPage beyond totalPages", `{"docs":[{"id":3}],"totalPages":2,"hasNextPage":true,"nextPage":3}`, "nextPage 3 is beyond totalPages 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newPageServer(t, map[int]string{
				1: `{"docs":[{"id":1}],"hasNextPage":true,"nextPage":2}`,
				2: tc.page2,
			})

			items, err := collect(t, Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}))

			assertPageError(t, err, "POST "+srv.URL, 2, tc.wantErr)
			assertSummary(t, items, []string{`p1 #0 {"id":1}`, `p1 done (1 docs)`, `p2 #0 {"id":3}`})
			if got := srv.Pages(); !slices.Equal(got, []int{1, 2}) {
				t.Errorf("pages requested = %v, want [1 2]", got)
			}
		})
	}
}

// closeTracker records whether a body was closed.
type closeTracker struct {
	io.ReadCloser
	closed atomic.Bool
}

func (c *closeTracker) Close() error {
	c.closed.Store(true)
	return c.ReadCloser.Close()
}

func TestPages_ConsumerBreakClosesBody(t *testing.T) {
	docs := make([]string, 1000)
	for i := range docs {
		docs[i] = fmt.Sprintf(`{"id":%d,"name":"Starlink-%d"}`, i, i)
	}
	bodies := map[int]string{
		1: `{"docs":[` + strings.Join(docs, ",") + `],"hasNextPage":true,"nextPage":2}`,
		2: `{"docs":[{"id":"p2"}],"hasNextPage":false}`,
	}
	tests := []struct {
		name      string
		stopAfter func(PageItem) bool
	}{
		{"mid-page", func(it PageItem) bool { return it.Index == 2 }},
		{"on the page marker", func(it PageItem) bool { return it.PageDone }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newPageServer(t, bodies)
			var trackers []*closeTracker
			inner := queryFetcher(srv.URL, nil)
			fetch := func(ctx context.Context, page int) (*http.Response, error) {
				resp, err := inner(ctx, page)
				if err == nil {
					ct := &closeTracker{ReadCloser: resp.Body}
					trackers = append(trackers, ct)
					resp.Body = ct
				}
				return resp, err
			}

			for item, err := range Pages(context.Background(), fetch, PagerOptions{}) {
				assertNoError(t, err)
				if tc.stopAfter(item) {
					break
				}
			}

			if len(trackers) != 1 {
				t.Fatalf("fetched %d pages, want 1", len(trackers))
			}
			if !trackers[0].closed.Load() {
				t.Error("response body was not closed after the consumer broke out")
			}
		})
	}
}

func TestPages_StopsWhenContextCancelled(t *testing.T) {
	srv := newPageServer(t, fivePages("first"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var items []PageItem
	var err error
	for item, e := range Pages(ctx, queryFetcher(srv.URL, nil), PagerOptions{}) {
		if e != nil {
			err = e
			break
		}
		items = append(items, item)
		cancel()
	}

	assertPageError(t, err, "POST "+srv.URL, 1, "page 1: context canceled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	assertSummary(t, items, []string{`p1 #0 {"id":1}`})
}

func TestPages_StreamsDocumentsBeforeBodyEnds(t *testing.T) {
	firstSeen := make(chan struct{})
	streamed := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"docs":[{"id":1},`)
		http.NewResponseController(w).Flush()
		select {
		case <-firstSeen:
			streamed <- true
		case <-time.After(5 * time.Second):
			streamed <- false
		}
		io.WriteString(w, `{"id":2}],"hasNextPage":false}`)
	}))
	defer srv.Close()

	var once sync.Once
	items, err := collect(t, func(yield func(PageItem, error) bool) {
		for it, err := range Pages(context.Background(), queryFetcher(srv.URL, nil), PagerOptions{}) {
			once.Do(func() { close(firstSeen) })
			if !yield(it, err) {
				return
			}
		}
	})

	assertNoError(t, err)
	assertSummary(t, items, []string{`p1 #0 {"id":1}`, `p1 #1 {"id":2}`, `p1 done (2 docs)`})
	if !<-streamed {
		t.Error("the first document was only yielded after the whole body arrived")
	}
}

// ---- memory ----------------------------------------------------------------

// syntheticPage renders one page of n launch-like documents.
func syntheticPage(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"docs":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"5eb87cd9ffd86e000604b3%02x","flight_number":%d,"name":"Mission %d",`+
			`"date_utc":"2020-01-07T02:19:00.000Z","success":true,"upcoming":false,"details":null,`+
			`"cores":[{"core":"5e9e28a6f35918c0803b265c","flight":4,"reused":true,"landing_success":true}],`+
			`"payloads":["5eb0e4d0b6c3bb0006eeb253"],"links":{"patch":{"small":"https://images2.imgbox.com/x.png"}}}`,
			i%256, i, i)
	}
	b.WriteString(`],"totalDocs":` + strconv.Itoa(n) + `,"limit":` + strconv.Itoa(n) +
		`,"page":1,"totalPages":1,"pagingCounter":1,"hasPrevPage":false,"hasNextPage":false,"prevPage":null,"nextPage":null}`)
	return b.Bytes()
}

// countingReader counts bytes handed to the decoder.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// inMemoryFetcher serves body as page 1 without a network round trip and
// exposes how many body bytes have been consumed.
func inMemoryFetcher(body []byte, counter **countingReader) PageFetcher {
	req, _ := http.NewRequest(http.MethodPost, "https://api.spacexdata.com/v5/launches/query", nil)
	return func(ctx context.Context, page int) (*http.Response, error) {
		c := &countingReader{r: bytes.NewReader(body)}
		*counter = c
		return &http.Response{StatusCode: 200, Status: "200 OK", Body: io.NopCloser(c), Request: req}, nil
	}
}

// maxReadAhead walks one page and returns the largest number of body bytes
// consumed beyond the end of the document just yielded.
func maxReadAhead(tb testing.TB, body []byte) (docs, readAhead int) {
	var counter *countingReader
	consumed := len(`{"docs":[`)
	for item, err := range Pages(context.Background(), inMemoryFetcher(body, &counter), PagerOptions{}) {
		if err != nil {
			tb.Fatal(err)
		}
		if item.PageDone {
			break
		}
		consumed += len(item.Doc) + 1 // the document and its comma
		readAhead = max(readAhead, counter.n-consumed)
		docs++
	}
	return docs, readAhead
}

func TestPages_ReadAheadIsBoundedWhateverThePageSize(t *testing.T) {
	body := syntheticPage(10_000) // ≈ 4 MB
	docs, readAhead := maxReadAhead(t, body)
	if docs != 10_000 {
		t.Fatalf("yielded %d docs, want 10000", docs)
	}
	if readAhead > 64<<10 {
		t.Errorf("decoder read %d bytes ahead of the current document on a %d-byte page; want it bounded (streaming)", readAhead, len(body))
	}
}

// BenchmarkPages walks one synthetic page per iteration. allocs/doc and
// B/doc stay flat from 100 to 10,000 documents per page and max-readahead-B
// (body bytes buffered beyond the current document) does not grow with the
// page: one document is in memory at a time.
func BenchmarkPages(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			body := syntheticPage(n)
			var counter *countingReader
			fetch := inMemoryFetcher(body, &counter)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				for _, err := range Pages(context.Background(), fetch, PagerOptions{}) {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			runtime.ReadMemStats(&after)
			docs := float64(b.N) * float64(n)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/docs, "allocs/doc")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/docs, "B/doc")
			_, readAhead := maxReadAhead(b, body)
			b.ReportMetric(float64(readAhead), "max-readahead-B")
		})
	}
}

// ExamplePages walks every page of POST /v5/launches/query through the
// generated client and the retrying Transport, checkpointing after each
// complete page.
func ExamplePages() {
	// A stand-in for https://api.spacexdata.com serving 3 launches, 2 per page.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var q QueryRequest
		_ = json.NewDecoder(r.Body).Decode(&q)
		if *q.Options.Page == 1 {
			io.WriteString(w, `{"docs":[{"name":"FalconSat"},{"name":"DemoSat"}],"totalDocs":3,"limit":2,"page":1,"totalPages":2,"hasNextPage":true,"nextPage":2}`)
			return
		}
		io.WriteString(w, `{"totalDocs":3,"limit":2,"page":2,"totalPages":2,"hasNextPage":false,"nextPage":null,"docs":[{"name":"Trailblazer"}]}`)
	}))
	defer srv.Close()

	tr := transport.New(transport.Options{UserAgent: "tap-spacex/1.0.0"})
	c, err := NewClient(srv.URL, WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		panic(err)
	}
	limit := 2
	fetch := func(ctx context.Context, page int) (*http.Response, error) {
		return c.QueryLaunches(ctx, QueryLaunchesJSONRequestBody{
			Query:   map[string]any{},
			Options: &QueryOptions{Page: &page, Limit: &limit},
		})
	}

	for item, err := range Pages(context.Background(), fetch, PagerOptions{StartPage: 1}) {
		if err != nil {
			fmt.Println("error:", err) // a *PageError naming endpoint and page
			return
		}
		if item.PageDone {
			// Every document of item.Page has been handled: checkpoint here.
			fmt.Printf("STATE page %d/%d done (%d docs, %d in total)\n",
				item.Page, item.Info.TotalPages, item.Info.Docs, item.Info.TotalDocs)
			continue
		}
		fmt.Printf("RECORD page %d #%d %s\n", item.Page, item.Index, item.Doc)
	}
	fmt.Printf("%+v\n", tr.Stats())
	// Output:
	// RECORD page 1 #0 {"name":"FalconSat"}
	// RECORD page 1 #1 {"name":"DemoSat"}
	// STATE page 1/2 done (2 docs, 3 in total)
	// RECORD page 2 #0 {"name":"Trailblazer"}
	// STATE page 2/2 done (1 docs, 3 in total)
	// {Requests:2 Retries:0 Throttled:0 GaveUp:0}
}

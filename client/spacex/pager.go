package spacex

// Hand-written paginator over the API's POST /<resource>/query endpoints,
// which answer with the mongoose-paginate-v2 envelope
//
//	{"docs":[...], "totalDocs":N, "limit":L, "page":P, "totalPages":T,
//	 "hasNextPage":bool, "nextPage":int|null, "hasPrevPage":bool,
//	 "prevPage":int|null, "pagingCounter":N}
//
// in any field order. Each page is decoded as a token stream, so only one
// document is held in memory at a time whatever the page size.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
	"unicode"

	"github.com/spacex-elt/spacex-elt/client/keyset"
)

// errorBodyLimit is how much of a non-2xx response body a PageError quotes.
const errorBodyLimit = 200

// PageFetcher requests one page (1-based) of a query and returns the raw,
// unread response, e.g. by calling the generated client's QueryLaunches with
// options.page set to page. Pages reads and closes the body. The response
// should carry its Request (http.Client responses do) so errors can name the
// endpoint.
type PageFetcher func(ctx context.Context, page int) (*http.Response, error)

// PagerOptions configures Pages.
type PagerOptions struct {
	// StartPage is the first page fetched. Zero or negative means 1.
	StartPage int
}

// PageInfo is a page's envelope, read in full (whatever the field order)
// before the page is reported complete.
type PageInfo struct {
	// Endpoint is the method and URL the page came from
	// ("POST https://api.spacexdata.com/v5/launches/query"), "" if the
	// response carried no Request.
	Endpoint string
	// Page is the page number requested (and confirmed by the envelope).
	Page int
	// Docs is the number of documents that were yielded for this page.
	Docs int
	// The envelope's fields; a null or absent number is 0.
	TotalDocs     int
	Limit         int
	TotalPages    int
	PagingCounter int
	HasNextPage   bool
	NextPage      int
	HasPrevPage   bool
	PrevPage      int
}

// PageItem is one value yielded by Pages: either a document, or — when
// PageDone is true — the marker closing a page.
type PageItem struct {
	// Doc is one element of the page's "docs" array, byte for byte as the
	// server sent it (no re-encoding). Nil on a PageDone marker. A new slice
	// per document: callers may keep it.
	Doc json.RawMessage
	// Page is the page this item belongs to.
	Page int
	// Index is the document's 0-based position in its page; on a PageDone
	// marker, the page's document count.
	Index int
	// PageDone marks the end of Page: every document of the page has been
	// yielded before it, and the whole envelope (including paging fields that
	// follow "docs") was read and validated. It is yielded exactly once per
	// successfully read page, also for a page with no documents, and never
	// for a page that failed: a checkpoint (Singer STATE) taken on it covers
	// the whole page.
	PageDone bool
	// Info is the page's envelope; set only on the PageDone marker.
	Info PageInfo
}

// PageError is the error Pages yields: it names the endpoint and the page.
type PageError struct {
	// Endpoint is "METHOD URL" from the response's Request, "" if unknown
	// (e.g. when the fetch itself failed; its error then usually names the
	// URL already).
	Endpoint string
	// Page is the page being fetched or decoded.
	Page int
	// StatusCode is the response's HTTP status, 0 if there was no response.
	StatusCode int
	// Err is the cause: the fetch error, an "unexpected status" error, a
	// decoding error, or the context's error.
	Err error
}

func (e *PageError) Error() string {
	if e.Endpoint == "" {
		return fmt.Sprintf("page %d: %v", e.Page, e.Err)
	}
	return fmt.Sprintf("%s page %d: %v", e.Endpoint, e.Page, e.Err)
}

// Unwrap returns the cause.
func (e *PageError) Unwrap() error { return e.Err }

// Pages walks a paginated query from opts.StartPage, following
// hasNextPage/nextPage, and yields each page's documents in order followed
// by one PageDone marker for that page.
//
// After yielding an error (a *PageError) the iterator stops; so it does when
// the consumer breaks out of the loop. Response bodies are closed in every
// case. The context is checked between documents and before each fetch.
// A server whose nextPage does not move forward (or beyond totalPages) is
// reported as an error rather than followed.
//
// Each call of the returned sequence starts over from opts.StartPage.
func Pages(ctx context.Context, fetch PageFetcher, opts PagerOptions) iter.Seq2[PageItem, error] {
	start := max(opts.StartPage, 1)
	return func(yield func(PageItem, error) bool) {
		for page := start; ; {
			next, ok := walkPage(ctx, fetch, page, page, yield)
			if !ok || next == 0 {
				return
			}
			page = next
		}
	}
}

// envelope holds the paging fields seen so far; nil means absent or null.
type envelope struct {
	totalDocs, limit, page, totalPages, pagingCounter, nextPage, prevPage *int
	hasNextPage, hasPrevPage                                              *bool
}

// walkPage fetches and streams page of a query; label is the page's number in
// items and errors (page itself for Pages, the page's rank for KeysetFetch). It
// returns the next page to fetch (0 when there is none) and false when
// iteration must stop (an error was yielded or the consumer stopped).
func walkPage(ctx context.Context, fetch PageFetcher, page, label int, yield func(PageItem, error) bool) (next int, ok bool) {
	yield = relabel(page, label, yield)
	if err := ctx.Err(); err != nil {
		yield(PageItem{Page: page}, &PageError{Page: page, Err: err})
		return 0, false
	}
	resp, err := fetch(ctx, page)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		yield(PageItem{Page: page}, &PageError{Page: page, Err: err})
		return 0, false
	}
	if resp == nil || resp.Body == nil {
		yield(PageItem{Page: page}, &PageError{Page: page, Err: errors.New("fetcher returned no response")})
		return 0, false
	}
	defer resp.Body.Close()

	endpoint := endpointOf(resp.Request)
	fail := func(err error) (int, bool) {
		yield(PageItem{Page: page}, &PageError{Endpoint: endpoint, Page: page, StatusCode: resp.StatusCode, Err: err})
		return 0, false
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail(statusError(resp))
	}

	dec := json.NewDecoder(resp.Body)
	tok, err := dec.Token()
	if err == io.EOF {
		return fail(errors.New("empty response body"))
	}
	if err != nil {
		return fail(fmt.Errorf("decoding envelope: %w", err))
	}
	if d, isDelim := tok.(json.Delim); !isDelim || d != '{' {
		return fail(fmt.Errorf("expected a JSON object, got %s", describeToken(tok)))
	}

	var (
		env     envelope
		sawDocs bool
		count   int
		skip    json.RawMessage // reused buffer for unknown fields
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(fmt.Errorf("decoding envelope: %w", noEOF(err)))
		}
		key, _ := tok.(string) // inside an object, Token yields keys as strings
		var target any
		switch key {
		case "docs":
			if sawDocs {
				return fail(errors.New(`duplicate "docs" field`))
			}
			sawDocs = true
			tok, err := dec.Token()
			if err != nil {
				return fail(fmt.Errorf("decoding docs: %w", noEOF(err)))
			}
			if d, isDelim := tok.(json.Delim); !isDelim || d != '[' {
				return fail(fmt.Errorf(`"docs" is %s, not an array`, describeToken(tok)))
			}
			for dec.More() {
				if err := ctx.Err(); err != nil {
					return fail(err)
				}
				var doc json.RawMessage
				if err := dec.Decode(&doc); err != nil {
					return fail(fmt.Errorf("decoding docs: %w", noEOF(err)))
				}
				if !yield(PageItem{Doc: doc, Page: page, Index: count}, nil) {
					return 0, false
				}
				count++
			}
			if _, err := dec.Token(); err != nil { // the closing ']'
				return fail(fmt.Errorf("decoding docs: %w", noEOF(err)))
			}
			continue
		case "totalDocs":
			target = &env.totalDocs
		case "limit":
			target = &env.limit
		case "page":
			target = &env.page
		case "totalPages":
			target = &env.totalPages
		case "pagingCounter":
			target = &env.pagingCounter
		case "nextPage":
			target = &env.nextPage
		case "prevPage":
			target = &env.prevPage
		case "hasNextPage":
			target = &env.hasNextPage
		case "hasPrevPage":
			target = &env.hasPrevPage
		default:
			target = &skip
		}
		if err := dec.Decode(target); err != nil {
			return fail(fmt.Errorf("decoding %q: %w", key, noEOF(err)))
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return fail(fmt.Errorf("decoding envelope: %w", noEOF(err)))
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return fail(errors.New("unexpected data after the JSON object"))
		}
		return fail(fmt.Errorf("decoding envelope: %w", err))
	}

	if !sawDocs {
		return fail(errors.New(`not a paginated response: no "docs" field`))
	}
	if env.page != nil && *env.page != page {
		return fail(fmt.Errorf("server answered page %d", *env.page))
	}
	info := PageInfo{
		Endpoint:      endpoint,
		Page:          page,
		Docs:          count,
		TotalDocs:     deref(env.totalDocs),
		Limit:         deref(env.limit),
		TotalPages:    deref(env.totalPages),
		PagingCounter: deref(env.pagingCounter),
		HasNextPage:   deref(env.hasNextPage),
		NextPage:      deref(env.nextPage),
		HasPrevPage:   deref(env.hasPrevPage),
		PrevPage:      deref(env.prevPage),
	}
	switch {
	case env.hasNextPage != nil && !*env.hasNextPage:
		next = 0
	case env.nextPage != nil:
		next = *env.nextPage
	case info.HasNextPage: // hasNextPage true, nextPage null or absent
		next = page + 1
	}
	if next != 0 {
		if next <= page {
			return fail(fmt.Errorf("nextPage %d does not come after page %d", next, page))
		}
		if info.TotalPages > 0 && next > info.TotalPages {
			return fail(fmt.Errorf("nextPage %d is beyond totalPages %d", next, info.TotalPages))
		}
	}

	if !yield(PageItem{Page: page, Index: count, PageDone: true, Info: info}, nil) {
		return 0, false
	}
	return next, true
}

// relabel numbers the items and errors of page as label.
func relabel(page, label int, yield func(PageItem, error) bool) func(PageItem, error) bool {
	if page == label {
		return yield
	}
	return func(item PageItem, err error) bool {
		item.Page, item.Info.Page = label, label
		var pe *PageError
		if errors.As(err, &pe) {
			pe.Page = label
		}
		return yield(item, err)
	}
}

// KeysetQuery is the body of the keyset page after id after (the first page when after is
// ""): {"query":{"_id":{"$gt":after}},"options":{"sort":"_id","limit":limit,"page":1}}.
func KeysetQuery(after string, limit int) (QueryRequest, error) {
	var sort QuerySort
	if err := sort.FromQueryFieldString("_id"); err != nil {
		return QueryRequest{}, fmt.Errorf("building sort: %w", err)
	}
	query := map[string]any{}
	if after != "" {
		query["_id"] = map[string]any{"$gt": after}
	}
	page := 1
	return QueryRequest{Query: query, Options: &QueryOptions{Sort: &sort, Limit: &limit, Page: &page}}, nil
}

// KeysetFetch is a keyset.Fetch over a POST /query route: query sends the page of documents
// after an id (the generated Query<Resource> with KeysetQuery's body), and the envelope's
// documents are streamed to the pager one at a time, as Pages does. Its errors are
// *PageError, numbered with the page's rank in the keyset walk.
func KeysetFetch(query func(ctx context.Context, after string) (*http.Response, error)) keyset.Fetch[string] {
	return func(ctx context.Context, page int, after string, each func(json.RawMessage) bool) (bool, error) {
		var err error
		fetch := func(ctx context.Context, _ int) (*http.Response, error) { return query(ctx, after) }
		next, _ := walkPage(ctx, fetch, 1, page, func(item PageItem, e error) bool {
			switch {
			case e != nil:
				err = e
				return false
			case item.PageDone:
				return true
			}
			return each(item.Doc)
		})
		return next != 0, err
	}
}

// DocID is a document's key for keyset paging: its "id" property (see KeysetFetch).
func DocID(doc json.RawMessage) (string, error) { return idOf(doc) }

// idOf reads a document's "id" property: a scan of the top-level members that decodes
// nothing else (it runs for every document), falling back to encoding/json for anything
// unusual (escapes in the key or the id).
func idOf(doc json.RawMessage) (string, error) {
	if id, ok := scanTopLevelID(doc); ok {
		return id, nil
	}
	var d struct {
		ID *string `json:"id"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return "", fmt.Errorf("reading its id: %w", err)
	}
	if d.ID == nil || *d.ID == "" {
		return "", errors.New("it has no id")
	}
	return *d.ID, nil
}

// scanTopLevelID finds the plain string value of the top-level "id" member of a JSON
// object; ok is false when there is none or when it, or the object, is not plain (the
// caller then decodes the document properly).
func scanTopLevelID(doc []byte) (id string, ok bool) {
	i := skipSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return "", false
	}
	i++
	for {
		i = skipSpace(doc, i)
		if i >= len(doc) || doc[i] != '"' {
			return "", false // '}' (no id) or not JSON as expected
		}
		keyEnd, plain := stringEnd(doc, i)
		if keyEnd < 0 {
			return "", false
		}
		isID := plain && string(doc[i+1:keyEnd]) == "id"
		i = skipSpace(doc, keyEnd+1)
		if i >= len(doc) || doc[i] != ':' {
			return "", false
		}
		i = skipSpace(doc, i+1)
		if isID {
			if i >= len(doc) || doc[i] != '"' {
				return "", false
			}
			end, plain := stringEnd(doc, i)
			if end < 0 || !plain {
				return "", false
			}
			return string(doc[i+1 : end]), true
		}
		if i = valueEnd(doc, i); i < 0 {
			return "", false
		}
		i = skipSpace(doc, i)
		if i >= len(doc) || doc[i] != ',' {
			return "", false
		}
		i++
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index of the quote closing the string that opens at b[i], and
// whether the string has no escapes; -1 when it does not close.
func stringEnd(b []byte, i int) (int, bool) {
	plain := true
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			plain = false
			j++
		case '"':
			return j, plain
		}
	}
	return -1, false
}

// valueEnd returns the index just after the JSON value that starts at b[i]; -1 when it
// does not end.
func valueEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			end, _ := stringEnd(b, i)
			if end < 0 {
				return -1
			}
			i = end
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object: a scalar just ended
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
	}
	if depth == 0 {
		return i
	}
	return -1
}

func endpointOf(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	return method + " " + req.URL.Redacted()
}

// statusError describes a non-2xx response, quoting the start of its body.
func statusError(resp *http.Response) error {
	buf, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit+1))
	truncated := len(buf) > errorBodyLimit
	if truncated {
		buf = buf[:errorBodyLimit]
	}
	snippet := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(bytes.TrimSpace(buf)), "\uFFFD"))
	if truncated {
		snippet += "…"
	}
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if snippet == "" {
		return fmt.Errorf("unexpected status %s", status)
	}
	return fmt.Errorf("unexpected status %s: %s", status, snippet)
}

// noEOF turns a bare io.EOF met inside the envelope into io.ErrUnexpectedEOF:
// the body ended before the JSON did.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		if v == '{' {
			return "an object"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

package tap

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/spacex-elt/spacex-elt/client"
)

// maxConcurrentStreams bounds how many streams are read at once.
const maxConcurrentStreams = 4

// apiTimeLayout is how the API writes date_utc, and how the tap writes it in queries.
const apiTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Syncer reads the selected streams and writes their Singer messages.
type Syncer struct {
	Config    Config
	Catalog   Catalog // the catalog of every stream, from discovery or --catalog
	Selection Selection
	Out       *Output
	Logger    *slog.Logger
	// Now returns the time stamped on records as time_extracted; time.Now when nil.
	Now func() time.Time

	api   *client.Client
	mu    sync.Mutex // guards state and its STATE messages
	state State
}

// streamSummary is what a stream's sync reports when it ends.
type streamSummary struct {
	Records int
	Pages   int
}

// Run syncs every selected stream, at most maxConcurrentStreams at once, starting from state.
// It returns the first error; the other streams are then cancelled. A STATE message is only
// written after every record it covers.
func (s *Syncer) Run(ctx context.Context, state State) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	s.state = State{Bookmarks: map[string]Bookmark{}}
	maps.Copy(s.state.Bookmarks, state.Bookmarks)

	transport := client.NewTransport(client.TransportOptions{
		UserAgent:   s.Config.UserAgent,
		MaxAttempts: s.Config.MaxAttempts,
		Logger:      s.Logger,
	})
	api, err := client.NewClient(s.Config.BaseURL, client.WithHTTPClient(&http.Client{
		Transport: transport,
		Timeout:   s.Config.RequestTimeout(),
	}))
	if err != nil {
		return fmt.Errorf("creating API client for %s: %w", s.Config.BaseURL, err)
	}
	s.api = api

	entries := map[string]CatalogEntry{}
	for _, e := range s.Catalog.Streams {
		entries[e.TapStreamID] = e
	}
	for _, name := range slices.Sorted(maps.Keys(s.Selection)) {
		if _, ok := entries[name]; !ok {
			return fmt.Errorf("stream %s: selected but not in the catalog", name)
		}
	}
	var streams []Stream
	for _, st := range Streams() {
		if _, ok := s.Selection[st.Name]; ok {
			streams = append(streams, st)
		}
	}

	started := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, maxConcurrentStreams)
	var wg sync.WaitGroup
	errs := make([]error, len(streams))
	for i, st := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			t0 := time.Now()
			sum, err := s.syncStream(ctx, st, entries[st.Name])
			if err != nil {
				errs[i] = fmt.Errorf("stream %s: %w", st.Name, err)
				cancel(errs[i])
				return
			}
			s.Logger.Info("stream done", "stream", st.Name, "records", sum.Records, "pages", sum.Pages,
				"seconds", time.Since(t0).Round(time.Millisecond).Seconds())
		}()
	}
	wg.Wait()
	stats := transport.Stats()
	s.Logger.Info("sync summary", "streams", len(streams), "requests", stats.Requests, "retries", stats.Retries,
		"seconds", time.Since(started).Round(time.Millisecond).Seconds())
	// The first stream to fail cancelled the others: report the streams that failed on their
	// own, not those that stopped because of it (whose errors only repeat its cause).
	cause := context.Cause(ctx)
	var failed []error
	for _, err := range errs {
		if err != nil && (err == cause || cause == nil || !errors.Is(err, cause) && !errors.Is(err, context.Canceled)) {
			failed = append(failed, err)
		}
	}
	if err := errors.Join(failed...); err != nil {
		return err
	}
	if cause != nil { // ctx itself was cancelled: the run was interrupted
		return fmt.Errorf("sync stopped: %w", cause)
	}
	return s.Out.Flush()
}

func (s *Syncer) syncStream(ctx context.Context, st Stream, entry CatalogEntry) (streamSummary, error) {
	schema := SchemaMessage{Type: "SCHEMA", Stream: st.Name, Schema: selectedSchema(entry.Schema, s.Selection[st.Name]),
		KeyProperties: keyProperties}
	if st.ReplicationKey != "" {
		schema.BookmarkProperties = []string{st.ReplicationKey}
	}
	if err := s.Out.Write(schema); err != nil {
		return streamSummary{}, err
	}
	switch {
	case st.get != nil:
		return s.syncSingle(ctx, st)
	case st.Method == Incremental:
		return s.syncIncremental(ctx, st)
	default:
		return s.syncFullTable(ctx, st)
	}
}

// syncFullTable reads every page of a stream. After each complete page it records the next
// page in the stream's bookmark, so an interrupted run resumes there with the same table
// version; at the end it clears that position and activates the version, which tells the
// target that rows of older versions are gone at the source.
func (s *Syncer) syncFullTable(ctx context.Context, st Stream) (streamSummary, error) {
	bm := s.bookmark(st.Name)
	if bm.Version == 0 || bm.NextPage == 0 {
		bm = Bookmark{Version: s.Now().UnixMilli(), NextPage: 1}
	} else {
		s.Logger.Info("resuming stream", "stream", st.Name, "page", bm.NextPage, "version", bm.Version)
	}
	sum, err := s.readPages(ctx, st, client.QueryRequest{}, bm.NextPage, bm.Version, func(page int, _ []json.RawMessage) error {
		bm.NextPage = page + 1
		return s.saveBookmark(st.Name, bm)
	})
	if err != nil {
		return sum, err
	}
	if err := s.Out.Write(ActivateVersionMessage{Type: "ACTIVATE_VERSION", Stream: st.Name, Version: bm.Version}); err != nil {
		return sum, err
	}
	return sum, s.saveBookmark(st.Name, Bookmark{})
}

// launchPosition is what the incremental sync reads of a launch to move its bookmark.
type launchPosition struct {
	ID       string  `json:"id"`
	DateUTC  *string `json:"date_utc"`
	Upcoming *bool   `json:"upcoming"`
}

// syncIncremental reads the launches changed since the bookmark: those dated on or after the
// bookmark less the look-back window, every upcoming launch, and every launch that was
// upcoming at the last run. Pages are sorted by date, then id.
func (s *Syncer) syncIncremental(ctx context.Context, st Stream) (streamSummary, error) {
	prev := s.bookmark(st.Name)
	since := s.Config.StartDate
	if prev.ReplicationKeyValue != "" {
		t, err := time.Parse(time.RFC3339Nano, prev.ReplicationKeyValue)
		if err != nil {
			return streamSummary{}, fmt.Errorf("state: bookmark %s %q is not a date-time: %w", st.ReplicationKey, prev.ReplicationKeyValue, err)
		}
		since = t.AddDate(0, 0, -s.Config.LookbackDays)
	}
	filter := map[string]any{}
	if !since.IsZero() {
		or := []any{
			map[string]any{st.ReplicationKey: map[string]any{"$gte": since.UTC().Format(apiTimeLayout)}},
			map[string]any{"upcoming": true},
		}
		if len(prev.UpcomingIDs) > 0 {
			or = append(or, map[string]any{"_id": map[string]any{"$in": prev.UpcomingIDs}})
		}
		filter["$or"] = or
	}
	var sort client.QuerySort
	if err := sort.FromQueryFieldString(st.ReplicationKey + " _id"); err != nil {
		return streamSummary{}, fmt.Errorf("building sort: %w", err)
	}
	s.Logger.Info("incremental read", "stream", st.Name, "since", since.Format(time.RFC3339), "upcoming_ids", len(prev.UpcomingIDs))

	bm := Bookmark{ReplicationKey: st.ReplicationKey, ReplicationKeyValue: prev.ReplicationKeyValue}
	latest := time.Time{}
	if bm.ReplicationKeyValue != "" {
		latest, _ = time.Parse(time.RFC3339Nano, bm.ReplicationKeyValue)
	}
	var upcoming []string
	body := client.QueryRequest{Query: filter, Options: &client.QueryOptions{Sort: &sort}}
	sum, err := s.readPages(ctx, st, body, 1, 0, func(page int, docs []json.RawMessage) error {
		for i, doc := range docs {
			var p launchPosition
			if err := json.Unmarshal(doc, &p); err != nil {
				return fmt.Errorf("page %d document %d: %w", page, i, err)
			}
			if p.Upcoming != nil && *p.Upcoming {
				upcoming = append(upcoming, p.ID)
				continue
			}
			if p.DateUTC == nil {
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, *p.DateUTC)
			if err != nil {
				return fmt.Errorf("page %d document %s: %s %q is not a date-time: %w", page, p.ID, st.ReplicationKey, *p.DateUTC, err)
			}
			if t.After(latest) {
				latest = t
				bm.ReplicationKeyValue = *p.DateUTC
			}
		}
		// Until the run completes, keep the upcoming launches of the last run too.
		bm.UpcomingIDs = union(prev.UpcomingIDs, upcoming)
		return s.saveBookmark(st.Name, bm)
	})
	if err != nil {
		return sum, err
	}
	bm.UpcomingIDs = union(nil, upcoming)
	return sum, s.saveBookmark(st.Name, bm)
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// readPages walks a stream's POST /query pages from startPage and writes each document as a
// RECORD. After each complete page it calls pageDone with the page's documents (as written),
// which moves the bookmark.
func (s *Syncer) readPages(ctx context.Context, st Stream, body client.QueryRequest, startPage int, version int64,
	pageDone func(page int, docs []json.RawMessage) error) (streamSummary, error) {
	var sum streamSummary
	pageSize := s.Config.PageSize
	fetch := func(ctx context.Context, page int) (*http.Response, error) {
		b := body
		opts := client.QueryOptions{}
		if body.Options != nil {
			opts = *body.Options
		}
		opts.Limit, opts.Page = &pageSize, &page
		b.Options = &opts
		if b.Query == nil {
			b.Query = map[string]any{}
		}
		return st.query(ctx, s.api, b)
	}
	excluded := s.Selection[st.Name]
	var docs []json.RawMessage
	for item, err := range client.Pages(ctx, fetch, client.PagerOptions{StartPage: startPage}) {
		if err != nil {
			return sum, err
		}
		if item.PageDone {
			sum.Pages++
			s.Logger.Debug("page done", "stream", st.Name, "page", item.Page, "records", sum.Records, "total", item.Info.TotalDocs)
			if err := pageDone(item.Page, docs); err != nil {
				return sum, err
			}
			docs = docs[:0]
			continue
		}
		if err := s.writeRecord(st, item.Doc, excluded, version); err != nil {
			return sum, fmt.Errorf("page %d document %d: %w", item.Page, item.Index, err)
		}
		if st.Method == Incremental {
			docs = append(docs, item.Doc)
		}
		sum.Records++
	}
	return sum, nil
}

// syncSingle reads a resource that is one document (company, roadster).
func (s *Syncer) syncSingle(ctx context.Context, st Stream) (streamSummary, error) {
	resp, err := st.get(ctx, s.api)
	if err != nil {
		return streamSummary{}, err
	}
	defer resp.Body.Close()
	endpoint := resp.Request.Method + " " + resp.Request.URL.Redacted()
	if resp.StatusCode != http.StatusOK {
		return streamSummary{}, fmt.Errorf("%s: unexpected status %s", endpoint, resp.Status)
	}
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		return streamSummary{}, fmt.Errorf("%s: reading body: %w", endpoint, err)
	}
	if !json.Valid(doc) {
		return streamSummary{}, fmt.Errorf("%s: the body is not valid JSON", endpoint)
	}
	version := s.Now().UnixMilli()
	if err := s.writeRecord(st, doc, s.Selection[st.Name], version); err != nil {
		return streamSummary{}, fmt.Errorf("%s: %w", endpoint, err)
	}
	if err := s.Out.Write(ActivateVersionMessage{Type: "ACTIVATE_VERSION", Stream: st.Name, Version: version}); err != nil {
		return streamSummary{}, err
	}
	return streamSummary{Records: 1, Pages: 1}, s.saveBookmark(st.Name, Bookmark{})
}

func (s *Syncer) writeRecord(st Stream, doc json.RawMessage, excluded map[string]bool, version int64) error {
	record, err := project(doc, excluded)
	if err != nil {
		return err
	}
	return s.Out.Write(RecordMessage{
		Type:          "RECORD",
		Stream:        st.Name,
		Record:        record,
		Version:       version,
		TimeExtracted: s.Now().UTC(),
	})
}

func (s *Syncer) bookmark(stream string) Bookmark {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Bookmarks[stream]
}

// saveBookmark sets a stream's bookmark (an empty one removes it) and writes the whole state.
// The lock is held across the write so STATE messages leave in the order bookmarks move.
func (s *Syncer) saveBookmark(stream string, bm Bookmark) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bm.isZero() {
		delete(s.state.Bookmarks, stream)
	} else {
		s.state.Bookmarks[stream] = bm
	}
	return s.Out.WriteState(State{Bookmarks: maps.Clone(s.state.Bookmarks)})
}

// selectedSchema is a stream's schema without the properties its selection leaves out, so
// the SCHEMA message announces only what the records carry (as the Singer SDK does): a
// target does not create columns for deselected properties. The catalog's schema is not
// modified.
func selectedSchema(schema map[string]any, excluded map[string]bool) map[string]any {
	props, ok := schema["properties"].(map[string]any)
	if len(excluded) == 0 || !ok {
		return schema
	}
	kept := maps.Clone(props)
	for name := range excluded {
		delete(kept, name)
	}
	out := maps.Clone(schema)
	out["properties"] = kept
	return out
}

// project checks that a document is a JSON object and leaves out the excluded top-level
// properties. With nothing excluded the document passes through byte for byte.
func project(doc json.RawMessage, excluded map[string]bool) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(doc)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("document is not a JSON object: %.40s", trimmed)
	}
	if len(excluded) == 0 {
		return doc, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(doc, &fields); err != nil {
		return nil, fmt.Errorf("decoding document: %w", err)
	}
	for name := range excluded {
		delete(fields, name)
	}
	out, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("encoding document: %w", err)
	}
	return out, nil
}

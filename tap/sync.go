package tap

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Syncer reads the selected streams and writes their Singer messages.
type Syncer struct {
	Config    Config
	Catalog   Catalog // the catalog of every stream, from discovery or --catalog
	Selection Selection
	Out       *Output
	Logger    *slog.Logger
	// Now returns the time stamped on records as time_extracted; time.Now when nil.
	Now func() time.Time

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

	entries := map[string]CatalogEntry{}
	for _, e := range s.Catalog.Streams {
		entries[e.TapStreamID] = e
	}
	var streams []Stream
	for _, st := range Streams() {
		if _, ok := s.Selection[st.Name]; ok {
			streams = append(streams, st)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Selection)) {
		if _, ok := entries[name]; !ok {
			return fmt.Errorf("stream %s: selected but not in the catalog", name)
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
			sum, err := s.syncStream(ctx, api, st, entries[st.Name])
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
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return s.Out.Flush()
}

// syncStream reads one stream page by page. After each complete page it records the next page
// in the stream's bookmark, so an interrupted run resumes there with the same table version;
// at the end it clears that position and activates the version, which tells the target that
// rows of older versions are gone at the source.
func (s *Syncer) syncStream(ctx context.Context, api *client.Client, st Stream, entry CatalogEntry) (streamSummary, error) {
	var sum streamSummary
	if err := s.Out.Write(SchemaMessage{
		Type:          "SCHEMA",
		Stream:        st.Name,
		Schema:        entry.Schema,
		KeyProperties: keyProperties,
	}); err != nil {
		return sum, err
	}

	bm := s.bookmark(st.Name)
	if bm.Version == 0 || bm.NextPage == 0 {
		bm = Bookmark{Version: s.Now().UnixMilli(), NextPage: 1}
	} else {
		s.Logger.Info("resuming stream", "stream", st.Name, "page", bm.NextPage, "version", bm.Version)
	}

	pageSize := s.Config.PageSize
	fetch := func(ctx context.Context, page int) (*http.Response, error) {
		return st.query(ctx, api, client.QueryRequest{
			Options: &client.QueryOptions{Limit: &pageSize, Page: &page},
		})
	}
	excluded := s.Selection[st.Name]
	for item, err := range client.Pages(ctx, fetch, client.PagerOptions{StartPage: bm.NextPage}) {
		if err != nil {
			return sum, err
		}
		if item.PageDone {
			sum.Pages++
			s.Logger.Debug("page done", "stream", st.Name, "page", item.Page, "records", sum.Records,
				"total", item.Info.TotalDocs)
			bm.NextPage = item.Page + 1
			if err := s.saveBookmark(st.Name, bm); err != nil {
				return sum, err
			}
			continue
		}
		record, err := project(item.Doc, excluded)
		if err != nil {
			return sum, fmt.Errorf("page %d document %d: %w", item.Page, item.Index, err)
		}
		if err := s.Out.Write(RecordMessage{
			Type:          "RECORD",
			Stream:        st.Name,
			Record:        record,
			Version:       bm.Version,
			TimeExtracted: s.Now().UTC(),
		}); err != nil {
			return sum, err
		}
		sum.Records++
	}
	if err := s.Out.Write(ActivateVersionMessage{Type: "ACTIVATE_VERSION", Stream: st.Name, Version: bm.Version}); err != nil {
		return sum, err
	}
	return sum, s.saveBookmark(st.Name, Bookmark{})
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
	if bm == (Bookmark{}) {
		delete(s.state.Bookmarks, stream)
	} else {
		s.state.Bookmarks[stream] = bm
	}
	return s.Out.WriteState(State{Bookmarks: maps.Clone(s.state.Bookmarks)})
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

package singer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"
)

// DefaultMaxConcurrentStreams bounds how many streams are read at once when
// Syncer.MaxConcurrentStreams is 0.
const DefaultMaxConcurrentStreams = 4

// Syncer reads the selected streams and writes their Singer messages.
type Syncer struct {
	// Streams are every stream of the tap.
	Streams []Stream
	// Catalog is the catalog of every stream, from discovery or --catalog; SCHEMA messages
	// carry its schemas.
	Catalog   Catalog
	Selection Selection
	Out       *Output
	Logger    *slog.Logger
	// Now returns the time stamped on records as time_extracted, and the new table versions;
	// time.Now when nil.
	Now func() time.Time
	// MaxConcurrentStreams bounds how many streams are read at once;
	// DefaultMaxConcurrentStreams when 0.
	MaxConcurrentStreams int

	mu    sync.Mutex // guards state and its STATE messages
	state State
}

// streamSummary is what a stream's sync reports when it ends.
type streamSummary struct {
	Records int
	Pages   int
	// Unchanged: the stream said its source has not changed since its bookmark (Item.Unchanged).
	Unchanged bool
}

// Run syncs every selected stream, at most MaxConcurrentStreams at once, starting from state.
// It returns the first error; the other streams are then cancelled. A STATE message is only
// written after every record it covers. Whatever happens, every message written is flushed
// whole before Run returns.
func (s *Syncer) Run(ctx context.Context, state State) (err error) {
	defer func() {
		if ferr := s.Out.Flush(); ferr != nil {
			err = errors.Join(err, ferr)
		}
	}()
	if s.Now == nil {
		s.Now = time.Now
	}
	s.state = State{Bookmarks: map[string]Bookmark{}}
	maps.Copy(s.state.Bookmarks, state.Bookmarks)

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
	for _, st := range s.Streams {
		if _, ok := s.Selection[st.Name()]; ok {
			streams = append(streams, st)
		}
	}

	limit := s.MaxConcurrentStreams
	if limit <= 0 {
		limit = DefaultMaxConcurrentStreams
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, limit)
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
			sum, err := s.syncStream(ctx, st, entries[st.Name()])
			if err != nil {
				errs[i] = fmt.Errorf("stream %s: %w", st.Name(), err)
				cancel(errs[i])
				return
			}
			s.Logger.Info("stream done", "stream", st.Name(), "records", sum.Records, "pages", sum.Pages,
				"seconds", time.Since(t0).Round(time.Millisecond).Seconds())
		}()
	}
	wg.Wait()
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
	return nil
}

func (s *Syncer) syncStream(ctx context.Context, st Stream, entry CatalogEntry) (streamSummary, error) {
	schema := SchemaMessage{Type: "SCHEMA", Stream: st.Name(), Schema: selectedSchema(entry.Schema, s.Selection[st.Name()]),
		KeyProperties: st.KeyProperties()}
	if k := st.ReplicationKey(); k != "" {
		schema.BookmarkProperties = []string{k}
	}
	if err := s.Out.Write(schema); err != nil {
		return streamSummary{}, err
	}
	if st.ReplicationMethod() == Incremental {
		return s.syncIncremental(ctx, st)
	}
	return s.syncFullTable(ctx, st)
}

// syncFullTable reads every record of a stream under one table version. After each
// checkpoint it records the stream's position and the version in the stream's bookmark, so
// an interrupted run resumes there with the same version; at the end it activates the
// version, which tells the target that rows of older versions are gone at the source, and
// clears the bookmark.
func (s *Syncer) syncFullTable(ctx context.Context, st Stream) (streamSummary, error) {
	bm := s.bookmark(st.Name())
	from := Bookmark{After: bm.After}
	switch {
	case bm.Version != 0 && bm.After != "":
		s.Logger.Info("resuming stream", "stream", st.Name(), "after", bm.After, "version", bm.Version)
	case bm.NextPage != 0:
		// A page number does not say which documents were read once the source has changed
		// or the page size is another: read the stream again, under a new version.
		s.Logger.Warn("the state's position is a page number, which cannot be resumed safely: reading the stream again from the start",
			"stream", st.Name(), "next_page", bm.NextPage, "old_version", bm.Version)
		fallthrough
	default:
		// A finished run's bookmark holds only the stream's own fields (Extra: e.g. a source's
		// ETag); the stream is given them to ask the source whether anything changed.
		var kept Bookmark
		if bm.Version == 0 && bm.After == "" {
			kept.Extra = bm.Extra
		}
		bm, from = Bookmark{Version: s.Now().UnixMilli()}, kept
	}
	sum, err := s.read(ctx, st, from, bm.Version, func(cp Bookmark) error {
		cp.Version = bm.Version
		bm = cp
		return s.saveBookmark(st.Name(), bm)
	})
	if err != nil {
		return sum, err
	}
	if sum.Unchanged {
		// The source says nothing changed since the bookmark: the table stays as loaded (an
		// ACTIVATE_VERSION of this empty version would delete every row) and so does the state.
		s.Logger.Info("stream unchanged at the source: nothing loaded, table and state kept", "stream", st.Name())
		return sum, nil
	}
	if err := s.Out.Write(ActivateVersionMessage{Type: "ACTIVATE_VERSION", Stream: st.Name(), Version: bm.Version}); err != nil {
		return sum, err
	}
	// The stream's own fields of its last checkpoint (Extra) outlive the version: the next run
	// starts from them.
	return sum, s.saveBookmark(st.Name(), Bookmark{Extra: bm.Extra})
}

// syncIncremental reads the records a stream's bookmark says are new and saves each
// checkpoint the stream yields as its bookmark.
func (s *Syncer) syncIncremental(ctx context.Context, st Stream) (streamSummary, error) {
	return s.read(ctx, st, s.bookmark(st.Name()), 0, func(cp Bookmark) error {
		return s.saveBookmark(st.Name(), cp)
	})
}

// read writes the records of st.Read as RECORD messages and hands each checkpoint to saved.
// A record_count METRIC line after each page, and one when the stream ends, shows progress.
func (s *Syncer) read(ctx context.Context, st Stream, from Bookmark, version int64, saved func(Bookmark) error) (sum streamSummary, err error) {
	excluded := s.Selection[st.Name()]
	counted, lines := 0, 0 // records in record_count lines so far, and the lines
	count := func() {
		if n := sum.Records - counted; n > 0 || lines == 0 {
			LogMetric(ctx, s.Logger, RecordCount(st.Name(), n))
			counted, lines = sum.Records, lines+1
		}
	}
	defer count() // also after an error: the records written so far
	for item, err := range st.Read(ctx, from) {
		if err != nil {
			return sum, err
		}
		if item.Unchanged {
			if sum.Records > 0 || version == 0 {
				return sum, errors.New("the stream reported its source unchanged after records, or outside a full-table sync")
			}
			sum.Unchanged = true
			continue
		}
		if item.Checkpoint != nil {
			if item.Page > 0 {
				sum.Pages++
				s.Logger.Debug("page done", "stream", st.Name(), "page", item.Page, "records", sum.Records)
				if sum.Records > counted {
					count()
				}
			}
			if err := saved(*item.Checkpoint); err != nil {
				return sum, err
			}
			continue
		}
		if err := s.writeRecord(st.Name(), item.Record, excluded, version); err != nil {
			if item.Page > 0 {
				return sum, fmt.Errorf("page %d document %d: %w", item.Page, item.Index, err)
			}
			return sum, fmt.Errorf("document %d: %w", item.Index, err)
		}
		sum.Records++
	}
	return sum, nil
}

func (s *Syncer) writeRecord(stream string, doc json.RawMessage, excluded map[string]bool, version int64) error {
	record, err := project(doc, excluded)
	if err != nil {
		return err
	}
	return s.Out.Write(RecordMessage{
		Type:          "RECORD",
		Stream:        stream,
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
	if bm.IsZero() {
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

// Project checks that a document is a JSON object and leaves out the excluded top-level
// properties. With nothing excluded the document passes through byte for byte.
func Project(doc json.RawMessage, excluded map[string]bool) (json.RawMessage, error) {
	return project(doc, excluded)
}

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

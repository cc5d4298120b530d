package spacetrack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"time"

	"github.com/spacex-elt/spacex-elt/client/keyset"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

const satcatStream = "satcat"

// satcatKey is the stream's key: the catalogue number, unique per object.
const satcatKey = "NORAD_CAT_ID"

// querier is what the stream needs of a Space-Track session (client/spacetrack.Session).
type querier interface {
	QuerySatcat(ctx context.Context, predicates string) ([]json.RawMessage, error)
	Logout(ctx context.Context) error
}

// satcat is the satellite catalogue, read in full each run: every object whose name contains
// Config.SatName and whose type is Config.ObjectType, in NORAD_CAT_ID order, page_size at a
// time, each page asking for the entries after the last NORAD_CAT_ID of the previous one
// (client/keyset, as tap-spacex: a page boundary cannot shift when entries are added or
// removed meanwhile).
//
// Replication is FULL_TABLE with ACTIVATE_VERSION, not incremental. The catalogue rewrites old
// entries: a satellite launched in 2020 gets its DECAY (re-entry) date in 2025, so a bookmark
// on LAUNCH would miss every re-entry; and an entry can leave the selection (renamed, or
// removed from the public catalogue), which only a full read followed by ACTIVATE_VERSION
// turns into a deleted row. Incremental on FILE (the catalogue load that last changed an
// entry) would catch re-entries only if every change bumps FILE, which Space-Track does not
// document, and it would never see removals. A full read is cheap: the Starlink catalogue is
// about 9,000 entries (4 MB), five requests at the default page size, far under the rate
// limits. A STATE after every page carries the last NORAD_CAT_ID read, so an interrupted run
// resumes after it under the same table version.
type satcat struct {
	cfg    Config
	q      querier
	schema map[string]any
	logger *slog.Logger
}

func newSatcat(cfg Config, q querier, logger *slog.Logger) (*satcat, error) {
	schema, err := satcatSchema()
	if err != nil {
		return nil, err
	}
	return &satcat{cfg: cfg, q: q, schema: schema, logger: logger}, nil
}

func (s *satcat) Name() string              { return satcatStream }
func (s *satcat) Schema() map[string]any    { return s.schema }
func (s *satcat) KeyProperties() []string   { return []string{satcatKey} }
func (s *satcat) ReplicationMethod() string { return singer.FullTable }
func (s *satcat) ReplicationKey() string    { return "" }

// predicates is the query of the page after NORAD_CAT_ID after.
func (s *satcat) predicates(after int64) string {
	return fmt.Sprintf("SATNAME/~~%s/OBJECT_TYPE/%s/NORAD_CAT_ID/>%d/orderby/NORAD_CAT_ID asc/limit/%d",
		s.cfg.SatName, s.cfg.ObjectType, after, s.cfg.PageSize)
}

// Read reads the catalogue after from.After (from the start when empty) with the keyset
// pager, yielding each entry and, after each page that has entries, a checkpoint with the
// page's last NORAD_CAT_ID. It logs out when done, whatever the outcome.
func (s *satcat) Read(ctx context.Context, from singer.Bookmark) iter.Seq2[singer.Item, error] {
	return func(yield func(singer.Item, error) bool) {
		defer s.logout(ctx)
		var start int64
		if from.After != "" {
			n, err := strconv.ParseInt(from.After, 10, 64)
			if err != nil || n < 0 {
				yield(singer.Item{}, fmt.Errorf("stream %s: bookmark after %q is not a NORAD_CAT_ID", satcatStream, from.After))
				return
			}
			start = n
		}
		var preds string // the last page's query, for errors
		fetch := func(ctx context.Context, page int, after int64, each func(json.RawMessage) bool) (bool, error) {
			preds = s.predicates(after)
			docs, err := s.q.QuerySatcat(ctx, preds)
			if err != nil {
				return false, fmt.Errorf("page %d: %w", page, err)
			}
			for _, doc := range docs {
				if !each(doc) {
					return false, nil
				}
			}
			// A full page may have more after it; a short one is the last.
			return len(docs) == s.cfg.PageSize, nil
		}
		records := 0
		for item, err := range keyset.Pages(ctx, fetch, keyset.Options[int64]{After: start, Key: noradID}) {
			if err != nil {
				yield(singer.Item{}, fmt.Errorf("stream %s: query %s: %w", satcatStream, preds, err))
				return
			}
			next := singer.Item{Record: item.Doc, Page: item.Page, Index: item.Index}
			if item.PageDone {
				if item.Index == 0 {
					continue // an empty page moves nothing
				}
				next = singer.Item{Page: item.Page, Checkpoint: &singer.Bookmark{After: strconv.FormatInt(item.Key, 10)}}
			} else {
				records++
			}
			if !yield(next, nil) {
				return
			}
		}
		// An empty catalogue from the start is a wrong selection or a broken source, never the
		// truth: activating an empty version would delete every row loaded before.
		if records == 0 && from.After == "" {
			yield(singer.Item{}, fmt.Errorf("stream %s: no catalogue entry matches SATNAME/~~%s and OBJECT_TYPE/%s: refusing to end the table version empty (it would delete every row loaded before)",
				satcatStream, s.cfg.SatName, s.cfg.ObjectType))
		}
	}
}

// noradID is a document's NORAD_CAT_ID, which must be a string of digits.
func noradID(doc json.RawMessage) (int64, error) {
	var key struct {
		ID *string `json:"NORAD_CAT_ID"`
	}
	if err := json.Unmarshal(doc, &key); err != nil {
		return 0, fmt.Errorf("not a JSON object: %w", err)
	}
	if key.ID == nil {
		return 0, errors.New("NORAD_CAT_ID is missing or null")
	}
	n, err := strconv.ParseInt(*key.ID, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("NORAD_CAT_ID %q is not a catalogue number", *key.ID)
	}
	return n, nil
}

// logout ends the Space-Track session, even when ctx was cancelled; a failure is only logged
// (the data is read by then).
func (s *satcat) logout(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := s.q.Logout(ctx); err != nil && s.logger != nil {
		s.logger.Warn("logging out of Space-Track failed", "error", err)
	}
}

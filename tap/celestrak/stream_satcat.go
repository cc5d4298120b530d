package celestrak

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	ctclient "github.com/spacex-elt/spacex-elt/client/celestrak"
	"github.com/spacex-elt/spacex-elt/openapi"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

const satcatStream = "satcat"

// satcatKey is the stream's key: the catalogue number, unique per object.
const satcatKey = "NORAD_CAT_ID"

// Bookmark fields the stream keeps in the state between runs (singer.Bookmark.Extra).
const (
	extraETag         = "etag"
	extraLastModified = "last_modified"
	extraFetchedAt    = "fetched_at"
)

// fetcher is what the stream needs of the client (client/celestrak.Fetcher).
type fetcher interface {
	Fetch(ctx context.Context, q ctclient.Query, v ctclient.Validators) (ctclient.Result, error)
}

// satcat is CelesTrak's catalogue for one query, read whole each time it changed.
//
// One request returns every matching record: records.php has no paging, and the Starlink
// answer is about 10,000 records (under 4 MB), so there is no position to resume from and no
// page to checkpoint. Replication is FULL_TABLE with ACTIVATE_VERSION, as for Space-Track and
// for the same reasons (old records change: a decay date arrives years after launch; a record
// can leave the answer).
//
// Politeness, kept in the state (the bookmark's etag, last_modified, fetched_at, which outlive
// the table version): a run within min_interval_minutes of the last download asks nothing; a
// later one asks conditionally and a 304 loads nothing. In both cases the stream says its
// source is unchanged, so the Syncer writes no ACTIVATE_VERSION (which would empty the table)
// and no STATE. A refusal (403, 429) is an error from the client, never retried.
//
// Nothing partial is loaded as if complete: the whole answer is checked (a JSON array of
// objects, each with an integer NORAD_CAT_ID, unique, each matching the spec's SatcatRecord)
// before the first record is emitted, so a bad answer emits no record, no STATE and no
// ACTIVATE_VERSION.
type satcat struct {
	cfg    Config
	query  ctclient.Query
	f      fetcher
	schema map[string]any
	check  *openapi3.Schema
	logger *slog.Logger
	now    func() time.Time
}

func newSatcat(cfg Config, f fetcher, logger *slog.Logger, now func() time.Time) (*satcat, error) {
	schema, err := satcatSchema()
	if err != nil {
		return nil, err
	}
	ref, err := openapi.CelesTrakSchemaFor("SatcatRecord")
	if err != nil {
		return nil, err
	}
	q, err := cfg.query()
	if err != nil {
		return nil, err
	}
	return &satcat{cfg: cfg, query: q, f: f, schema: schema, check: ref.Value, logger: logger, now: now}, nil
}

func (s *satcat) Name() string              { return satcatStream }
func (s *satcat) Schema() map[string]any    { return s.schema }
func (s *satcat) KeyProperties() []string   { return []string{satcatKey} }
func (s *satcat) ReplicationMethod() string { return singer.FullTable }
func (s *satcat) ReplicationKey() string    { return "" }

// Read fetches the catalogue unless the bookmark says it is recent or unchanged, checks the
// whole answer, then yields every record and one checkpoint carrying the answer's validators.
func (s *satcat) Read(ctx context.Context, from singer.Bookmark) iter.Seq2[singer.Item, error] {
	return func(yield func(singer.Item, error) bool) {
		var v ctclient.Validators
		var fetchedAt string
		extraString(from, extraETag, &v.ETag)
		extraString(from, extraLastModified, &v.LastModified)
		extraString(from, extraFetchedAt, &fetchedAt)
		now := s.now().UTC()
		if t, err := time.Parse(time.RFC3339, fetchedAt); err == nil && s.cfg.MinIntervalMinutes > 0 {
			if next := t.Add(time.Duration(s.cfg.MinIntervalMinutes) * time.Minute); now.Before(next) {
				s.logger.Info("CelesTrak not asked: the last download is more recent than min_interval_minutes; table and state kept",
					"stream", satcatStream, "fetched_at", fetchedAt, "min_interval_minutes", s.cfg.MinIntervalMinutes, "next_request_after", next.Format(time.RFC3339))
				yield(singer.Item{Unchanged: true}, nil)
				return
			}
		}
		res, err := s.f.Fetch(ctx, s.query, v)
		if err != nil {
			yield(singer.Item{}, err)
			return
		}
		if res.NotModified {
			s.logger.Info("CelesTrak answered 304 Not Modified: nothing downloaded; table and state kept", "stream", satcatStream, "request", s.query.String())
			yield(singer.Item{Unchanged: true}, nil)
			return
		}
		if err := s.checkAnswer(res.Records); err != nil {
			yield(singer.Item{}, err)
			return
		}
		for i, rec := range res.Records {
			if !yield(singer.Item{Record: rec, Index: i}, nil) {
				return
			}
		}
		extra := map[string]json.RawMessage{extraFetchedAt: jsonString(now.Format(time.RFC3339))}
		if res.Validators.ETag != "" {
			extra[extraETag] = jsonString(res.Validators.ETag)
		}
		if res.Validators.LastModified != "" {
			extra[extraLastModified] = jsonString(res.Validators.LastModified)
		}
		yield(singer.Item{Checkpoint: &singer.Bookmark{Extra: extra}}, nil)
	}
}

// checkAnswer checks every record before any is emitted: an object, an integer NORAD_CAT_ID,
// unique, and the spec's SatcatRecord (so a field whose type changed is named). An empty
// answer is refused: activating an empty version would delete every row loaded before.
func (s *satcat) checkAnswer(records []json.RawMessage) error {
	where := "CelesTrak " + s.query.String()
	if len(records) == 0 {
		return fmt.Errorf("%s: no record: refusing to end the table version empty (it would delete every row loaded before); check the setting query", where)
	}
	seen := make(map[int64]int, len(records))
	for i, raw := range records {
		var value any
		if err := json.Unmarshal(raw, &value); err != nil {
			return fmt.Errorf("%s: record %d: not JSON: %w", where, i, err)
		}
		obj, ok := value.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: record %d: not a JSON object: %.40s", where, i, raw)
		}
		id, err := noradID(obj)
		if err != nil {
			return fmt.Errorf("%s: record %d (OBJECT_NAME %v): field %s: %w", where, i, obj["OBJECT_NAME"], satcatKey, err)
		}
		if j, dup := seen[id]; dup {
			return fmt.Errorf("%s: records %d and %d: field %s: %d twice (it must be a key)", where, j, i, satcatKey, id)
		}
		seen[id] = i
		if err := s.check.VisitJSON(value); err != nil {
			return fmt.Errorf("%s: record %d (NORAD_CAT_ID %d): %s (the spec's SatcatRecord, openapi/celestrak.yaml)", where, i, id, fieldError(err))
		}
	}
	return nil
}

// noradID is a record's NORAD_CAT_ID, which must be a positive integer.
func noradID(obj map[string]any) (int64, error) {
	v, ok := obj[satcatKey]
	switch n := v.(type) {
	case float64:
		if n < 1 || n != float64(int64(n)) {
			return 0, fmt.Errorf("%v is not a catalogue number", n)
		}
		return int64(n), nil
	case nil:
		if !ok {
			return 0, errors.New("missing")
		}
		return 0, errors.New("null")
	default:
		return 0, fmt.Errorf("want an integer, got %T %v", v, v)
	}
}

// fieldError names the field of a schema error: "field PERIOD: value must be a number (got "95.6")".
func fieldError(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		got, _ := json.Marshal(se.Value)
		return fmt.Sprintf("field %s: %s (got %.60s)", strings.Join(se.JSONPointer(), "/"), se.Reason, got)
	}
	return err.Error()
}

func extraString(b singer.Bookmark, key string, dst *string) {
	if raw, ok := b.Extra[key]; ok {
		_ = json.Unmarshal(raw, dst)
	}
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

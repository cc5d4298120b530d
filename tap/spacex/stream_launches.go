package spacex

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"time"

	sxclient "github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// apiTimeLayout is how the API writes date_utc, and how the tap writes it in queries.
const apiTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// launchesReplicationKey is the property launches are bookmarked on.
const launchesReplicationKey = "date_utc"

// upcomingIDsField is the launches bookmark's own field: the launches that were upcoming.
const upcomingIDsField = "upcoming_ids"

// launchesStream reads launches incrementally. Launches change in place (upcoming launches
// get dates, results, links), so each run reads those dated on or after the bookmark less the
// look-back window, every upcoming launch, and every launch that was upcoming at the last run
// (kept in the bookmark, since its date may have moved back before the window). Pages are
// sorted by date, then id.
type launchesStream struct{ stream }

func (s *launchesStream) ReplicationMethod() string { return singer.Incremental }
func (s *launchesStream) ReplicationKey() string    { return launchesReplicationKey }

// launchPosition is what the incremental sync reads of a launch to move its bookmark.
type launchPosition struct {
	ID       string  `json:"id"`
	DateUTC  *string `json:"date_utc"`
	Upcoming *bool   `json:"upcoming"`
}

// upcomingIDs reads the launches that were upcoming at the last run from a bookmark.
func upcomingIDs(bm singer.Bookmark) ([]string, error) {
	var ids []string
	if raw, ok := bm.Extra[upcomingIDsField]; ok {
		if err := json.Unmarshal(raw, &ids); err != nil {
			return nil, fmt.Errorf("state: bookmark %s is not a list of ids: %w", upcomingIDsField, err)
		}
	}
	return ids, nil
}

// launchesBookmark is the bookmark of a position: the latest date of a launch that is no
// longer upcoming, and the upcoming launches.
func launchesBookmark(value string, upcoming []string) *singer.Bookmark {
	bm := &singer.Bookmark{ReplicationKey: launchesReplicationKey, ReplicationKeyValue: value}
	if len(upcoming) > 0 {
		raw, _ := json.Marshal(upcoming) // a []string always encodes
		bm.Extra = map[string]json.RawMessage{upcomingIDsField: raw}
	}
	return bm
}

// Read reads the launches changed since the bookmark prev.
func (s *launchesStream) Read(ctx context.Context, prev singer.Bookmark) iter.Seq2[singer.Item, error] {
	return func(yield func(singer.Item, error) bool) {
		prevUpcoming, err := upcomingIDs(prev)
		if err != nil {
			yield(singer.Item{}, err)
			return
		}
		since := s.cfg.StartDate
		if prev.ReplicationKeyValue != "" {
			t, err := time.Parse(time.RFC3339Nano, prev.ReplicationKeyValue)
			if err != nil {
				yield(singer.Item{}, fmt.Errorf("state: bookmark %s %q is not a date-time: %w", launchesReplicationKey, prev.ReplicationKeyValue, err))
				return
			}
			since = t.AddDate(0, 0, -s.cfg.LookbackDays)
		}
		filter := map[string]any{}
		if !since.IsZero() {
			or := []any{
				map[string]any{launchesReplicationKey: map[string]any{"$gte": since.UTC().Format(apiTimeLayout)}},
				map[string]any{"upcoming": true},
			}
			if len(prevUpcoming) > 0 {
				or = append(or, map[string]any{"_id": map[string]any{"$in": prevUpcoming}})
			}
			filter["$or"] = or
		}
		var sort sxclient.QuerySort
		if err := sort.FromQueryFieldString(launchesReplicationKey + " _id"); err != nil {
			yield(singer.Item{}, fmt.Errorf("building sort: %w", err))
			return
		}
		s.logger.Info("incremental read", "stream", s.Name(), "since", since.Format(time.RFC3339), "upcoming_ids", len(prevUpcoming))

		value := prev.ReplicationKeyValue
		latest := time.Time{}
		if value != "" {
			latest, _ = time.Parse(time.RFC3339Nano, value)
		}
		var upcoming []string
		var pageDocs []json.RawMessage
		body := sxclient.QueryRequest{Query: filter, Options: &sxclient.QueryOptions{Sort: &sort}}
		checkpoint := func(page int) (*singer.Bookmark, error) {
			for i, doc := range pageDocs {
				var p launchPosition
				if err := json.Unmarshal(doc, &p); err != nil {
					return nil, fmt.Errorf("page %d document %d: %w", page, i, err)
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
					return nil, fmt.Errorf("page %d document %s: %s %q is not a date-time: %w", page, p.ID, launchesReplicationKey, *p.DateUTC, err)
				}
				if t.After(latest) {
					latest, value = t, *p.DateUTC
				}
			}
			pageDocs = pageDocs[:0]
			// Until the run completes, keep the upcoming launches of the last run too.
			return launchesBookmark(value, union(prevUpcoming, upcoming)), nil
		}
		for item, err := range s.pages(ctx, body, 1, checkpoint) {
			if err != nil {
				yield(singer.Item{}, err)
				return
			}
			if item.Checkpoint == nil {
				pageDocs = append(pageDocs, item.Record)
			}
			if !yield(item, nil) {
				return
			}
		}
		yield(singer.Item{Checkpoint: launchesBookmark(value, union(nil, upcoming))}, nil)
	}
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

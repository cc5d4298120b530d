package spacex

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/spacex-elt/spacex-elt/client/keyset"
	sxclient "github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// keyProperties of every stream: documents are keyed by their 24-hex id.
var keyProperties = []string{"id"}

// queryFunc is a generated Query<Resource> method: one POST /<resource>/query page.
type queryFunc = func(ctx context.Context, c *sxclient.Client, body sxclient.QueryRequest) (*http.Response, error)

// getFunc is a generated Get<Resource> method of a single-document resource.
type getFunc = func(ctx context.Context, c *sxclient.Client) (*http.Response, error)

// streamDef is one resource of the API that the tap syncs: read page by page through its
// POST /query route (query), or, for the API's single-document resources (company,
// roadster), with one GET (get).
type streamDef struct {
	name   string // Singer stream name and the target's table
	schema string // the document's schema in the OpenAPI spec
	query  queryFunc
	get    getFunc
}

// streamDefs lists the tap's streams, sorted by name.
func streamDefs() []streamDef {
	d := []streamDef{
		{name: "launches", schema: "Launch", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryLaunches(ctx, b)
		}},
		{name: "starlink", schema: "StarlinkSatellite", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryStarlink(ctx, b)
		}},
		{name: "payloads", schema: "Payload", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryPayloads(ctx, b)
		}},
		{name: "rockets", schema: "Rocket", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryRockets(ctx, b)
		}},
		{name: "launchpads", schema: "Launchpad", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryLaunchpads(ctx, b)
		}},
		{name: "landpads", schema: "Landpad", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryLandpads(ctx, b)
		}},
		{name: "cores", schema: "Core", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryCores(ctx, b)
		}},
		{name: "capsules", schema: "Capsule", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryCapsules(ctx, b)
		}},
		{name: "crew", schema: "CrewMember", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryCrew(ctx, b)
		}},
		{name: "ships", schema: "Ship", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryShips(ctx, b)
		}},
		{name: "dragons", schema: "Dragon", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryDragons(ctx, b)
		}},
		{name: "history", schema: "HistoryEvent", query: func(ctx context.Context, c *sxclient.Client, b sxclient.QueryRequest) (*http.Response, error) {
			return c.QueryHistory(ctx, b)
		}},
		{name: "company", schema: "Company", get: func(ctx context.Context, c *sxclient.Client) (*http.Response, error) { return c.GetCompany(ctx) }},
		{name: "roadster", schema: "Roadster", get: func(ctx context.Context, c *sxclient.Client) (*http.Response, error) { return c.GetRoadster(ctx) }},
	}
	slices.SortFunc(d, func(a, b streamDef) int { return strings.Compare(a.name, b.name) })
	return d
}

// stream is what every stream of the tap has; the stream types embed it.
type stream struct {
	def    streamDef
	schema map[string]any
	cfg    Config
	api    *sxclient.Client
	logger *slog.Logger
}

func (s *stream) Name() string              { return s.def.name }
func (s *stream) Schema() map[string]any    { return s.schema }
func (s *stream) KeyProperties() []string   { return keyProperties }
func (s *stream) ReplicationMethod() string { return singer.FullTable }
func (s *stream) ReplicationKey() string    { return "" }

// pages walks the stream's POST /query pages of body from startPage: each document as a
// record item, each complete page as a checkpoint item made by checkpoint.
func (s *stream) pages(ctx context.Context, body sxclient.QueryRequest, startPage int,
	checkpoint func(page int) (*singer.Bookmark, error)) iter.Seq2[singer.Item, error] {
	pageSize := s.cfg.PageSize
	fetch := func(ctx context.Context, page int) (*http.Response, error) {
		b := body
		opts := sxclient.QueryOptions{}
		if body.Options != nil {
			opts = *body.Options
		}
		opts.Limit, opts.Page = &pageSize, &page
		b.Options = &opts
		if b.Query == nil {
			b.Query = map[string]any{}
		}
		return s.def.query(ctx, s.api, b)
	}
	return func(yield func(singer.Item, error) bool) {
		for item, err := range sxclient.Pages(ctx, fetch, sxclient.PagerOptions{StartPage: startPage}) {
			if err != nil {
				yield(singer.Item{}, err)
				return
			}
			if !item.PageDone {
				if !yield(singer.Item{Record: item.Doc, Page: item.Page, Index: item.Index}, nil) {
					return
				}
				continue
			}
			cp, err := checkpoint(item.Page)
			if err != nil {
				yield(singer.Item{}, err)
				return
			}
			if !yield(singer.Item{Page: item.Page, Checkpoint: cp}, nil) {
				return
			}
		}
	}
}

// pagedStream is a full-table stream read in id order, page after page, each page asking
// for the documents after the last id of the one before (keyset pagination): a position
// that documents added or removed at the source, or another page size, do not move.
type pagedStream struct{ stream }

// Read reads the documents whose id comes after from.After (every document when it is ""),
// in id order; each page's checkpoint is the id of its last document.
func (s *pagedStream) Read(ctx context.Context, from singer.Bookmark) iter.Seq2[singer.Item, error] {
	fetch := sxclient.KeysetFetch(func(ctx context.Context, after string) (*http.Response, error) {
		body, err := sxclient.KeysetQuery(after, s.cfg.PageSize)
		if err != nil {
			return nil, err
		}
		return s.def.query(ctx, s.api, body)
	})
	return func(yield func(singer.Item, error) bool) {
		for item, err := range keyset.Pages(ctx, fetch, keyset.Options[string]{After: from.After, Key: sxclient.DocID}) {
			if err != nil {
				yield(singer.Item{}, err)
				return
			}
			next := singer.Item{Record: item.Doc, Page: item.Page, Index: item.Index}
			if item.PageDone {
				next = singer.Item{Page: item.Page, Checkpoint: &singer.Bookmark{After: item.Key}}
			}
			if !yield(next, nil) {
				return
			}
		}
	}
}

// singleStream is a resource that is one document (company, roadster), read whole each run.
type singleStream struct{ stream }

// Read reads the document; it never checkpoints, so each run starts over.
func (s *singleStream) Read(ctx context.Context, _ singer.Bookmark) iter.Seq2[singer.Item, error] {
	return func(yield func(singer.Item, error) bool) {
		doc, err := s.get(ctx)
		if err != nil {
			yield(singer.Item{}, err)
			return
		}
		yield(singer.Item{Record: doc, Page: 1}, nil)
	}
}

func (s *singleStream) get(ctx context.Context) (json.RawMessage, error) {
	resp, err := s.def.get(ctx, s.api)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	endpoint := resp.Request.Method + " " + resp.Request.URL.Redacted()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: unexpected status %s", endpoint, resp.Status)
	}
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: reading body: %w", endpoint, err)
	}
	if !json.Valid(doc) {
		return nil, fmt.Errorf("%s: the body is not valid JSON", endpoint)
	}
	if _, err := singer.Project(doc, nil); err != nil {
		return nil, fmt.Errorf("%s: %w", endpoint, err)
	}
	return doc, nil
}

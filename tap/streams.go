package tap

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/spacex-elt/spacex-elt/client"
)

// Replication methods of the Singer spec.
const (
	FullTable   = "FULL_TABLE"
	Incremental = "INCREMENTAL"
)

// Stream is one resource of the API that the tap can sync. A stream is read either page by
// page through its POST /query route (query), or, for the API's single-document resources
// (company, roadster), with one GET (get).
type Stream struct {
	// Name is the Singer stream name and the target's table name.
	Name string
	// Schema names the document's schema in the OpenAPI spec.
	Schema string
	// Method is FullTable or Incremental.
	Method string
	// ReplicationKey is the property an incremental stream is bookmarked on.
	ReplicationKey string

	query func(ctx context.Context, c *client.Client, body client.QueryRequest) (*http.Response, error)
	get   func(ctx context.Context, c *client.Client) (*http.Response, error)
}

// keyProperties of every stream: documents are keyed by their 24-hex id.
var keyProperties = []string{"id"}

// queryFunc adapts a generated Query<Resource> method to Stream.query.
type queryFunc = func(ctx context.Context, c *client.Client, body client.QueryRequest) (*http.Response, error)

func paged(name, schema string, query queryFunc) Stream {
	return Stream{Name: name, Schema: schema, Method: FullTable, query: query}
}

// Streams returns the tap's streams, sorted by name.
func Streams() []Stream {
	s := []Stream{
		{
			// Launches change in place (upcoming launches get dates, results, links), so they are
			// read incrementally on date_utc with a look-back window, plus every upcoming launch.
			Name: "launches", Schema: "Launch", Method: Incremental, ReplicationKey: "date_utc",
			query: func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
				return c.QueryLaunches(ctx, b)
			},
		},
		paged("starlink", "StarlinkSatellite", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryStarlink(ctx, b)
		}),
		paged("payloads", "Payload", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryPayloads(ctx, b)
		}),
		paged("rockets", "Rocket", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryRockets(ctx, b)
		}),
		paged("launchpads", "Launchpad", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryLaunchpads(ctx, b)
		}),
		paged("landpads", "Landpad", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryLandpads(ctx, b)
		}),
		paged("cores", "Core", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryCores(ctx, b)
		}),
		paged("capsules", "Capsule", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryCapsules(ctx, b)
		}),
		paged("crew", "CrewMember", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryCrew(ctx, b)
		}),
		paged("ships", "Ship", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryShips(ctx, b)
		}),
		paged("dragons", "Dragon", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryDragons(ctx, b)
		}),
		paged("history", "HistoryEvent", func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
			return c.QueryHistory(ctx, b)
		}),
		{
			Name: "company", Schema: "Company", Method: FullTable,
			get: func(ctx context.Context, c *client.Client) (*http.Response, error) { return c.GetCompany(ctx) },
		},
		{
			Name: "roadster", Schema: "Roadster", Method: FullTable,
			get: func(ctx context.Context, c *client.Client) (*http.Response, error) { return c.GetRoadster(ctx) },
		},
	}
	slices.SortFunc(s, func(a, b Stream) int { return strings.Compare(a.Name, b.Name) })
	return s
}

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

// Stream is one resource of the API that the tap can sync.
type Stream struct {
	// Name is the Singer stream name and the target's table name.
	Name string
	// Schema names the document's schema in the OpenAPI spec.
	Schema string
	// Method is FullTable or Incremental.
	Method string
	// ReplicationKey is the property an incremental stream is bookmarked on.
	ReplicationKey string
	// query fetches one POST /query page through the generated client.
	query func(ctx context.Context, c *client.Client, body client.QueryRequest) (*http.Response, error)
}

// KeyProperties of every stream: documents are keyed by their 24-hex id.
var keyProperties = []string{"id"}

// Streams returns the tap's streams, sorted by name.
func Streams() []Stream {
	s := []Stream{
		{
			Name: "launches", Schema: "Launch", Method: FullTable,
			query: func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
				return c.QueryLaunches(ctx, b)
			},
		},
		{
			Name: "starlink", Schema: "StarlinkSatellite", Method: FullTable,
			query: func(ctx context.Context, c *client.Client, b client.QueryRequest) (*http.Response, error) {
				return c.QueryStarlink(ctx, b)
			},
		},
	}
	slices.SortFunc(s, func(a, b Stream) int { return strings.Compare(a.Name, b.Name) })
	return s
}

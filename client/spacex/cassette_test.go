package spacex_test

// Tests of the generated client (and the pager) on go-vcr cassettes, under
// fixtures/cassettes/spacex/<test name>.yaml. They replay offline by default;
// re-record them with
//
//	SPACEX_RECORD_BASE_URL=sample go test ./client/spacex/ -run Cassette -count=1
//
// (through the replay server serving fixtures/sample), or against any base
// URL, e.g. SPACEX_RECORD_BASE_URL=https://api.spacexdata.com. Assertions
// that only hold for fixtures/sample are guarded by Session.FromSample();
// every other assertion is an invariant of the real API too.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/client/transport"
	"github.com/spacex-elt/spacex-elt/fixtures/vcr"
)

// ---- helpers ---------------------------------------------------------------

// newCassetteClient opens the cassette named after t and returns the
// generated client wired to it. While recording, requests go through the
// retrying transport (client/transport: a 429 waits for its Retry-After).
func newCassetteClient(t *testing.T) (*spacex.ClientWithResponses, *vcr.Session) {
	t.Helper()
	s := vcr.New(t, vcr.Options{
		Dir:           "spacex",
		RealTransport: transport.New(transport.Options{}),
	})
	c, err := spacex.NewClientWithResponses(s.BaseURL, spacex.WithHTTPClient(s.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// typedResponse is what every generated *XxxResponse provides.
type typedResponse[T any] interface {
	StatusCode() int
	GetBody() []byte
	GetJSON200() *T
}

// decoded is a generated call's outcome: decode(c.ListRocketsWithResponse(ctx)).
type decoded[T any] struct {
	resp typedResponse[T]
	err  error
}

func decode[T any, R typedResponse[T]](resp R, err error) decoded[T] {
	if err != nil {
		return decoded[T]{err: err}
	}
	return decoded[T]{resp: resp}
}

// requireJSON200 checks that the call succeeded with 200 and a decoded
// JSON200, and returns it with the raw body.
func requireJSON200[T any](t *testing.T, op string, d decoded[T]) (*T, []byte) {
	t.Helper()
	if d.err != nil {
		t.Fatalf("%s: %v", op, d.err)
	}
	if code := d.resp.StatusCode(); code != http.StatusOK {
		t.Fatalf("%s: status %d, body %.200s", op, code, d.resp.GetBody())
	}
	v := d.resp.GetJSON200()
	if v == nil {
		t.Fatalf("%s: JSON200 is nil (body %.200s)", op, d.resp.GetBody())
	}
	return v, d.resp.GetBody()
}

// idOf returns the Id field every generated document type has.
func idOf(doc any) string {
	return reflect.Indirect(reflect.ValueOf(doc)).FieldByName("Id").String()
}

// docIDsOf returns the ids of the Docs of a generated XxxPage.
func docIDsOf(page any) []string {
	docs := reflect.Indirect(reflect.ValueOf(page)).FieldByName("Docs")
	ids := make([]string, docs.Len())
	for i := range ids {
		ids[i] = idOf(docs.Index(i).Interface())
	}
	return ids
}

func requireIDs(t *testing.T, op string, ids []string) {
	t.Helper()
	if len(ids) == 0 {
		t.Fatalf("%s: no documents", op)
	}
	for i, id := range ids {
		if id == "" {
			t.Errorf("%s: document %d has no id", op, i)
		}
	}
}

// pageMeta decodes the paging fields of a /query response body.
func pageMeta(t *testing.T, op string, body []byte) spacex.PaginationMeta {
	t.Helper()
	var m spacex.PaginationMeta
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: paging fields: %v", op, err)
	}
	return m
}

func ptr[T any](v T) *T { return &v }

func sortBy(t *testing.T, s string) *spacex.QuerySort {
	t.Helper()
	var qs spacex.QuerySort
	if err := qs.FromQueryFieldString(s); err != nil {
		t.Fatal(err)
	}
	return &qs
}

func selectFields(t *testing.T, s string) *spacex.QuerySelect {
	t.Helper()
	var qs spacex.QuerySelect
	if err := qs.FromQueryFieldString(s); err != nil {
		t.Fatal(err)
	}
	return &qs
}

// firstTwo is the query every collection is checked with: no filter, the
// first page of two documents.
func firstTwo() spacex.QueryRequest {
	return spacex.QueryRequest{Query: map[string]any{}, Options: &spacex.QueryOptions{Limit: ptr(2)}}
}

// checkCollection checks a collection's list, get-by-id (of the listed
// first document) and query operations. wantSample is the number of
// documents in fixtures/sample.
func checkCollection[D, P any](t *testing.T, s *vcr.Session, path string, wantSample int,
	list func() decoded[[]D], get func(id string) decoded[D], query func(spacex.QueryRequest) decoded[P]) {
	t.Helper()

	docs, _ := requireJSON200(t, "GET "+path, list())
	ids := make([]string, len(*docs))
	for i := range *docs {
		ids[i] = idOf((*docs)[i])
	}
	requireIDs(t, "GET "+path, ids)
	if s.FromSample() && len(ids) != wantSample {
		t.Errorf("GET %s: %d documents, the sample has %d", path, len(ids), wantSample)
	}

	one, _ := requireJSON200(t, "GET "+path+"/{id}", get(ids[0]))
	if got := idOf(one); got != ids[0] {
		t.Errorf("GET %s/%s: id %q", path, ids[0], got)
	}

	page, body := requireJSON200(t, "POST "+path+"/query", query(firstTwo()))
	pageIDs := docIDsOf(page)
	requireIDs(t, "POST "+path+"/query", pageIDs)
	meta := pageMeta(t, "POST "+path+"/query", body)
	if len(pageIDs) > 2 || meta.Limit != 2 || meta.Page != 1 || meta.TotalDocs != len(ids) ||
		meta.TotalPages != (len(ids)+1)/2 || meta.HasNextPage != (len(ids) > 2) {
		t.Errorf("POST %s/query limit 2: %d docs, paging %+v; the list has %d documents", path, len(pageIDs), meta, len(ids))
	}
	if s.FromSample() && !slices.Equal(pageIDs, ids[:min(2, len(ids))]) {
		t.Errorf("POST %s/query: ids %v, want the first two listed %v", path, pageIDs, ids[:min(2, len(ids))])
	}
}

// rawDocs decodes a JSON array body, or the "docs" of a /query envelope.
func rawDocs(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var docs []map[string]any
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		if err := json.Unmarshal(body, &docs); err != nil {
			t.Fatal(err)
		}
		return docs
	}
	var env struct{ Docs []map[string]any }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	return env.Docs
}

// ---- tests -----------------------------------------------------------------

// Every list/get/query operation of the spec decodes into its typed JSON200.
func TestCassette_EveryOperationDecodes(t *testing.T) {
	ctx := context.Background()

	t.Run("launches", func(t *testing.T) {
		c, s := newCassetteClient(t)
		launches, _ := requireJSON200(t, "GET /v5/launches", decode(c.ListLaunchesWithResponse(ctx)))
		ids := make([]string, len(*launches))
		for i, l := range *launches {
			ids[i] = l.Id
		}
		requireIDs(t, "GET /v5/launches", ids)

		one, _ := requireJSON200(t, "GET /v5/launches/{id}", decode(c.GetLaunchWithResponse(ctx, ids[0])))
		if one.Id != ids[0] {
			t.Errorf("GET /v5/launches/%s: id %q", ids[0], one.Id)
		}

		past, _ := requireJSON200(t, "GET /v5/launches/past", decode(c.ListPastLaunchesWithResponse(ctx)))
		upcoming, _ := requireJSON200(t, "GET /v5/launches/upcoming", decode(c.ListUpcomingLaunchesWithResponse(ctx)))
		if len(*past) == 0 || len(*upcoming) == 0 || len(*past)+len(*upcoming) != len(ids) {
			t.Errorf("%d past + %d upcoming launches, %d in all", len(*past), len(*upcoming), len(ids))
		}
		maxPast, minUpcoming := 0, int(^uint(0)>>1)
		for _, l := range *past {
			if l.Upcoming == nil || *l.Upcoming || l.FlightNumber == nil {
				t.Errorf("GET /v5/launches/past: launch %s has upcoming %v, flight_number %v", l.Id, l.Upcoming, l.FlightNumber)
				continue
			}
			maxPast = max(maxPast, *l.FlightNumber)
		}
		for _, l := range *upcoming {
			if l.Upcoming == nil || !*l.Upcoming || l.FlightNumber == nil {
				t.Errorf("GET /v5/launches/upcoming: launch %s has upcoming %v, flight_number %v", l.Id, l.Upcoming, l.FlightNumber)
				continue
			}
			minUpcoming = min(minUpcoming, *l.FlightNumber)
		}

		// The API picks latest/next by flight_number, not by date.
		latest, _ := requireJSON200(t, "GET /v5/launches/latest", decode(c.GetLatestLaunchWithResponse(ctx)))
		if latest.FlightNumber == nil || *latest.FlightNumber != maxPast || latest.Upcoming == nil || *latest.Upcoming {
			t.Errorf("GET /v5/launches/latest: flight %v upcoming %v, want the past launch with the highest flight_number %d",
				latest.FlightNumber, latest.Upcoming, maxPast)
		}
		next, _ := requireJSON200(t, "GET /v5/launches/next", decode(c.GetNextLaunchWithResponse(ctx)))
		if next.FlightNumber == nil || *next.FlightNumber != minUpcoming || next.Upcoming == nil || !*next.Upcoming {
			t.Errorf("GET /v5/launches/next: flight %v upcoming %v, want the upcoming launch with the lowest flight_number %d",
				next.FlightNumber, next.Upcoming, minUpcoming)
		}

		q := spacex.QueryRequest{
			Query:   map[string]any{"upcoming": false},
			Options: &spacex.QueryOptions{Limit: ptr(2), Sort: sortBy(t, "flight_number")},
		}
		page, body := requireJSON200(t, "POST /v5/launches/query", decode(c.QueryLaunchesWithResponse(ctx, q)))
		requireIDs(t, "POST /v5/launches/query", docIDsOf(page))
		if meta := pageMeta(t, "POST /v5/launches/query", body); meta.TotalDocs != len(*past) || meta.Limit != 2 || len(page.Docs) != min(2, len(*past)) {
			t.Errorf("POST /v5/launches/query upcoming=false limit 2: %d docs, paging %+v; %d past launches", len(page.Docs), meta, len(*past))
		}
		for i, l := range page.Docs {
			if l.Upcoming == nil || *l.Upcoming {
				t.Errorf("query upcoming=false returned launch %s with upcoming %v", l.Id, l.Upcoming)
			}
			if i > 0 && (l.FlightNumber == nil || page.Docs[i-1].FlightNumber == nil || *l.FlightNumber < *page.Docs[i-1].FlightNumber) {
				t.Errorf("query sorted by flight_number: launch %d out of order", i)
			}
		}

		if s.FromSample() {
			if len(ids) != 6 || len(*past) != 4 || len(*upcoming) != 2 {
				t.Errorf("sample: %d launches, %d past, %d upcoming; want 6, 4, 2", len(ids), len(*past), len(*upcoming))
			}
			if latest.Name == nil || *latest.Name != "Starlink 9-2 (v1.0)" || *latest.FlightNumber != 4 {
				t.Errorf("sample: latest is %v (flight %v), want Starlink 9-2 (v1.0), flight 4", latest.Name, latest.FlightNumber)
			}
			// #6 has an earlier date than #5, but next goes by flight_number.
			if next.Name == nil || *next.Name != "SampleSat-2" || *next.FlightNumber != 5 {
				t.Errorf("sample: next is %v (flight %v), want SampleSat-2, flight 5", next.Name, next.FlightNumber)
			}
			if got := docIDsOf(page); !slices.Equal(got, []string{"6a0900000000000000000001", "6a0900000000000000000002"}) {
				t.Errorf("sample: first two past launches %v", got)
			}
		}
	})

	t.Run("starlink", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/starlink", 6,
			func() decoded[[]spacex.StarlinkSatellite] { return decode(c.ListStarlinkWithResponse(ctx)) },
			func(id string) decoded[spacex.StarlinkSatellite] { return decode(c.GetStarlinkWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.StarlinkSatellitePage] {
				return decode(c.QueryStarlinkWithResponse(ctx, q))
			})
	})
	t.Run("payloads", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/payloads", 6,
			func() decoded[[]spacex.Payload] { return decode(c.ListPayloadsWithResponse(ctx)) },
			func(id string) decoded[spacex.Payload] { return decode(c.GetPayloadWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.PayloadPage] {
				return decode(c.QueryPayloadsWithResponse(ctx, q))
			})
	})
	t.Run("rockets", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/rockets", 2,
			func() decoded[[]spacex.Rocket] { return decode(c.ListRocketsWithResponse(ctx)) },
			func(id string) decoded[spacex.Rocket] { return decode(c.GetRocketWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.RocketPage] {
				return decode(c.QueryRocketsWithResponse(ctx, q))
			})
	})
	t.Run("launchpads", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/launchpads", 3,
			func() decoded[[]spacex.Launchpad] { return decode(c.ListLaunchpadsWithResponse(ctx)) },
			func(id string) decoded[spacex.Launchpad] { return decode(c.GetLaunchpadWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.LaunchpadPage] {
				return decode(c.QueryLaunchpadsWithResponse(ctx, q))
			})
	})
	t.Run("landpads", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/landpads", 2,
			func() decoded[[]spacex.Landpad] { return decode(c.ListLandpadsWithResponse(ctx)) },
			func(id string) decoded[spacex.Landpad] { return decode(c.GetLandpadWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.LandpadPage] {
				return decode(c.QueryLandpadsWithResponse(ctx, q))
			})
	})
	t.Run("cores", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/cores", 4,
			func() decoded[[]spacex.Core] { return decode(c.ListCoresWithResponse(ctx)) },
			func(id string) decoded[spacex.Core] { return decode(c.GetCoreWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.CorePage] { return decode(c.QueryCoresWithResponse(ctx, q)) })
	})
	t.Run("capsules", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/capsules", 2,
			func() decoded[[]spacex.Capsule] { return decode(c.ListCapsulesWithResponse(ctx)) },
			func(id string) decoded[spacex.Capsule] { return decode(c.GetCapsuleWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.CapsulePage] {
				return decode(c.QueryCapsulesWithResponse(ctx, q))
			})
	})
	t.Run("crew", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/crew", 3,
			func() decoded[[]spacex.CrewMember] { return decode(c.ListCrewWithResponse(ctx)) },
			func(id string) decoded[spacex.CrewMember] { return decode(c.GetCrewMemberWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.CrewMemberPage] {
				return decode(c.QueryCrewWithResponse(ctx, q))
			})
	})
	t.Run("ships", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/ships", 3,
			func() decoded[[]spacex.Ship] { return decode(c.ListShipsWithResponse(ctx)) },
			func(id string) decoded[spacex.Ship] { return decode(c.GetShipWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.ShipPage] { return decode(c.QueryShipsWithResponse(ctx, q)) })
	})
	t.Run("dragons", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/dragons", 2,
			func() decoded[[]spacex.Dragon] { return decode(c.ListDragonsWithResponse(ctx)) },
			func(id string) decoded[spacex.Dragon] { return decode(c.GetDragonWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.DragonPage] {
				return decode(c.QueryDragonsWithResponse(ctx, q))
			})
	})
	t.Run("history", func(t *testing.T) {
		c, s := newCassetteClient(t)
		checkCollection(t, s, "/v4/history", 3,
			func() decoded[[]spacex.HistoryEvent] { return decode(c.ListHistoryWithResponse(ctx)) },
			func(id string) decoded[spacex.HistoryEvent] { return decode(c.GetHistoryEventWithResponse(ctx, id)) },
			func(q spacex.QueryRequest) decoded[spacex.HistoryEventPage] {
				return decode(c.QueryHistoryWithResponse(ctx, q))
			})
	})

	t.Run("company", func(t *testing.T) {
		c, s := newCassetteClient(t)
		company, _ := requireJSON200(t, "GET /v4/company", decode(c.GetCompanyWithResponse(ctx)))
		if company.Id == "" || company.Name == nil || *company.Name == "" {
			t.Errorf("GET /v4/company: id %q, name %v", company.Id, company.Name)
		}
		if s.FromSample() && company.Id != "6a0d00000000000000000001" {
			t.Errorf("sample: company id %q", company.Id)
		}
	})

	t.Run("roadster", func(t *testing.T) {
		c, s := newCassetteClient(t)
		got, _ := requireJSON200(t, "GET /v4/roadster", decode(c.GetRoadsterWithResponse(ctx)))
		if got.Id == "" || got.Name == nil || *got.Name == "" {
			t.Errorf("GET /v4/roadster: id %q, name %v", got.Id, got.Name)
		}
		// The roadster query is not paginated: it answers the document itself.
		q := spacex.QueryRequest{Query: map[string]any{}, Options: &spacex.QueryOptions{Select: selectFields(t, "name launch_date_utc")}}
		queried, body := requireJSON200(t, "POST /v4/roadster/query", decode(c.QueryRoadsterWithResponse(ctx, q)))
		if queried.Id != got.Id || queried.Name == nil || *queried.Name != *got.Name || queried.LaunchDateUtc == nil {
			t.Errorf("POST /v4/roadster/query: %s", body)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil || len(fields) != 3 {
			t.Errorf("POST /v4/roadster/query with select name launch_date_utc: fields %v (%v), want name, launch_date_utc and id", slices.Sorted(maps.Keys(fields)), err)
		}
		if s.FromSample() && (got.Id != "6a0e00000000000000000001" || *got.Name != "Sample Roadster") {
			t.Errorf("sample: roadster %q %q", got.Id, *got.Name)
		}
	})
}

// A launch whose success is null (upcoming) decodes with Success nil, not a
// pointer to false; false and true stay pointers to false and true.
func TestCassette_LaunchSuccessNullDecodesAsNil(t *testing.T) {
	c, s := newCassetteClient(t)
	q := spacex.QueryRequest{
		Query:   map[string]any{},
		Options: &spacex.QueryOptions{Pagination: ptr(false), Select: selectFields(t, "name upcoming success")},
	}
	page, body := requireJSON200(t, "POST /v5/launches/query", decode(c.QueryLaunchesWithResponse(context.Background(), q)))
	raw := rawDocs(t, body)
	if len(raw) != len(page.Docs) || len(raw) == 0 {
		t.Fatalf("%d raw documents, %d decoded", len(raw), len(page.Docs))
	}
	var nulls, falses []string
	for i, l := range page.Docs {
		rawSuccess, present := raw[i]["success"]
		if !present {
			t.Errorf("launch %s: no success field sent", l.Id)
			continue
		}
		switch rawSuccess {
		case nil:
			nulls = append(nulls, l.Id)
			if l.Success != nil {
				t.Errorf("launch %s: success null decoded as %v, want nil", l.Id, *l.Success)
			}
		default:
			if l.Success == nil || *l.Success != rawSuccess.(bool) {
				t.Errorf("launch %s: success %v decoded as %v", l.Id, rawSuccess, l.Success)
			}
			if !rawSuccess.(bool) {
				falses = append(falses, l.Id)
			}
		}
	}
	if len(nulls) == 0 {
		t.Error("no launch with success null: nothing was checked (the API's upcoming launches have one)")
	}
	if s.FromSample() {
		if want := []string{"6a0900000000000000000005", "6a0900000000000000000006"}; !slices.Equal(nulls, want) {
			t.Errorf("sample: launches with success null %v, want %v", nulls, want)
		}
		if want := []string{"6a0900000000000000000001"}; !slices.Equal(falses, want) {
			t.Errorf("sample: launches with success false %v, want %v", falses, want)
		}
	}
}

// queryResource describes one paginated /query endpoint, for the pager
// tests: the raw generated call and the document type.
type queryResource struct {
	name  string
	query func(c *spacex.ClientWithResponses, ctx context.Context, body spacex.QueryRequest) (*http.Response, error)
	typed func() any // a new document of the generated type
}

var queryResources = []queryResource{
	{"launches", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryLaunches(ctx, b)
	}, func() any { return new(spacex.Launch) }},
	{"starlink", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryStarlink(ctx, b)
	}, func() any { return new(spacex.StarlinkSatellite) }},
	{"payloads", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryPayloads(ctx, b)
	}, func() any { return new(spacex.Payload) }},
	{"rockets", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryRockets(ctx, b)
	}, func() any { return new(spacex.Rocket) }},
	{"launchpads", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryLaunchpads(ctx, b)
	}, func() any { return new(spacex.Launchpad) }},
	{"landpads", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryLandpads(ctx, b)
	}, func() any { return new(spacex.Landpad) }},
	{"cores", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryCores(ctx, b)
	}, func() any { return new(spacex.Core) }},
	{"capsules", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryCapsules(ctx, b)
	}, func() any { return new(spacex.Capsule) }},
	{"crew", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryCrew(ctx, b)
	}, func() any { return new(spacex.CrewMember) }},
	{"ships", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryShips(ctx, b)
	}, func() any { return new(spacex.Ship) }},
	{"dragons", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryDragons(ctx, b)
	}, func() any { return new(spacex.Dragon) }},
	{"history", func(c *spacex.ClientWithResponses, ctx context.Context, b spacex.QueryRequest) (*http.Response, error) {
		return c.QueryHistory(ctx, b)
	}, func() any { return new(spacex.HistoryEvent) }},
}

func resourceNamed(t *testing.T, name string) queryResource {
	t.Helper()
	for _, r := range queryResources {
		if r.name == name {
			return r
		}
	}
	t.Fatalf("no query resource %q", name)
	return queryResource{}
}

// pageFetcher is what the tap does: the raw generated query with limit and
// page set (and sort, if not nil).
func pageFetcher(c *spacex.ClientWithResponses, res queryResource, limit int, sort *spacex.QuerySort) spacex.PageFetcher {
	return func(ctx context.Context, page int) (*http.Response, error) {
		return res.query(c, ctx, spacex.QueryRequest{
			Query:   map[string]any{},
			Options: &spacex.QueryOptions{Limit: ptr(limit), Page: ptr(page), Sort: sort},
		})
	}
}

// teeBodies wraps a fetcher so that every page's raw body is kept too.
func teeBodies(fetch spacex.PageFetcher, bodies map[int]*bytes.Buffer) spacex.PageFetcher {
	return func(ctx context.Context, page int) (*http.Response, error) {
		resp, err := fetch(ctx, page)
		if err != nil || resp == nil || resp.Body == nil {
			return resp, err
		}
		buf := new(bytes.Buffer)
		bodies[page] = buf
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.TeeReader(resp.Body, buf), resp.Body}
		return resp, nil
	}
}

// The pager hands every document over byte for byte: nothing the API sent
// is lost on the way to the tap (which writes these bytes as RECORDs). The
// generated structs, by contrast, keep the fields the spec describes only
// (see TestGeneratedModels_DropUnknownFieldsNullsAndFormatting); on the
// recorded data they lose no field that has a value, i.e. the spec covers
// everything the API sends.
func TestCassette_PagerDocumentsKeepEveryField(t *testing.T) {
	const limit, maxPages = 3, 2
	for _, res := range queryResources {
		t.Run(res.name, func(t *testing.T) {
			c, _ := newCassetteClient(t)
			ctx := context.Background()
			bodies := map[int]*bytes.Buffer{}
			fetch := teeBodies(pageFetcher(c, res, limit, sortBy(t, "_id")), bodies)

			var pageDocs []json.RawMessage
			total := 0
			for item, err := range spacex.Pages(ctx, fetch, spacex.PagerOptions{}) {
				if err != nil {
					t.Fatal(err)
				}
				if !item.PageDone {
					pageDocs = append(pageDocs, item.Doc)
					continue
				}
				var env struct{ Docs []json.RawMessage }
				if err := json.Unmarshal(bodies[item.Page].Bytes(), &env); err != nil {
					t.Fatalf("page %d: raw body: %v", item.Page, err)
				}
				if len(env.Docs) != len(pageDocs) || item.Info.Docs != len(pageDocs) {
					t.Fatalf("page %d: pager yielded %d documents (PageDone says %d), the body has %d", item.Page, len(pageDocs), item.Info.Docs, len(env.Docs))
				}
				for i, doc := range pageDocs {
					where := fmt.Sprintf("page %d document %d", item.Page, i)
					if !bytes.Equal(doc, env.Docs[i]) {
						t.Errorf("%s: pager bytes differ from the body's:\n%s\n%s", where, doc, env.Docs[i])
					}
					var fromPager, fromBody map[string]any
					if err := json.Unmarshal(doc, &fromPager); err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					if err := json.Unmarshal(env.Docs[i], &fromBody); err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					if !reflect.DeepEqual(fromPager, fromBody) {
						t.Errorf("%s: fields differ from the body's", where)
					}

					typed := res.typed()
					if err := json.Unmarshal(doc, typed); err != nil {
						t.Fatalf("%s: decoding into %T: %v", where, typed, err)
					}
					lost, _ := compareTyped(t, doc, typed)
					if len(lost) > 0 {
						t.Errorf("%s (%s): %T drops fields that have a value: %v", where, idOf(typed), typed, lost)
					}
				}
				total += len(pageDocs)
				pageDocs = pageDocs[:0]
				if item.Page >= maxPages {
					break
				}
			}
			if total == 0 {
				t.Error("no documents")
			}
		})
	}
}

// compareTyped re-marshals a generated value and compares it with the raw
// document it was decoded from. lost lists the paths of raw fields with a
// value (not null, not an empty array or object) that the typed value does
// not have; changed lists the paths whose value is re-encoded differently
// (e.g. "…:00.000Z" dates become "…:00Z").
func compareTyped(t *testing.T, raw []byte, typed any) (lost, changed []string) {
	t.Helper()
	remarshalled, err := json.Marshal(typed)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(remarshalled, &b); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, a, b any)
	walk = func(path string, a, b any) {
		switch av := a.(type) {
		case map[string]any:
			bv, _ := b.(map[string]any)
			for _, k := range slices.Sorted(maps.Keys(av)) {
				if isEmpty(av[k]) {
					continue
				}
				p := strings.TrimPrefix(path+"."+k, ".")
				bk, ok := bv[k]
				if !ok {
					lost = append(lost, p)
					continue
				}
				walk(p, av[k], bk)
			}
		case []any:
			bv, _ := b.([]any)
			if len(bv) != len(av) {
				changed = append(changed, path)
				return
			}
			for i := range av {
				walk(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i])
			}
		default:
			if !reflect.DeepEqual(a, b) {
				changed = append(changed, path)
			}
		}
	}
	walk("", a, b)
	return lost, changed
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// Pagination over a page boundary, as the tap walks it: limit 2 over the
// starlink satellites sorted by _id. The sample's 6 satellites give exactly
// 3 full pages; on the real API (thousands of satellites) the walk stops
// after page 3 and the invariants still hold.
func TestCassette_PagesAcrossPageBoundaries(t *testing.T) {
	c, s := newCassetteClient(t)
	const limit, maxPages = 2, 3
	fetch := pageFetcher(c, resourceNamed(t, "starlink"), limit, sortBy(t, "_id"))

	var (
		summary   []string
		ids       []string
		infos     []spacex.PageInfo
		page, idx = 1, 0
	)
	for item, err := range spacex.Pages(context.Background(), fetch, spacex.PagerOptions{}) {
		if err != nil {
			t.Fatalf("after %v: %v", summary, err)
		}
		if item.Page != page {
			t.Fatalf("item of page %d while on page %d (after %v)", item.Page, page, summary)
		}
		if !item.PageDone {
			if item.Index != idx {
				t.Errorf("page %d: document index %d, want %d", page, item.Index, idx)
			}
			var doc struct{ ID string }
			if err := json.Unmarshal(item.Doc, &doc); err != nil || doc.ID == "" {
				t.Fatalf("page %d document %d: no id (%v): %s", page, idx, err, item.Doc)
			}
			ids = append(ids, doc.ID)
			summary = append(summary, fmt.Sprintf("p%d #%d %s", page, idx, doc.ID))
			idx++
			continue
		}
		summary = append(summary, fmt.Sprintf("p%d done (%d docs)", page, item.Index))
		info := item.Info
		infos = append(infos, info)
		if info.Page != page || info.Docs != idx || item.Index != idx || info.Limit != limit ||
			info.PagingCounter != (page-1)*limit+1 || info.HasPrevPage != (page > 1) {
			t.Errorf("page %d done: %+v after %d documents", page, info, idx)
		}
		if page < info.TotalPages && (idx != limit || !info.HasNextPage || info.NextPage != page+1) {
			t.Errorf("page %d of %d: %d documents, hasNextPage %v, nextPage %d", page, info.TotalPages, idx, info.HasNextPage, info.NextPage)
		}
		if info.TotalDocs != infos[0].TotalDocs || info.TotalPages != (info.TotalDocs+limit-1)/limit {
			t.Errorf("page %d: totalDocs %d totalPages %d (page 1 said %d)", page, info.TotalDocs, info.TotalPages, infos[0].TotalDocs)
		}
		if page == maxPages {
			break
		}
		page, idx = page+1, 0
	}

	if len(infos) != min(maxPages, infos[0].TotalPages) {
		t.Errorf("%d pages walked, want %d: %v", len(infos), min(maxPages, infos[0].TotalPages), summary)
	}
	if !sort.StringsAreSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("ids are not strictly increasing across pages (sort _id): %v", ids)
	}
	if s.FromSample() {
		want := []string{
			"p1 #0 6a0a00000000000000000001", "p1 #1 6a0a00000000000000000002", "p1 done (2 docs)",
			"p2 #0 6a0a00000000000000000003", "p2 #1 6a0a00000000000000000004", "p2 done (2 docs)",
			"p3 #0 6a0a00000000000000000005", "p3 #1 6a0a00000000000000000006", "p3 done (2 docs)",
		}
		if !slices.Equal(summary, want) {
			t.Errorf("sample: pages\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
		}
		if last := infos[len(infos)-1]; last.TotalDocs != 6 || last.TotalPages != 3 || last.HasNextPage || last.NextPage != 0 {
			t.Errorf("sample: last page %+v", last)
		}
	}
}

// In replay mode a request the cassette does not hold fails (it never
// reaches the network): a repeated request (interactions replay once), an
// unrecorded path, and a recorded path with another JSON body. A body that
// is the same JSON written differently does match.
func TestCassette_ReplayOnlyRejectsUnrecordedRequests(t *testing.T) {
	c, s := newCassetteClient(t)
	ctx := context.Background()

	requireJSON200(t, "GET /v4/company", decode(c.GetCompanyWithResponse(ctx)))

	// Recorded as the generated client encodes it; replayed from a
	// hand-written body with other key order and spacing.
	body := `{"options":{"limit":1},"query":{"upcoming":true}}`
	if !s.Recording {
		body = "{\n  \"query\": { \"upcoming\": true },\n  \"options\": { \"limit\": 1.0 }\n}"
	}
	page, _ := requireJSON200(t, "POST /v5/launches/query", decode(c.QueryLaunchesWithBodyWithResponse(ctx, "application/json", strings.NewReader(body))))
	if len(page.Docs) != 1 || page.Docs[0].Upcoming == nil || !*page.Docs[0].Upcoming {
		t.Errorf("query upcoming=true limit 1: %d docs", len(page.Docs))
	}
	if s.Recording {
		return // the rest is about replaying
	}

	unrecorded := map[string]func() error{
		"GET /v4/company again": func() error { _, err := c.GetCompanyWithResponse(ctx); return err },
		"GET /v4/rockets":       func() error { _, err := c.ListRocketsWithResponse(ctx); return err },
		"POST /v5/launches/query with another body": func() error {
			_, err := c.QueryLaunchesWithResponse(ctx, spacex.QueryRequest{Query: map[string]any{"upcoming": false}, Options: &spacex.QueryOptions{Limit: ptr(1)}})
			return err
		},
	}
	for name, call := range unrecorded {
		if err := call(); !errors.Is(err, cassette.ErrInteractionNotFound) {
			t.Errorf("%s: error = %v, want cassette.ErrInteractionNotFound", name, err)
		}
	}
}

// The generated structs keep only what the spec describes: an unknown
// field is dropped, null and absent become the same nil, and dates are
// re-encoded. That is why the tap passes the raw documents through
// (TestCassette_PagerDocumentsKeepEveryField) instead of re-marshalling
// typed values.
func TestGeneratedModels_DropUnknownFieldsNullsAndFormatting(t *testing.T) {
	raw := []byte(`{
		"id": "6a0900000000000000000005",
		"name": "SampleSat-2",
		"success": null,
		"upcoming": true,
		"date_utc": "2022-11-03T14:05:00.000Z",
		"links": {"webcast": "https://video.example.org/watch?v=x", "not_in_the_spec": "x"},
		"a_field_the_api_might_add": {"n": 1}
	}`)
	var l spacex.Launch
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	if l.Success != nil {
		t.Errorf("success null decoded as %v", *l.Success)
	}
	lost, changed := compareTyped(t, raw, &l)
	if want := []string{"a_field_the_api_might_add", "links.not_in_the_spec"}; !slices.Equal(lost, want) {
		t.Errorf("lost = %v, want %v", lost, want)
	}
	if want := []string{"date_utc"}; !slices.Equal(changed, want) {
		t.Errorf("changed = %v, want %v", changed, want)
	}
	out, _ := json.Marshal(&l)
	if bytes.Contains(out, []byte(`"success"`)) {
		t.Errorf("re-marshalled launch has a success field (null is dropped by omitempty): %s", out)
	}
}

package openapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spacex-elt/spacex-elt/client/spacex"
	"github.com/spacex-elt/spacex-elt/openapi"
)

// visitOpts are the options every value is validated with: all errors, and formats
// (date-time, date, int64) checked.
var visitOpts = []openapi3.SchemaValidationOption{
	openapi3.MultiErrors(),
	openapi3.EnableFormatValidation(),
}

func mustSchema(t *testing.T, name string) *openapi3.Schema {
	t.Helper()
	ref, err := openapi.SchemaFor(name)
	if err != nil {
		t.Fatal(err)
	}
	return ref.Value
}

// decodeJSON turns a JSON text into the generic value VisitJSON expects.
func decodeJSON(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", text, err)
	}
	return v
}

func TestLoad_SpecIsValidOpenAPI303(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	// Load validates already; validate again with every check kin-openapi has that
	// applies to 3.0, including unknown formats.
	if err := doc.Validate(t.Context(), openapi3.EnableSchemaFormatValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Errorf("strict validation: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.spacexdata.com" {
		t.Errorf("servers = %v, want exactly https://api.spacexdata.com", doc.Servers)
	}
	if !strings.Contains(strings.ToLower(doc.Info.Description), "unofficial") {
		t.Error("info.description must say the spec is unofficial")
	}
}

func TestLoad_ReturnsIndependentDocuments(t *testing.T) {
	a, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	a.Components.Schemas["Launch"].Value.Description = "changed"
	b, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	if b.Components.Schemas["Launch"].Value.Description == "changed" {
		t.Error("Load returned a shared document")
	}
}

func TestSpec_HasEveryOperation(t *testing.T) {
	type route struct{ method, path string }
	want := map[string]route{
		"listLaunches":         {http.MethodGet, "/v5/launches"},
		"getLaunch":            {http.MethodGet, "/v5/launches/{id}"},
		"listPastLaunches":     {http.MethodGet, "/v5/launches/past"},
		"listUpcomingLaunches": {http.MethodGet, "/v5/launches/upcoming"},
		"getLatestLaunch":      {http.MethodGet, "/v5/launches/latest"},
		"getNextLaunch":        {http.MethodGet, "/v5/launches/next"},
		"queryLaunches":        {http.MethodPost, "/v5/launches/query"},
		"getCompany":           {http.MethodGet, "/v4/company"},
		"getRoadster":          {http.MethodGet, "/v4/roadster"},
		"queryRoadster":        {http.MethodPost, "/v4/roadster/query"},
	}
	for _, r := range []struct{ path, list, get, query string }{
		{"starlink", "listStarlink", "getStarlink", "queryStarlink"},
		{"payloads", "listPayloads", "getPayload", "queryPayloads"},
		{"rockets", "listRockets", "getRocket", "queryRockets"},
		{"launchpads", "listLaunchpads", "getLaunchpad", "queryLaunchpads"},
		{"landpads", "listLandpads", "getLandpad", "queryLandpads"},
		{"cores", "listCores", "getCore", "queryCores"},
		{"capsules", "listCapsules", "getCapsule", "queryCapsules"},
		{"crew", "listCrew", "getCrewMember", "queryCrew"},
		{"ships", "listShips", "getShip", "queryShips"},
		{"dragons", "listDragons", "getDragon", "queryDragons"},
		{"history", "listHistory", "getHistoryEvent", "queryHistory"},
	} {
		want[r.list] = route{http.MethodGet, "/v4/" + r.path}
		want[r.get] = route{http.MethodGet, "/v4/" + r.path + "/{id}"}
		want[r.query] = route{http.MethodPost, "/v4/" + r.path + "/query"}
	}

	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]route{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if _, dup := got[op.OperationID]; dup {
				t.Errorf("operationId %q used twice", op.OperationID)
			}
			got[op.OperationID] = route{method, path}
		}
	}
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			t.Errorf("operationId %s missing (want %s %s)", id, w.method, w.path)
		case g != w:
			t.Errorf("operationId %s is %s %s, want %s %s", id, g.method, g.path, w.method, w.path)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("unexpected operation %s (%s %s)", id, g.method, g.path)
		}
	}
}

// documentSchemas are the schemas of the API's documents.
var documentSchemas = []string{
	"Launch", "StarlinkSatellite", "Payload", "Rocket", "Launchpad", "Landpad", "Core",
	"Capsule", "CrewMember", "Ship", "Dragon", "HistoryEvent", "Company", "Roadster",
}

func TestSpec_DocumentSchemasRequireIDAndAllowUnknownFields(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range documentSchemas {
		s := mustSchema(t, name)
		if !slices.Contains(s.Required, "id") {
			t.Errorf("%s: id is not required", name)
		}
		if id := s.Properties["id"]; id == nil || id.Ref != "#/components/schemas/ObjectId" {
			t.Errorf("%s: id is not an ObjectId", name)
		}
		if page := name + "Page"; name != "Company" && name != "Roadster" {
			if _, err := openapi.SchemaFor(page); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	for name, ref := range doc.Components.Schemas {
		if ap := ref.Value.AdditionalProperties.Has; ap != nil && !*ap {
			t.Errorf("%s sets additionalProperties: false; the API may add fields", name)
		}
	}
}

func TestSchemaFor_UnknownNameIsAnError(t *testing.T) {
	if _, err := openapi.SchemaFor("Launch"); err != nil {
		t.Fatal(err)
	}
	_, err := openapi.SchemaFor("Launches")
	if err == nil || !strings.Contains(err.Error(), "StarlinkSatellite") {
		t.Errorf("SchemaFor(unknown) = %v, want an error listing the known schemas", err)
	}
	if names := openapi.SchemaNames(); !slices.IsSorted(names) || !slices.Contains(names, "QueryRequest") {
		t.Errorf("SchemaNames() = %v", names)
	}
}

// validLaunch is an invented, minimal v5 launch.
const validLaunch = `{
	"id": "0123456789abcdef01234567",
	"flight_number": 7,
	"name": "Example 7",
	"date_utc": "2021-02-03T04:05:06.000Z",
	"date_local": "2021-02-02T23:05:06-05:00",
	"date_precision": "hour",
	"static_fire_date_utc": null,
	"success": null,
	"fairings": null,
	"crew": [{"crew": "0123456789abcdef01234568", "role": null}],
	"cores": [{"core": null, "landpad": null, "flight": null}],
	"tbd": false,
	"launch_library_id": null,
	"some_field_added_later": {"x": 1}
}`

func TestSchemas_AcceptValidDocuments(t *testing.T) {
	for _, tc := range []struct{ schema, doc string }{
		{"Launch", validLaunch},
		{"StarlinkSatellite", `{"id": "0123456789abcdef01234567", "launch": null, "latitude": null,
			"spaceTrack": {"DECAYED": 1, "DECAY_DATE": "2021-01-01", "EPOCH": "2021-01-01T00:00:00.000000"}}`},
		{"Ship", `{"id": "0123456789abcdef01234567", "status": "", "speed_kn": null}`},
		{"Rocket", `{"id": "0123456789abcdef01234567", "first_flight": "2010-06-04",
			"landing_legs": {"number": 0, "material": null}}`},
		{"LaunchPage", `{"docs": [], "totalDocs": 0, "limit": 10, "page": 1, "totalPages": 1,
			"pagingCounter": 1, "hasPrevPage": false, "hasNextPage": false, "prevPage": null, "nextPage": null}`},
		{"StarlinkSatellitePage", `{"docs": [{"id": "0123456789abcdef01234567"}], "totalDocs": 3, "offset": 0,
			"limit": 1, "page": 1, "totalPages": 3, "pagingCounter": 1, "hasPrevPage": false, "hasNextPage": true,
			"prevPage": null, "nextPage": 2}`},
		{"QueryRequest", `{"query": {}, "options": {}}`},
		{"QueryRequest", `{"query": {"upcoming": true}, "options": {"limit": 1, "sort": {"flight_number": "asc"},
			"select": "name date_utc", "populate": [{"path": "payloads", "select": {"name": 1}}]}}`},
		{"QueryRequest", `{"options": {"pagination": false, "sort": "-date_utc", "select": {"name": 1}}}`},
	} {
		if err := mustSchema(t, tc.schema).VisitJSON(decodeJSON(t, tc.doc), visitOpts...); err != nil {
			t.Errorf("%s rejected %s:\n%v", tc.schema, tc.doc, err)
		}
	}
}

func TestSchemas_RejectInvalidDocuments(t *testing.T) {
	for _, tc := range []struct {
		name, schema, doc, wantInError string
	}{
		{"wrong type", "Launch", `{"id": "0123456789abcdef01234567", "flight_number": "x"}`, "flight_number"},
		{"missing required id", "Launch", `{"flight_number": 1, "name": "no id"}`, `"id"`},
		{"id not an ObjectId", "Launch", `{"id": "not-an-object-id"}`, "pattern"},
		{"null where not nullable", "Launch", `{"id": "0123456789abcdef01234567", "upcoming": null}`, "upcoming"},
		{"date-time format", "Launch", `{"id": "0123456789abcdef01234567", "date_utc": "2021-02-03"}`, "date-time"},
		{"date format", "Rocket", `{"id": "0123456789abcdef01234567", "first_flight": "June 2010"}`, "date"},
		{"enum", "Launch", `{"id": "0123456789abcdef01234567", "date_precision": "week"}`, "date_precision"},
		{"status enum", "Core", `{"id": "0123456789abcdef01234567", "status": "sunk"}`, "status"},
		{"v4 crew ids in a v5 launch", "Launch", `{"id": "0123456789abcdef01234567", "crew": ["0123456789abcdef01234568"]}`, "crew"},
		{"reference not an ObjectId", "Launch", `{"id": "0123456789abcdef01234567", "payloads": ["x"]}`, "payloads"},
		{"DECAYED is 0/1, not a boolean", "StarlinkSatellite", `{"id": "0123456789abcdef01234567", "spaceTrack": {"DECAYED": true}}`, "DECAYED"},
		{"DECAYED out of range", "StarlinkSatellite", `{"id": "0123456789abcdef01234567", "spaceTrack": {"DECAYED": 2}}`, "DECAYED"},
		{"float in an integer", "Launch", `{"id": "0123456789abcdef01234567", "date_unix": 1.5}`, "date_unix"},
		{"page without nextPage", "LaunchPage", `{"docs": [], "totalDocs": 0, "limit": 10, "page": 1, "totalPages": 1,
			"pagingCounter": 1, "hasPrevPage": false, "hasNextPage": false, "prevPage": null}`, "nextPage"},
		{"invalid doc inside a page", "LaunchPage", `{"docs": [{"flight_number": 1}], "totalDocs": 1, "limit": 10,
			"page": 1, "totalPages": 1, "pagingCounter": 1, "hasPrevPage": false, "hasNextPage": false,
			"prevPage": null, "nextPage": null}`, `"id"`},
		{"sort neither object nor string", "QueryRequest", `{"options": {"sort": 1}}`, "sort"},
		{"negative limit", "QueryRequest", `{"options": {"limit": -1}}`, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := mustSchema(t, tc.schema).VisitJSON(decodeJSON(t, tc.doc), visitOpts...)
			if err == nil {
				t.Fatalf("%s accepted %s", tc.schema, tc.doc)
			}
			if !strings.Contains(err.Error(), tc.wantInError) {
				t.Errorf("error does not mention %s: %v", tc.wantInError, err)
			}
		})
	}
}

func TestLaunchDecode_SuccessNullIsNilAndFalseIsFalse(t *testing.T) {
	var null spacex.Launch
	if err := json.Unmarshal([]byte(`{"id": "0123456789abcdef01234567", "success": null}`), &null); err != nil {
		t.Fatal(err)
	}
	if null.Success != nil {
		t.Errorf(`"success": null decoded to %v, want a nil pointer`, *null.Success)
	}

	var failed spacex.Launch
	if err := json.Unmarshal([]byte(`{"id": "0123456789abcdef01234567", "success": false}`), &failed); err != nil {
		t.Fatal(err)
	}
	if failed.Success == nil || *failed.Success {
		t.Errorf(`"success": false decoded to %v, want a non-nil false`, failed.Success)
	}

	var full spacex.Launch
	if err := json.Unmarshal([]byte(validLaunch), &full); err != nil {
		t.Fatal(err)
	}
	if full.Id != "0123456789abcdef01234567" || full.Fairings != nil || full.DateUtc == nil ||
		full.DateUtc.Year() != 2021 || len(full.Crew) != 1 || full.Crew[0].Role != nil {
		t.Errorf("decoded %+v", full)
	}
}

func TestQueryRequest_GeneratedTypeMarshalsToValidBody(t *testing.T) {
	var sort spacex.QuerySort
	if err := sort.FromQueryFieldMap(spacex.QueryFieldMap{"flight_number": "asc"}); err != nil {
		t.Fatal(err)
	}
	var sel spacex.QuerySelect
	if err := sel.FromQueryFieldString("name date_utc"); err != nil {
		t.Fatal(err)
	}
	limit, page := 50, 2
	body := spacex.QueryLaunchesJSONRequestBody{
		Query:   map[string]any{"upcoming": false},
		Options: &spacex.QueryOptions{Limit: &limit, Page: &page, Sort: &sort, Select: &sel},
	}
	text, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"options":{"limit":50,"page":2,"select":"name date_utc","sort":{"flight_number":"asc"}},"query":{"upcoming":false}}`
	if string(text) != want {
		t.Errorf("body = %s\nwant   %s", text, want)
	}
	if err := mustSchema(t, "QueryRequest").VisitJSON(decodeJSON(t, string(text)), visitOpts...); err != nil {
		t.Errorf("generated body does not match QueryRequest: %v", err)
	}
}

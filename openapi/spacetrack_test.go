package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/openapi"
)

// The Space-Track dataset is a folder holding satcat-starlink.json (the body of the satcat
// query). SPACETRACK_SNAPSHOT names the real recorded one (CI sets it); without it the tests
// validate the hand-written sample ../fixtures/spacetrack-sample instead (and say so). In CI
// (CI set, as every CI service and .ci/run do) a missing SPACETRACK_SNAPSHOT is a failure, not
// a fallback, so that the real catalogue is never silently left unchecked.
const (
	spaceTrackSnapshotEnv = "SPACETRACK_SNAPSHOT"
	spaceTrackSample      = "../fixtures/spacetrack-sample"
	satcatFile            = "satcat-starlink.json"
)

func spaceTrackDataset(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv(spaceTrackSnapshotEnv); dir != "" {
		return dir
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set in CI (CI=%s): the real Space-Track catalogue must be validated (export %s=../shared/space-track)",
			spaceTrackSnapshotEnv, os.Getenv("CI"), spaceTrackSnapshotEnv)
	}
	t.Logf("%s is not set: validating the hand-written sample %s", spaceTrackSnapshotEnv, spaceTrackSample)
	return spaceTrackSample
}

func mustSpaceTrackSchema(t *testing.T, name string) *openapi3.Schema {
	t.Helper()
	ref, err := openapi.SpaceTrackSchemaFor(name)
	if err != nil {
		t.Fatal(err)
	}
	return ref.Value
}

// checkSatcatEntry returns every problem of one catalogue document: schema violations, fields
// the spec does not describe, and a failing strict decode into the generated type.
func checkSatcatEntry(schema *openapi3.Schema, raw json.RawMessage, index int) []string {
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return []string{fmt.Sprintf("document #%d: invalid JSON: %v", index, err)}
	}
	where := fmt.Sprintf("document #%d", index)
	if obj, ok := value.(map[string]any); ok {
		if id, ok := obj["NORAD_CAT_ID"].(string); ok {
			where = fmt.Sprintf("document #%d (NORAD_CAT_ID %s)", index, id)
		}
	}
	var problems []string
	if err := schema.VisitJSON(value, visitOpts...); err != nil {
		problems = append(problems, fmt.Sprintf("%s does not match SatcatEntry: %s", where, schemaErrorText(err)))
	}
	for _, path := range undeclaredFields(schema, value, "") {
		problems = append(problems, fmt.Sprintf("%s: field %s is not described by SatcatEntry", where, path))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var entry spacetrack.SatcatEntry
	if err := dec.Decode(&entry); err != nil {
		problems = append(problems, fmt.Sprintf("%s does not decode into spacetrack.SatcatEntry: %v", where, err))
	}
	return problems
}

func TestSpaceTrackSnapshot_EveryDocumentValidates(t *testing.T) {
	dir := spaceTrackDataset(t)
	path := filepath.Join(dir, satcatFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the catalogue: %v", err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatalf("%s: want a JSON array of documents: %v", path, err)
	}
	if len(docs) == 0 {
		t.Fatalf("%s: no documents", path)
	}
	schema := mustSpaceTrackSchema(t, "SatcatEntry")
	var problems []string
	ids := map[string]int{}
	for i, raw := range docs {
		problems = append(problems, checkSatcatEntry(schema, raw, i)...)
		var key struct{ NORAD_CAT_ID string }
		if err := json.Unmarshal(raw, &key); err == nil {
			ids[key.NORAD_CAT_ID]++
		}
	}
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("NORAD_CAT_ID %s appears %d times: it must be a key", id, n))
		}
	}
	const maxReported = 20
	for i, p := range problems {
		if i == maxReported {
			t.Errorf("... and %d more problems", len(problems)-maxReported)
			break
		}
		t.Error(p)
	}
	t.Logf("%s: %d documents checked against SatcatEntry, %d problems", path, len(docs), len(problems))
}

func TestSpaceTrackSchema_RejectsWhatTheAPINeverSends(t *testing.T) {
	schema := mustSpaceTrackSchema(t, "SatcatEntry")
	valid := `{"NORAD_CAT_ID":"44235","DECAY":null,"LAUNCH":"2019-05-24","PERIOD":"95.60","COMMENT":null}`
	if err := schema.VisitJSON(decodeJSON(t, valid), visitOpts...); err != nil {
		t.Fatalf("valid entry rejected: %v", err)
	}
	for name, doc := range map[string]string{
		"number instead of string": `{"NORAD_CAT_ID":"44235","PERIOD":95.6}`,
		"missing key":              `{"SATNAME":"STARLINK-1"}`,
		"null key":                 `{"NORAD_CAT_ID":null}`,
		"non-digit key":            `{"NORAD_CAT_ID":"44235A"}`,
		"date with a time":         `{"NORAD_CAT_ID":"1","DECAY":"2020-05-27T00:00:00Z"}`,
		"number with a unit":       `{"NORAD_CAT_ID":"1","APOGEE":"550 km"}`,
	} {
		t.Run(name, func(t *testing.T) {
			if err := schema.VisitJSON(decodeJSON(t, doc), visitOpts...); err == nil {
				t.Errorf("%s accepted", doc)
			}
		})
	}
	problems := checkSatcatEntry(schema, json.RawMessage(`{"NORAD_CAT_ID":"1","NEW_FIELD":"x"}`), 0)
	if len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "NEW_FIELD") {
		t.Errorf("an undescribed field must be reported, got %q", problems)
	}
}

func TestLoadSpaceTrack_HasTheThreeOperations(t *testing.T) {
	doc, err := openapi.LoadSpaceTrack()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(t.Context(), openapi3.EnableSchemaFormatValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Errorf("strict validation: %v", err)
	}
	want := map[string]string{
		"login":       "POST /ajaxauth/login",
		"logout":      "GET /ajaxauth/logout",
		"querySatcat": "GET /basicspacedata/query/class/satcat/{predicates}/format/json",
	}
	got := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got[op.OperationID] = method + " " + path
		}
	}
	for id, route := range want {
		if got[id] != route {
			t.Errorf("operation %s = %q, want %q", id, got[id], route)
		}
	}
	if len(got) != len(want) {
		t.Errorf("operations = %v, want exactly %v", got, want)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://www.space-track.org" {
		t.Errorf("servers = %v, want https://www.space-track.org", doc.Servers)
	}
	if _, err := openapi.SpaceTrackSchemaFor("NoSuchSchema"); err == nil || !strings.Contains(err.Error(), "SatcatEntry") {
		t.Errorf("an unknown schema must be refused naming the known ones, got %v", err)
	}
}

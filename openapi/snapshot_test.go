package openapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spacex-elt/spacex-elt/client/spacex"
)

// A dataset is a directory laid out like the API: v4/<resource>.json is the body of
// GET /v4/<resource>, v5/launches.json the body of GET /v5/launches. The real recorded
// snapshot is used when SPACEX_SNAPSHOT names it; otherwise the committed sample
// ../fixtures/sample (same layout).
const (
	snapshotEnv   = "SPACEX_SNAPSHOT"
	sampleDataset = "../fixtures/sample"
)

// datasetFile maps one file of a dataset to the schema of its documents.
type datasetFile struct {
	path   string // relative to the dataset root, slash-separated
	schema string
	single bool       // the body is one document, not an array of documents
	goType func() any // the generated client type a document decodes into
}

var datasetFiles = []datasetFile{
	{"v5/launches.json", "Launch", false, func() any { return new(spacex.Launch) }},
	{"v4/starlink.json", "StarlinkSatellite", false, func() any { return new(spacex.StarlinkSatellite) }},
	{"v4/payloads.json", "Payload", false, func() any { return new(spacex.Payload) }},
	{"v4/rockets.json", "Rocket", false, func() any { return new(spacex.Rocket) }},
	{"v4/launchpads.json", "Launchpad", false, func() any { return new(spacex.Launchpad) }},
	{"v4/landpads.json", "Landpad", false, func() any { return new(spacex.Landpad) }},
	{"v4/cores.json", "Core", false, func() any { return new(spacex.Core) }},
	{"v4/capsules.json", "Capsule", false, func() any { return new(spacex.Capsule) }},
	{"v4/crew.json", "CrewMember", false, func() any { return new(spacex.CrewMember) }},
	{"v4/ships.json", "Ship", false, func() any { return new(spacex.Ship) }},
	{"v4/dragons.json", "Dragon", false, func() any { return new(spacex.Dragon) }},
	{"v4/history.json", "HistoryEvent", false, func() any { return new(spacex.HistoryEvent) }},
	{"v4/company.json", "Company", true, func() any { return new(spacex.Company) }},
	{"v4/roadster.json", "Roadster", true, func() any { return new(spacex.Roadster) }},
}

// notServed are dataset files deliberately not validated, with the reason.
var notServed = map[string]string{
	"v4/launches.json": "v4 launches (crew as bare ids) are not part of the spec: the project uses /v5/launches",
}

// fileResult is what validating one dataset file found.
type fileResult struct {
	file     datasetFile
	docs     int
	missing  bool
	problems []string // each names the file, the document id and the error
}

// validateDataset checks every document of every known file under dir against its
// schema (kin-openapi VisitJSON with formats), against the schema's declared fields (a
// field the spec does not describe is a problem: the spec must describe every field the
// API sends), and by decoding it strictly into the generated Go type. It also returns
// the JSON files it did not validate, with the reason.
func validateDataset(t *testing.T, dir string) (results []fileResult, skipped []string) {
	t.Helper()
	for _, f := range datasetFiles {
		r := fileResult{file: f}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.path)))
		if errors.Is(err, fs.ErrNotExist) {
			r.missing = true
			results = append(results, r)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		docs, err := splitDocuments(data, f.single)
		if err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %v", f.path, err))
			results = append(results, r)
			continue
		}
		schema := mustSchema(t, f.schema)
		for i, raw := range docs {
			r.docs++
			r.problems = append(r.problems, checkDocument(f, schema, raw, i)...)
		}
		results = append(results, r)
	}

	known := map[string]bool{}
	for _, f := range datasetFiles {
		known[f.path] = true
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if known[rel] {
			return nil
		}
		reason, ok := notServed[rel]
		if !ok {
			reason = "no schema is mapped to this file"
		}
		skipped = append(skipped, rel+": "+reason)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return results, skipped
}

func splitDocuments(data []byte, single bool) ([]json.RawMessage, error) {
	if single {
		if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return nil, errors.New("want a single JSON object")
		}
		return []json.RawMessage{data}, nil
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil {
		return nil, fmt.Errorf("want a JSON array of documents: %w", err)
	}
	return docs, nil
}

func checkDocument(f datasetFile, schema *openapi3.Schema, raw json.RawMessage, index int) []string {
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return []string{fmt.Sprintf("%s: document #%d: invalid JSON: %v", f.path, index, err)}
	}
	id := fmt.Sprintf("#%d (no id)", index)
	if obj, ok := value.(map[string]any); ok {
		if s, ok := obj["id"].(string); ok {
			id = s
		}
	}
	where := fmt.Sprintf("%s: document %s", f.path, id)

	var problems []string
	if err := schema.VisitJSON(value, visitOpts...); err != nil {
		problems = append(problems, fmt.Sprintf("%s does not match schema %s: %s", where, f.schema, schemaErrorText(err)))
	}
	for _, path := range undeclaredFields(schema, value, "") {
		problems = append(problems, fmt.Sprintf("%s: field %s is not described by schema %s", where, path, f.schema))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f.goType()); err != nil {
		problems = append(problems, fmt.Sprintf("%s does not decode into the generated client type: %v", where, err))
	}
	return problems
}

// schemaErrorText is a one-line form of a VisitJSON error: where, why and the value
// (kin-openapi's own text also dumps the whole schema).
func schemaErrorText(err error) string {
	switch e := err.(type) {
	case openapi3.MultiError:
		parts := make([]string, len(e))
		for i, sub := range e {
			parts[i] = schemaErrorText(sub)
		}
		return strings.Join(parts, "; ")
	case *openapi3.SchemaError:
		value, _ := json.Marshal(e.Value)
		if len(value) > 60 {
			value = append(value[:57], "..."...)
		}
		return fmt.Sprintf("at /%s: %s (value %s)", strings.Join(e.JSONPointer(), "/"), e.Reason, value)
	default:
		return err.Error()
	}
}

// undeclaredFields lists the object keys in value (at any depth) that schema does not
// declare. Schemas that declare no properties (free-form objects) accept any key.
func undeclaredFields(schema *openapi3.Schema, value any, path string) []string {
	if schema == nil {
		return nil
	}
	var out []string
	for _, sub := range schema.AllOf {
		out = append(out, undeclaredFields(sub.Value, value, path)...)
	}
	switch v := value.(type) {
	case map[string]any:
		if len(schema.Properties) == 0 {
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			prop, ok := schema.Properties[k]
			if !ok {
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, undeclaredFields(prop.Value, v[k], path+"."+k)...)
		}
	case []any:
		if schema.Items != nil {
			for i, item := range v {
				out = append(out, undeclaredFields(schema.Items.Value, item, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return out
}

func TestSnapshot_EveryDocumentValidates(t *testing.T) {
	dir, fromEnv := os.Getenv(snapshotEnv), true
	if dir == "" {
		dir, fromEnv = sampleDataset, false
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("dataset %s is not a directory (err: %v)", dir, err)
	}
	t.Logf("dataset: %s", dir)

	results, skipped := validateDataset(t, dir)
	total := 0
	for _, r := range results {
		if r.missing {
			if fromEnv {
				// A recorded snapshot has every resource; a sample may cover a subset.
				t.Errorf("%s: missing from %s", r.file.path, dir)
			} else {
				t.Logf("%-20s missing, not checked", r.file.path)
			}
			continue
		}
		t.Logf("%-20s %5d documents checked against %s", r.file.path, r.docs, r.file.schema)
		total += r.docs
		const maxReported = 20
		for i, p := range r.problems {
			if i == maxReported {
				t.Errorf("%s: ... and %d more problems", r.file.path, len(r.problems)-maxReported)
				break
			}
			t.Error(p)
		}
	}
	for _, s := range skipped {
		t.Logf("not validated: %s", s)
	}
	t.Logf("total: %d documents checked", total)
	if total == 0 {
		t.Errorf("no documents found in %s", dir)
	}
}

// TestSnapshot_ReportsInvalidDocuments proves the dataset check can fail, and that its
// messages name the file, the document id and the error.
func TestSnapshot_ReportsInvalidDocuments(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("v5/launches.json", `[
		{"id": "0123456789abcdef01234567", "flight_number": 1},
		{"id": "0123456789abcdef0123456a", "flight_number": "x"},
		{"flight_number": 3},
		{"id": "0123456789abcdef0123456b", "links": {"patch": {"small": null, "medium": "m"}}}
	]`)
	write("v4/roadster.json", `{"id": "0123456789abcdef01234567", "launch_date_utc": "yesterday"}`)
	write("v4/launches.json", `[{"id": "0123456789abcdef01234567", "crew": ["0123456789abcdef01234568"]}]`)

	results, skipped := validateDataset(t, dir)
	var problems []string
	docs := 0
	for _, r := range results {
		docs += r.docs
		problems = append(problems, r.problems...)
	}
	if docs != 5 {
		t.Errorf("checked %d documents, want 5", docs)
	}
	all := strings.Join(problems, "\n")
	t.Logf("problems found:\n%s", all)
	for _, want := range []string{
		"v5/launches.json: document 0123456789abcdef0123456a does not match schema Launch",
		"flight_number",
		"v5/launches.json: document #2 (no id) does not match schema Launch",
		`property "id" is missing`,
		"v5/launches.json: document 0123456789abcdef0123456b: field .links.patch.medium is not described by schema Launch",
		"v4/roadster.json: document 0123456789abcdef01234567 does not match schema Roadster",
		"date-time",
		"does not decode into the generated client type",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems do not contain %q:\n%s", want, all)
		}
	}
	for _, p := range problems {
		if strings.Contains(p, "document 0123456789abcdef01234567 does not match schema Launch") {
			t.Errorf("the valid launch was reported: %s", p)
		}
	}
	if !slices.ContainsFunc(skipped, func(s string) bool { return strings.HasPrefix(s, "v4/launches.json: v4 launches") }) {
		t.Errorf("v4/launches.json not reported as skipped: %v", skipped)
	}
}

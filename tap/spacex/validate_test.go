package spacex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// snapshotDir is the real recorded snapshot named by SPACEX_SNAPSHOT, "" when unset.
func snapshotDir() string { return os.Getenv("SPACEX_SNAPSHOT") }

// compileSchema compiles the schema of a SCHEMA message as JSON Schema draft-07, asserting
// formats (date-time, date) too, which the draft leaves optional.
func compileSchema(stream string, schema []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	url := "tap-spacex:///" + stream + ".schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// validateOutput checks every RECORD line of a sync's output against the schema of the last
// SCHEMA line of its stream, and that such a line came first. It returns the records per
// stream and the violations found (at most a few per stream).
func validateOutput(t *testing.T, raw []byte) (map[string]int, []string) {
	t.Helper()
	schemas := map[string]*jsonschema.Schema{}
	records := map[string]int{}
	var problems []string
	perStream := map[string]int{}
	for i, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var m struct {
			Type   string          `json:"type"`
			Stream string          `json:"stream"`
			Schema json.RawMessage `json:"schema"`
			Record json.RawMessage `json:"record"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		switch m.Type {
		case "SCHEMA":
			sch, err := compileSchema(m.Stream, m.Schema)
			if err != nil {
				t.Fatalf("line %d: the SCHEMA of %s does not compile as JSON Schema: %v", i+1, m.Stream, err)
			}
			schemas[m.Stream] = sch
		case "RECORD":
			records[m.Stream]++
			sch := schemas[m.Stream]
			if sch == nil {
				t.Fatalf("line %d: RECORD of %s before any SCHEMA of it", i+1, m.Stream)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(m.Record))
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			if err := sch.Validate(doc); err != nil {
				if perStream[m.Stream]++; perStream[m.Stream] <= 3 {
					var id struct{ ID string }
					_ = json.Unmarshal(m.Record, &id)
					problems = append(problems, fmt.Sprintf("%s record %s (line %d): %v", m.Stream, id.ID, i+1, err))
				}
			}
		}
	}
	for stream, n := range perStream {
		if n > 3 {
			problems = append(problems, fmt.Sprintf("%s: %d invalid records in all", stream, n))
		}
	}
	slices.Sort(problems)
	return records, problems
}

// TestSync_EveryRecordValidAgainstItsSchema syncs every stream and validates each RECORD
// against its stream's SCHEMA message (types incl. null, format date-time/date, pattern of
// ids and date_local, enums). On the real snapshot when SPACEX_SNAPSHOT is set, else on the
// sample; either way it runs.
func TestSync_EveryRecordValidAgainstItsSchema(t *testing.T) {
	dir, cfg := snapshotDir(), Config{PageSize: 100}
	if dir == "" {
		cfg.PageSize = 2 // the sample is small: make it several pages
	}
	raw, err := syncOutput(t, cfg, nil, singer.State{}, syncOptions{dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	records, problems := validateOutput(t, raw)
	for _, st := range streamInfos() {
		if records[st.Name] == 0 {
			t.Errorf("%s: no records", st.Name)
		}
	}
	name := "the sample"
	if dir != "" {
		name = dir
	}
	t.Logf("%s: %d records of %d streams validated", name, sum(records), len(records))
	if len(problems) > 0 {
		t.Errorf("%d records of %s do not match their stream's schema:\n%s", len(problems), name, strings.Join(problems, "\n"))
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// The validator is only worth something if it rejects what the schema forbids: each
// mutation of a valid sample launch must fail, and the launch itself pass.
func TestSchemaValidation_RejectsWhatTheSchemaForbids(t *testing.T) {
	cat := discover(t)
	entry := cat.Streams[slices.IndexFunc(cat.Streams, func(e singer.CatalogEntry) bool { return e.Stream == "launches" })]
	schema, _ := json.Marshal(entry.Schema)
	sch, err := compileSchema("launches", schema)
	if err != nil {
		t.Fatal(err)
	}
	var launch map[string]any
	if err := json.Unmarshal(sampleDocs(t, "launches")[0], &launch); err != nil {
		t.Fatal(err)
	}
	validate := func(doc map[string]any) error {
		raw, _ := json.Marshal(doc)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		return sch.Validate(v)
	}
	if err := validate(launch); err != nil {
		t.Fatalf("a sample launch is invalid: %v", err)
	}
	for name, mutate := range map[string]func(map[string]any){
		"id not 24 hex (pattern)":        func(d map[string]any) { d["id"] = "5EB87CD9FFD86E000604B32A" },
		"date_utc not a date-time":       func(d map[string]any) { d["date_utc"] = "2021-13-45 25:00" },
		"date_local without offset":      func(d map[string]any) { d["date_local"] = "2021-01-01T00:00:00" },
		"date_precision not in the enum": func(d map[string]any) { d["date_precision"] = "week" },
		"success a string (type)":        func(d map[string]any) { d["success"] = "yes" },
		"flight_number a string (type)":  func(d map[string]any) { d["flight_number"] = "1" },
		"name not nullable, set to null": func(d map[string]any) { d["name"] = nil },
	} {
		doc := maps.Clone(launch)
		mutate(doc)
		if err := validate(doc); err == nil {
			t.Errorf("%s: validated; want a violation", name)
		}
	}
}

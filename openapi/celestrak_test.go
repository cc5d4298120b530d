package openapi_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spacex-elt/spacex-elt/client/celestrak"
	"github.com/spacex-elt/spacex-elt/openapi"
)

// The CelesTrak dataset: CELESTRAK_SNAPSHOT names a CelesTrak-format snapshot (a real
// recording, or fixtures/cmd/celestrak-snapshot's conversion); without it the hand-written
// sample is validated.
const celesTrakSample = "../fixtures/celestrak-sample"

func celesTrakRecords(t *testing.T, dir string) []json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, satcatFile))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatalf("%s: want a JSON array of records: %v", dir, err)
	}
	return docs
}

// Every record matches SatcatRecord, declares no field the spec does not describe, and decodes
// strictly into the generated type.
func TestCelesTrakSnapshot_EveryRecordValidates(t *testing.T) {
	dir := os.Getenv("CELESTRAK_SNAPSHOT")
	if dir == "" {
		t.Logf("CELESTRAK_SNAPSHOT is not set: validating the hand-written sample %s", celesTrakSample)
		dir = celesTrakSample
	}
	ref, err := openapi.CelesTrakSchemaFor("SatcatRecord")
	if err != nil {
		t.Fatal(err)
	}
	docs := celesTrakRecords(t, dir)
	var problems []string
	for i, raw := range docs {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		if err := ref.Value.VisitJSON(v, visitOpts...); err != nil {
			problems = append(problems, fmt.Sprintf("record %d: %s", i, schemaErrorText(err)))
		}
		for _, path := range undeclaredFields(ref.Value, v, "") {
			problems = append(problems, fmt.Sprintf("record %d: field %s is not described by SatcatRecord", i, path))
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var rec celestrak.SatcatRecord
		if err := dec.Decode(&rec); err != nil {
			problems = append(problems, fmt.Sprintf("record %d does not decode into celestrak.SatcatRecord: %v", i, err))
		}
	}
	for i, p := range problems {
		if i == 20 {
			t.Errorf("... and %d more", len(problems)-20)
			break
		}
		t.Error(p)
	}
	t.Logf("%s: %d records checked against SatcatRecord", dir, len(docs))
}

// The sample's CSV (FORMAT=csv) holds the documented header and the same values as its JSON,
// field by field: an empty CSV field is a JSON null.
func TestCelesTrakSample_CSVAgreesWithJSON(t *testing.T) {
	f, err := os.Open(filepath.Join(celesTrakSample, "satcat-starlink.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"OBJECT_NAME", "OBJECT_ID", "NORAD_CAT_ID", "OBJECT_TYPE", "OPS_STATUS_CODE", "OWNER", "LAUNCH_DATE", "LAUNCH_SITE",
		"DECAY_DATE", "PERIOD", "INCLINATION", "APOGEE", "PERIGEE", "RCS", "DATA_STATUS_CODE", "ORBIT_CENTER", "ORBIT_TYPE"}
	if fmt.Sprint(rows[0]) != fmt.Sprint(header) {
		t.Fatalf("CSV header %v, want the format page's %v", rows[0], header)
	}
	docs := celesTrakRecords(t, celesTrakSample)
	if len(rows)-1 != len(docs) {
		t.Fatalf("%d CSV rows, %d JSON records", len(rows)-1, len(docs))
	}
	for i, raw := range docs {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if len(m) != len(header) {
			t.Errorf("JSON record %d has %d fields, want %d", i, len(m), len(header))
		}
		for j, name := range header {
			cell, v := rows[i+1][j], m[name]
			var want string
			switch x := v.(type) {
			case nil:
				want = ""
			case float64:
				if c, err := strconv.ParseFloat(cell, 64); err == nil && c == x {
					continue
				}
				want = fmt.Sprint(x)
			default:
				want = fmt.Sprint(x)
			}
			if cell != want {
				t.Errorf("record %d field %s: CSV %q, JSON %v", i, name, cell, v)
			}
		}
	}
}

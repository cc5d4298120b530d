package spacex

import (
	"encoding/json"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"slices"
	"testing"
)

func TestDiscover_EveryStreamWithStandardMetadata(t *testing.T) {
	cat := discover(t)
	var names []string
	for _, e := range cat.Streams {
		names = append(names, e.Stream)
		top := e.Metadata[0]
		if len(top.Breadcrumb) != 0 {
			t.Fatalf("%s: first metadata entry is not the stream's", e.Stream)
		}
		if got := top.Metadata["table-key-properties"]; !slices.Equal(got.([]string), []string{"id"}) {
			t.Errorf("%s: table-key-properties %v", e.Stream, got)
		}
		if top.Metadata["forced-replication-method"] == nil || top.Metadata["selected-by-default"] != true {
			t.Errorf("%s: stream metadata %v", e.Stream, top.Metadata)
		}
		var idInclusion any
		for _, m := range e.Metadata[1:] {
			if m.Breadcrumb[1] == "id" {
				idInclusion = m.Metadata["inclusion"]
			}
		}
		if idInclusion != "automatic" {
			t.Errorf("%s: id inclusion %v, want automatic", e.Stream, idInclusion)
		}
	}
	for _, s := range streamInfos() {
		if !slices.Contains(names, s.Name) {
			t.Errorf("stream %s is not discovered", s.Name)
		}
	}
}

func TestDiscover_SchemaKeepsNullabilityAndDateTime(t *testing.T) {
	cat := discover(t)
	props := cat.Streams[slices.IndexFunc(cat.Streams, func(e singer.CatalogEntry) bool { return e.Stream == "launches" })].Schema["properties"].(map[string]any)
	success := props["success"].(map[string]any)
	if !slices.Contains(success["type"].([]any), "null") || !slices.Contains(success["type"].([]any), "boolean") {
		t.Errorf("launches.success type %v, want null and boolean", success["type"])
	}
	date := props["date_utc"].(map[string]any)
	if date["format"] != "date-time" {
		t.Errorf("launches.date_utc format %v, want date-time", date["format"])
	}
}

// Discovery is deterministic: two discoveries encode to the same bytes (encoding errors
// checked), and every list in the catalog comes out in a fixed order — streams by name, each
// stream's metadata with the stream entry first and then its properties by name — since
// json.Marshal sorts map keys but keeps slices in the order they were built.
func TestDiscover_IsDeterministic(t *testing.T) {
	a, err := json.Marshal(discover(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(discover(t))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Error("two discoveries differ")
	}
	cat := discover(t)
	var names []string
	for _, e := range cat.Streams {
		names = append(names, e.Stream)
		if len(e.Metadata) == 0 || len(e.Metadata[0].Breadcrumb) != 0 {
			t.Fatalf("%s: the stream's metadata entry is not first", e.Stream)
		}
		var props []string
		for _, m := range e.Metadata[1:] {
			props = append(props, m.Breadcrumb[1])
		}
		if !slices.IsSorted(props) || len(props) < 2 {
			t.Errorf("%s: property metadata in the order %v; want sorted", e.Stream, props)
		}
	}
	if !slices.IsSorted(names) || len(names) != 14 {
		t.Errorf("streams in the order %v; want the 14 streams sorted by name", names)
	}
}

func TestCatalogSelect_StreamsAndProperties(t *testing.T) {
	cat := discover(t)
	for i := range cat.Streams {
		e := &cat.Streams[i]
		for j := range e.Metadata {
			m := &e.Metadata[j]
			switch {
			case e.Stream == "starlink" && len(m.Breadcrumb) == 0:
				m.Metadata["selected"] = false
			case e.Stream == "launches" && len(m.Breadcrumb) == 0:
				m.Metadata["selected"] = true
			case e.Stream == "launches" && (m.Breadcrumb[1] == "links" || m.Breadcrumb[1] == "id"):
				m.Metadata["selected"] = false // id is automatic: it stays
			}
		}
	}
	sel := cat.Select()
	if _, ok := sel["starlink"]; ok {
		t.Error("starlink is selected, want not")
	}
	excluded, ok := sel["launches"]
	if !ok {
		t.Fatal("launches is not selected")
	}
	if !excluded["links"] || excluded["id"] || len(excluded) != 1 {
		t.Errorf("launches excluded properties %v, want just links", excluded)
	}
}

func TestProject_PassesDocumentsThroughByteForByte(t *testing.T) {
	doc := json.RawMessage(`{"id":"5eb87cd9ffd86e000604b32a","success":null,"n":1.50,"links":{"a":null}}`)
	got, err := singer.Project(doc, nil)
	if err != nil || string(got) != string(doc) {
		t.Errorf("project(nil) = %s, %v; want the document unchanged", got, err)
	}
	got, err = singer.Project(doc, map[string]bool{"links": true})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"id":"5eb87cd9ffd86e000604b32a","n":1.50,"success":null}` {
		t.Errorf("project(links) = %s", got)
	}
	if _, err := singer.Project(json.RawMessage(`[1]`), nil); err == nil {
		t.Error("want an error for a document that is not an object")
	}
}

package tap

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// Discover builds the catalog of every stream from the OpenAPI spec. It is deterministic:
// streams and properties come out sorted, so the output can be compared with a golden file.
func Discover(spec *openapi3.T) (Catalog, error) {
	var cat Catalog
	for _, s := range Streams() {
		ref, ok := spec.Components.Schemas[s.Schema]
		if !ok {
			return Catalog{}, fmt.Errorf("stream %s: schema %s is not in the OpenAPI spec", s.Name, s.Schema)
		}
		schema, err := jsonSchema(ref)
		if err != nil {
			return Catalog{}, fmt.Errorf("stream %s: converting schema %s: %w", s.Name, s.Schema, err)
		}
		cat.Streams = append(cat.Streams, CatalogEntry{
			TapStreamID:   s.Name,
			Stream:        s.Name,
			Schema:        schema,
			KeyProperties: keyProperties,
			Metadata:      streamMetadata(s, schema),
		})
	}
	return cat, nil
}

func streamMetadata(s Stream, schema map[string]any) []Metadata {
	top := map[string]any{
		"table-key-properties":      keyProperties,
		"forced-replication-method": s.Method,
		"selected-by-default":       true,
		"inclusion":                 "available",
	}
	if s.ReplicationKey != "" {
		top["valid-replication-keys"] = []string{s.ReplicationKey}
		top["replication-key"] = s.ReplicationKey
	}
	md := []Metadata{{Breadcrumb: []string{}, Metadata: top}}
	props, _ := schema["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		inclusion := "available"
		if slices.Contains(keyProperties, name) || name == s.ReplicationKey {
			inclusion = "automatic"
		}
		md = append(md, Metadata{
			Breadcrumb: []string{"properties", name},
			Metadata:   map[string]any{"inclusion": inclusion, "selected-by-default": true},
		})
	}
	return md
}

// ReadCatalog reads a catalog file given with --catalog or --properties.
func ReadCatalog(path string) (Catalog, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Catalog{}, fmt.Errorf("reading catalog: %w", err)
	}
	var c Catalog
	if err := json.Unmarshal(raw, &c); err != nil {
		return Catalog{}, fmt.Errorf("catalog %s: %w", path, err)
	}
	return c, nil
}

// Selection is what a catalog selects: streams, and per stream the top-level properties that
// are left out (nil when every property is emitted).
type Selection map[string]map[string]bool

// Select resolves the selection of a catalog as the Singer spec defines it: a stream is synced
// when its stream-level metadata says `selected: true` (or, with no `selected` key,
// `selected-by-default: true`); a property is left out when its metadata says
// `selected: false`, unless its inclusion is `automatic` (keys, replication keys).
func (c Catalog) Select() Selection {
	sel := Selection{}
	for _, e := range c.Streams {
		var top map[string]any
		excluded := map[string]bool{}
		for _, m := range e.Metadata {
			switch {
			case len(m.Breadcrumb) == 0:
				top = m.Metadata
			case len(m.Breadcrumb) == 2 && m.Breadcrumb[0] == "properties":
				if !isSelected(m.Metadata) && m.Metadata["inclusion"] != "automatic" {
					excluded[m.Breadcrumb[1]] = true
				}
			}
		}
		if !isSelected(top) {
			continue
		}
		if len(excluded) == 0 {
			excluded = nil
		}
		sel[e.TapStreamID] = excluded
	}
	return sel
}

func isSelected(md map[string]any) bool {
	if v, ok := md["selected"].(bool); ok {
		return v
	}
	v, _ := md["selected-by-default"].(bool)
	return v
}

// SelectAll selects every stream and property: the tap's behaviour with no catalog.
func SelectAll() Selection {
	sel := Selection{}
	for _, s := range Streams() {
		sel[s.Name] = nil
	}
	return sel
}

package singer

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
)

// Discover builds the catalog of streams. It is deterministic: streams come out in the
// order given and properties sorted, so the output can be compared with a golden file.
func Discover(streams []Stream) Catalog {
	var cat Catalog
	for _, s := range streams {
		schema := s.Schema()
		cat.Streams = append(cat.Streams, CatalogEntry{
			TapStreamID:   s.Name(),
			Stream:        s.Name(),
			Schema:        schema,
			KeyProperties: s.KeyProperties(),
			Metadata:      streamMetadata(s, schema),
		})
	}
	return cat
}

func streamMetadata(s Stream, schema map[string]any) []Metadata {
	keys := s.KeyProperties()
	top := map[string]any{
		"table-key-properties":      keys,
		"forced-replication-method": s.ReplicationMethod(),
		"selected-by-default":       true,
		"inclusion":                 "available",
	}
	if k := s.ReplicationKey(); k != "" {
		top["valid-replication-keys"] = []string{k}
		top["replication-key"] = k
	}
	md := []Metadata{{Breadcrumb: []string{}, Metadata: top}}
	props, _ := schema["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		inclusion := "available"
		if slices.Contains(keys, name) || name == s.ReplicationKey() {
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

// SelectAll selects every stream and property: a tap's behaviour with no catalog.
func SelectAll(streams []Stream) Selection {
	sel := Selection{}
	for _, s := range streams {
		sel[s.Name()] = nil
	}
	return sel
}

package singer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// Discover builds the catalog of streams. It is deterministic: streams come out in the
// order given and properties sorted, so the output can be compared with a golden file.
// Each schema lists the stream's key properties as required (records without them cannot
// be keyed), so SCHEMA messages carry them too.
func Discover(streams []Stream) Catalog {
	var cat Catalog
	for _, s := range streams {
		schema := maps.Clone(s.Schema())
		if keys := s.KeyProperties(); len(keys) > 0 {
			required := slices.Clone(keys)
			if have, ok := schema["required"].([]string); ok {
				required = slices.Compact(slices.Sorted(slices.Values(append(required, have...))))
			}
			schema["required"] = required
		}
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

// Check refuses a catalog (given with --catalog) that the tap cannot honour, naming what is
// wrong, before anything is read: streams it selects that the tap does not have, properties
// it selects that a stream does not have, key properties other than the stream's, and a
// catalog that selects no stream at all (what Meltano passes when its select patterns match
// nothing, e.g. a misspelt stream).
func (c Catalog) Check(streams []Stream) error {
	known := map[string]Stream{}
	var names []string
	for _, s := range streams {
		known[s.Name()] = s
		names = append(names, s.Name())
	}
	sel := c.Select()
	var errs []error
	var unknown []string
	for _, e := range c.Streams {
		if _, selected := sel[e.TapStreamID]; !selected {
			continue
		}
		st, ok := known[e.TapStreamID]
		if !ok {
			unknown = append(unknown, e.TapStreamID)
			continue
		}
		if err := checkEntry(e, st); err != nil {
			errs = append(errs, err)
		}
	}
	if len(unknown) > 0 {
		errs = append([]error{fmt.Errorf("the catalog selects streams this tap does not have: %s (it has: %s)",
			strings.Join(unknown, ", "), strings.Join(names, ", "))}, errs...)
	}
	if len(sel) == 0 {
		errs = append(errs, fmt.Errorf("the catalog selects no stream (the tap has: %s): check the extractor's select patterns",
			strings.Join(names, ", ")))
	}
	return errors.Join(errs...)
}

// checkEntry checks a selected stream's properties and key properties against the stream.
func checkEntry(e CatalogEntry, st Stream) error {
	var errs []error
	have, _ := st.Schema()["properties"].(map[string]any)
	selected := map[string]bool{}
	if props, ok := e.Schema["properties"].(map[string]any); ok {
		for name := range props {
			selected[name] = true // in the SCHEMA message unless deselected
		}
	}
	for _, m := range e.Metadata {
		if len(m.Breadcrumb) == 2 && m.Breadcrumb[0] == "properties" {
			selected[m.Breadcrumb[1]] = isSelected(m.Metadata) || m.Metadata["inclusion"] == "automatic"
		}
	}
	var unknown []string
	for name, sel := range selected {
		if _, ok := have[name]; sel && !ok {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		errs = append(errs, fmt.Errorf("stream %s: the catalog selects properties the stream does not have: %s",
			e.TapStreamID, strings.Join(unknown, ", ")))
	}
	keys := st.KeyProperties()
	if len(e.KeyProperties) > 0 && !slices.Equal(e.KeyProperties, keys) {
		errs = append(errs, fmt.Errorf("stream %s: the catalog's key_properties %v are not the stream's %v: records can only be keyed by %v",
			e.TapStreamID, e.KeyProperties, keys, keys))
	}
	for _, m := range e.Metadata {
		if len(m.Breadcrumb) != 0 {
			continue
		}
		if raw, ok := m.Metadata["table-key-properties"]; ok {
			var got []string
			b, err := json.Marshal(raw)
			if err == nil {
				err = json.Unmarshal(b, &got)
			}
			if err != nil || !slices.Equal(got, keys) {
				errs = append(errs, fmt.Errorf("stream %s: the catalog's table-key-properties %v are not the stream's %v: records can only be keyed by %v",
					e.TapStreamID, raw, keys, keys))
			}
		}
	}
	return errors.Join(errs...)
}

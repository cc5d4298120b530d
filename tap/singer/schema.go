package singer

import (
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// JSONSchema turns an OpenAPI 3.0 schema into the JSON Schema of a Singer SCHEMA
// message: references resolved, `nullable: true` written as a "null" type, `format: date-time`
// kept, allOf merged. Unknown properties stay allowed, since records carry every field the API
// sent. The spec is the only source of a stream's schema; nothing here is typed by hand.
func JSONSchema(ref *openapi3.SchemaRef) (map[string]any, error) {
	return convert(ref, nil)
}

func convert(ref *openapi3.SchemaRef, seen []string) (map[string]any, error) {
	if ref == nil || ref.Value == nil {
		return map[string]any{}, nil
	}
	if ref.Ref != "" {
		if slices.Contains(seen, ref.Ref) {
			return nil, fmt.Errorf("schema %s refers to itself", ref.Ref)
		}
		seen = append(seen, ref.Ref)
	}
	s := ref.Value
	out := map[string]any{}
	if s.Description != "" {
		out["description"] = s.Description
	}

	if len(s.AllOf) > 0 {
		merged := map[string]any{"type": []any{"object"}, "properties": map[string]any{}}
		for _, part := range s.AllOf {
			m, err := convert(part, seen)
			if err != nil {
				return nil, err
			}
			if props, ok := m["properties"].(map[string]any); ok {
				maps.Copy(merged["properties"].(map[string]any), props)
			}
		}
		if s.Nullable {
			merged["type"] = []any{"null", "object"}
		}
		return merged, nil
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		alts := s.OneOf
		if len(alts) == 0 {
			alts = s.AnyOf
		}
		var options []any
		for _, alt := range alts {
			m, err := convert(alt, seen)
			if err != nil {
				return nil, err
			}
			options = append(options, m)
		}
		if s.Nullable {
			options = append(options, map[string]any{"type": "null"})
		}
		out["anyOf"] = options
		return out, nil
	}

	var types []any
	if s.Nullable {
		types = append(types, "null")
	}
	if s.Type != nil {
		for _, t := range *s.Type {
			types = append(types, t)
		}
	}
	if len(types) > 0 {
		out["type"] = types
	}
	if s.Format == "date-time" || s.Format == "date" {
		out["format"] = s.Format
	}
	if len(s.Enum) > 0 {
		enum := slices.Clone(s.Enum)
		if s.Nullable && !slices.Contains(enum, any(nil)) {
			enum = append(enum, nil)
		}
		out["enum"] = enum
	}
	if s.Pattern != "" {
		out["pattern"] = s.Pattern
	}
	if len(s.Properties) > 0 {
		props := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			m, err := convert(s.Properties[name], seen)
			if err != nil {
				return nil, fmt.Errorf("property %s: %w", name, err)
			}
			props[name] = m
		}
		out["properties"] = props
	}
	if s.Items != nil {
		m, err := convert(s.Items, seen)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		out["items"] = m
	}
	return out, nil
}

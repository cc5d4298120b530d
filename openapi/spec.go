// Package openapi holds the project's OpenAPI description of the r-spacex SpaceX API
// (spacex.yaml), the single source of truth for the API's shapes: the Go client in
// package client/spacex is generated from it, and the tap derives its Singer schemas from it.
package openapi

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Spec is spacex.yaml, byte for byte.
//
//go:embed spacex.yaml
var Spec []byte

// Load parses Spec, resolves its $refs and validates it. Each call returns a new,
// independent document that the caller may modify.
func Load() (*openapi3.T, error) { return load("spacex.yaml", Spec) }

// load parses one of the embedded specs (file names it in errors), resolves its $refs and
// validates it.
func load(file string, spec []byte) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: loading %s: %w", file, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: %s is invalid: %w", file, err)
	}
	return doc, nil
}

// schemaFor returns the component schema called name of doc (loaded from file), or an error
// listing the schemas it has.
func schemaFor(doc *openapi3.T, file, name string) (*openapi3.SchemaRef, error) {
	ref, ok := doc.Components.Schemas[name]
	if !ok || ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("openapi: no schema %q in %s (have: %s)", name, file, strings.Join(schemaNames(doc), ", "))
	}
	return ref, nil
}

// schemaNames lists the component schemas of doc, sorted.
func schemaNames(doc *openapi3.T) []string {
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// shared is the document behind SchemaFor, loaded once.
var shared = sync.OnceValues(Load)

// SchemaFor returns the component schema called name (e.g. "Launch",
// "StarlinkSatellite"), with every $ref resolved. The schema belongs to a document
// shared by all callers: read it, validate values with it (VisitJSON), but do not
// modify it; call Load for a private copy.
func SchemaFor(name string) (*openapi3.SchemaRef, error) {
	doc, err := shared()
	if err != nil {
		return nil, err
	}
	return schemaFor(doc, "spacex.yaml", name)
}

// SchemaNames lists the component schemas of Spec, sorted. It is empty if Spec does
// not load.
func SchemaNames() []string {
	doc, err := shared()
	if err != nil {
		return nil
	}
	return schemaNames(doc)
}

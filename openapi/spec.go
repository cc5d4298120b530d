// Package openapi holds the project's OpenAPI description of the r-spacex SpaceX API
// (spacex.yaml), the single source of truth for the API's shapes: the Go client in
// package client is generated from it, and the tap derives its Singer schemas from it.
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
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(Spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: loading spacex.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: spacex.yaml is invalid: %w", err)
	}
	return doc, nil
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
	ref, ok := doc.Components.Schemas[name]
	if !ok || ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("openapi: no schema %q (have: %s)", name, strings.Join(SchemaNames(), ", "))
	}
	return ref, nil
}

// SchemaNames lists the component schemas of Spec, sorted. It is empty if Spec does
// not load.
func SchemaNames() []string {
	doc, err := shared()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

package openapi

import (
	_ "embed"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// CelesTrakSpec is celestrak.yaml, byte for byte: the project's description of CelesTrak's
// satellite catalogue query (GET /satcat/records.php). The client in client/celestrak is
// generated from it and tap-celestrak derives its schema and record checks from it.
//
//go:embed celestrak.yaml
var CelesTrakSpec []byte

// LoadCelesTrak parses CelesTrakSpec, resolves its $refs and validates it. Each call returns
// a new, independent document that the caller may modify.
func LoadCelesTrak() (*openapi3.T, error) { return load("celestrak.yaml", CelesTrakSpec) }

// sharedCelesTrak is the document behind CelesTrakSchemaFor, loaded once.
var sharedCelesTrak = sync.OnceValues(LoadCelesTrak)

// CelesTrakSchemaFor returns the component schema called name of celestrak.yaml (e.g.
// "SatcatRecord"), with every $ref resolved. Like SchemaFor, the schema is shared: read it
// and validate with it, do not modify it.
func CelesTrakSchemaFor(name string) (*openapi3.SchemaRef, error) {
	doc, err := sharedCelesTrak()
	if err != nil {
		return nil, err
	}
	return schemaFor(doc, "celestrak.yaml", name)
}

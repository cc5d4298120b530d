package openapi

import (
	_ "embed"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// SpaceTrackSpec is spacetrack.yaml, byte for byte: the project's description of the part of
// Space-Track's API it uses (login, the satcat query, logout). The client in
// client/spacetrack is generated from it and tap-spacetrack derives its schema from it.
//
//go:embed spacetrack.yaml
var SpaceTrackSpec []byte

// LoadSpaceTrack parses SpaceTrackSpec, resolves its $refs and validates it. Each call
// returns a new, independent document that the caller may modify.
func LoadSpaceTrack() (*openapi3.T, error) { return load("spacetrack.yaml", SpaceTrackSpec) }

// sharedSpaceTrack is the document behind SpaceTrackSchemaFor, loaded once.
var sharedSpaceTrack = sync.OnceValues(LoadSpaceTrack)

// SpaceTrackSchemaFor returns the component schema called name of spacetrack.yaml (e.g.
// "SatcatEntry"), with every $ref resolved. Like SchemaFor, the schema is shared: read it
// and validate with it, do not modify it.
func SpaceTrackSchemaFor(name string) (*openapi3.SchemaRef, error) {
	doc, err := sharedSpaceTrack()
	if err != nil {
		return nil, err
	}
	return schemaFor(doc, "spacetrack.yaml", name)
}

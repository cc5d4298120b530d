// Package tap implements tap-spacex, a Singer tap for the r-spacex SpaceX API.
//
// The tap writes Singer messages (SCHEMA, RECORD, STATE, ACTIVATE_VERSION) as JSON lines on
// stdout and logs on stderr. Records are the API's documents exactly as it sent them: the tap
// never decodes a document into Go values and re-encodes it, so a JSON null stays null and no
// field is lost.
package tap

import (
	"encoding/json"
	"time"
)

// SchemaMessage announces a stream's JSON schema before its records:
//
//	{"type":"SCHEMA","stream":"launches","schema":{...},"key_properties":["id"],"bookmark_properties":["date_utc"]}
type SchemaMessage struct {
	Type               string         `json:"type"`
	Stream             string         `json:"stream"`
	Schema             map[string]any `json:"schema"`
	KeyProperties      []string       `json:"key_properties"`
	BookmarkProperties []string       `json:"bookmark_properties,omitempty"`
}

// RecordMessage carries one document of a stream, as the API sent it:
//
//	{"type":"RECORD","stream":"launches","record":{...},"version":1700000000000,"time_extracted":"2026-11-25T20:00:00Z"}
type RecordMessage struct {
	Type          string          `json:"type"`
	Stream        string          `json:"stream"`
	Record        json.RawMessage `json:"record"`
	Version       int64           `json:"version,omitempty"`
	TimeExtracted time.Time       `json:"time_extracted"`
}

// StateMessage carries the tap's bookmarks; Meltano saves the last one it receives:
//
//	{"type":"STATE","value":{"bookmarks":{"launches":{"replication_key":"date_utc","replication_key_value":"..."}}}}
type StateMessage struct {
	Type  string `json:"type"`
	Value State  `json:"value"`
}

// ActivateVersionMessage tells the target that the records of a version are complete, so rows
// of older versions (documents gone at the source) can be marked deleted:
//
//	{"type":"ACTIVATE_VERSION","stream":"rockets","version":1700000000000}
type ActivateVersionMessage struct {
	Type    string `json:"type"`
	Stream  string `json:"stream"`
	Version int64  `json:"version"`
}

// Catalog is the result of discovery and the input that selects streams and properties:
//
//	{"streams":[{"tap_stream_id":"launches","stream":"launches","schema":{...},"metadata":[...]}]}
type Catalog struct {
	Streams []CatalogEntry `json:"streams"`
}

// CatalogEntry describes one stream of the catalog.
type CatalogEntry struct {
	TapStreamID   string         `json:"tap_stream_id"`
	Stream        string         `json:"stream"`
	Schema        map[string]any `json:"schema"`
	KeyProperties []string       `json:"key_properties"`
	Metadata      []Metadata     `json:"metadata"`
}

// Metadata is one entry of a stream's metadata list: Breadcrumb [] is the stream itself,
// ["properties", "name"] a top-level property.
//
//	{"breadcrumb":[],"metadata":{"table-key-properties":["id"],"selected":true}}
type Metadata struct {
	Breadcrumb []string       `json:"breadcrumb"`
	Metadata   map[string]any `json:"metadata"`
}

// State is the value of a STATE message.
type State struct {
	Bookmarks map[string]Bookmark `json:"bookmarks"`
}

// Bookmark is a stream's position.
//
// An incremental stream keeps ReplicationKeyValue, the latest date_utc of a launch that was no
// longer upcoming, and UpcomingIDs, the launches that were upcoming, so the next run re-reads
// them even if their date moved back before the look-back window.
//
// A full-table stream interrupted half-way keeps NextPage, the next page to read, and Version,
// the table version its records carry, so a resumed run continues the same version.
type Bookmark struct {
	ReplicationKey      string   `json:"replication_key,omitempty"`
	ReplicationKeyValue string   `json:"replication_key_value,omitempty"`
	UpcomingIDs         []string `json:"upcoming_ids,omitempty"`
	Version             int64    `json:"version,omitempty"`
	NextPage            int      `json:"next_page,omitempty"`
}

// isZero reports whether the bookmark holds no position.
func (b Bookmark) isZero() bool {
	return b.ReplicationKeyValue == "" && len(b.UpcomingIDs) == 0 && b.Version == 0 && b.NextPage == 0
}

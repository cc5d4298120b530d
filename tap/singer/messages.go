package singer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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

// Bookmark is a stream's position, written in STATE messages.
//
// An incremental stream keeps ReplicationKey and ReplicationKeyValue (the latest value it has
// emitted), and whatever else its policy needs in Extra (launches keeps "upcoming_ids").
//
// A full-table stream interrupted half-way keeps Version, the table version its records carry,
// and its position: After, the key of the last record emitted (streams read in key order), or,
// in states written by older versions of a tap, NextPage.
type Bookmark struct {
	ReplicationKey      string `json:"replication_key,omitempty"`
	ReplicationKeyValue string `json:"replication_key_value,omitempty"`
	Version             int64  `json:"version,omitempty"`
	After               string `json:"after,omitempty"`
	NextPage            int    `json:"next_page,omitempty"`
	// Extra holds a stream's own bookmark fields, written after the others (sorted by name).
	Extra map[string]json.RawMessage `json:"-"`
}

// bookmarkFields is Bookmark without its methods and Extra, for encoding.
type bookmarkFields struct {
	ReplicationKey      string `json:"replication_key,omitempty"`
	ReplicationKeyValue string `json:"replication_key_value,omitempty"`
	Version             int64  `json:"version,omitempty"`
	After               string `json:"after,omitempty"`
	NextPage            int    `json:"next_page,omitempty"`
}

var bookmarkKeys = []string{"replication_key", "replication_key_value", "version", "after", "next_page"}

// MarshalJSON writes the known fields, then Extra's sorted by name.
func (b Bookmark) MarshalJSON() ([]byte, error) {
	known, err := json.Marshal(bookmarkFields{b.ReplicationKey, b.ReplicationKeyValue, b.Version, b.After, b.NextPage})
	if err != nil || len(b.Extra) == 0 {
		return known, err
	}
	out := bytes.TrimSuffix(known, []byte("}"))
	for _, k := range slices.Sorted(maps.Keys(b.Extra)) {
		if slices.Contains(bookmarkKeys, k) {
			return nil, fmt.Errorf("bookmark extra field %q is a reserved name", k)
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		key, _ := json.Marshal(k)
		out = append(append(append(out, key...), ':'), b.Extra[k]...)
	}
	return append(out, '}'), nil
}

// UnmarshalJSON reads the known fields and keeps every other one in Extra.
func (b *Bookmark) UnmarshalJSON(raw []byte) error {
	var f bookmarkFields
	if err := json.Unmarshal(raw, &f); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return err
	}
	for _, k := range bookmarkKeys {
		delete(all, k)
	}
	*b = Bookmark{f.ReplicationKey, f.ReplicationKeyValue, f.Version, f.After, f.NextPage, nil}
	if len(all) > 0 {
		b.Extra = all
	}
	return nil
}

// IsZero reports whether the bookmark holds no position.
func (b Bookmark) IsZero() bool {
	return b.ReplicationKeyValue == "" && b.Version == 0 && b.After == "" && b.NextPage == 0 && len(b.Extra) == 0
}

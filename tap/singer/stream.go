package singer

import (
	"context"
	"encoding/json"
	"iter"
)

// Replication methods of the Singer spec.
const (
	FullTable   = "FULL_TABLE"
	Incremental = "INCREMENTAL"
)

// Stream is one stream a tap can sync. The tap implements it; the Syncer does the rest
// (SCHEMA, RECORD, STATE and ACTIVATE_VERSION messages, selection, bookmarks, concurrency).
type Stream interface {
	// Name is the Singer stream name (tap_stream_id) and the target's table name.
	Name() string
	// Schema is the JSON Schema of the stream's records, as discovery announces it.
	Schema() map[string]any
	// KeyProperties are the top-level properties that identify a record.
	KeyProperties() []string
	// ReplicationMethod is FullTable or Incremental.
	ReplicationMethod() string
	// ReplicationKey is the property an incremental stream is bookmarked on; "" for full table.
	ReplicationKey() string
	// Read yields the stream's records from the position from, and checkpoints.
	//
	// A full-table stream reads its records in the order of a unique key and is given
	// Bookmark{After: key}, the key of the last record emitted under the same table version
	// ("" to start from the beginning); it yields the records after it, and checkpoints
	// carrying After, the key of the last record yielded before them (the Syncer adds the
	// version). A stream that never yields a checkpoint (a single document) always starts
	// over; so does a stream whose saved bookmark has no After (e.g. an old next_page).
	//
	// An incremental stream is given its bookmark of the last run (zero on the first run) and
	// yields records and checkpoints carrying its whole new bookmark; the last checkpoint is
	// the bookmark the run ends with.
	//
	// The Syncer writes a checkpoint as a STATE message only after every record yielded before
	// it, so a checkpoint must cover exactly those. After yielding an error Read must stop.
	Read(ctx context.Context, from Bookmark) iter.Seq2[Item, error]
}

// Item is what Stream.Read yields: a record, or, when Checkpoint is set, a checkpoint.
type Item struct {
	// Record is one document of the stream as the source sent it (a JSON object); the Syncer
	// emits it unchanged but for the properties the catalog leaves out.
	Record json.RawMessage
	// Page and Index say where a record came from (1-based page, 0-based index in the page) for
	// error messages; Page 0 when the source has no pages. On a checkpoint, Page is the page it
	// closes (0: a checkpoint that closes no page, such as an incremental stream's final one).
	Page, Index int
	// Checkpoint, when set, is the stream's position after every record yielded before it.
	// A full-table stream's checkpoint may carry Extra fields of its own (e.g. a source's
	// ETag): the Syncer keeps the last one's Extra in the bookmark after the run ends, and
	// gives it back as the next run's from.Extra.
	Checkpoint *Bookmark
	// Unchanged, set on an item alone and before any record, says the source has not changed
	// since from (e.g. it answered 304 to from's ETag): a full-table sync then writes no
	// ACTIVATE_VERSION (which would empty the table) and leaves the state as it was.
	Unchanged bool
}

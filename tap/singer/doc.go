// Package singer is the Singer machinery shared by the project's taps (tap-spacex, and
// tap-spacetrack): the wire messages, the stdout writer, state, the catalog and its
// selection, OpenAPI to JSON Schema conversion, the settings table behind --about and config
// parsing, the sync loop of each replication method, and the command line.
//
// A tap provides a Tap (About and Open) and, for each stream, a Stream; the package does the
// rest. A tap's main is one line:
//
//	func main() { singer.Main(mytap.Tap{Version: version}) }
//
// # Settings
//
// A tap writes each setting once, as a row of a []Setting table whose Into fields point into
// its config struct: About lists the table, ParseSettings fills the struct (defaults, then the
// config's values, then each row's Check), and singertest.CheckMeltanoSettings checks that
// meltano.yml declares the same settings (names, kinds, defaults, sensitive).
//
// # Streams and replication
//
// Stream.Read yields records (the source's bytes, emitted unchanged but for deselected
// properties) and checkpoints. The Syncer writes a SCHEMA first, each record as a RECORD, and
// each checkpoint as a STATE message only after the records before it have been written.
//
//   - FullTable: every record of a run carries one table version. The stream reads in key
//     order; a checkpoint's position Bookmark.After, the key of the last record yielded, is
//     saved with the version, so an interrupted run resumes right after that record with the
//     same version, whatever changed at the source or the page size. (A bookmark without After,
//     such as an older tap's next_page, restarts the stream under a new version.)
//     At the end the Syncer writes ACTIVATE_VERSION (the target then deletes rows of older
//     versions) and clears the bookmark. A stream that never checkpoints (a single document)
//     starts over each run.
//   - Incremental: the stream is given its last bookmark and yields checkpoints carrying its
//     whole new bookmark (ReplicationKeyValue, plus any Extra fields its policy needs).
//
// Streams run concurrently (Syncer.MaxConcurrentStreams); Output keeps their lines whole and
// apart, and Run flushes every message it started on every exit path (error, cancellation).
//
// # Command line
//
// Run (and Main, which adds signals, the logger and the exit status) implements
// --about [--format json|markdown], --config, --discover, --catalog (or --properties) and
// --state.
package singer

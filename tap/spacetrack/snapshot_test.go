package spacetrack

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// With snapshot_dir (and no credentials) the tap reads the catalogue in-process, through the
// session (login, keyset queries, logout) and the whole HTTP path, and writes the very output
// the sync through the replay server pins (testdata/sync.golden.jsonl); base_url, where
// nothing listens, is ignored.
func TestSync_SnapshotDirGivesTheReplayServersRecords(t *testing.T) {
	config := []byte(`{"snapshot_dir":"` + sampleDir + `","page_size":3,"max_attempts":2,"base_url":"http://127.0.0.1:1"}`)
	r := syncOnce(t, config, singer.State{}, fixedNow)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.logs)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "sync.golden.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.out, want) {
		t.Errorf("the snapshot_dir sync differs from testdata/sync.golden.jsonl (the replay server's):\n%.2000s", r.out)
	}
	if !strings.Contains(r.logs, "logged in to Space-Track") {
		t.Errorf("no login through the session:\n%s", r.logs)
	}
}

// Without snapshot_dir a sync needs the credentials; with one it does not.
func TestCheckSync_SnapshotDirNeedsNoCredentials(t *testing.T) {
	if err := (Config{SnapshotDir: sampleDir}).CheckSync(); err != nil {
		t.Errorf("snapshot: %v", err)
	}
	if err := (Config{}).CheckSync(); err == nil || !strings.Contains(err.Error(), "unless snapshot_dir is set") {
		t.Errorf("no snapshot, no credentials: %v", err)
	}
}

package spacex

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// snapshotSync opens the tap with config (as --config) and syncs every stream, clock fixed.
func snapshotSync(t *testing.T, config map[string]any) ([]byte, error) {
	t.Helper()
	raw, err := json.Marshal(config)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	src, err := Tap{Version: "test"}.Open(raw, logger)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	s := &singer.Syncer{Streams: src.Streams, Catalog: singer.Discover(src.Streams), Selection: singer.SelectAll(src.Streams),
		Out: singer.NewOutput(&out), Logger: logger, Now: func() time.Time { return sampleNow }}
	err = s.Run(context.Background(), singer.State{})
	return out.Bytes(), err
}

// With snapshot_dir the tap reads the folder in-process, through the generated client and
// the whole HTTP path, and writes the very output the sync through the replay server pins
// (testdata/sync.golden.jsonl); base_url, where nothing listens, is ignored.
func TestSync_SnapshotDirGivesTheReplayServersRecords(t *testing.T) {
	out, err := snapshotSync(t, map[string]any{"snapshot_dir": replay.SampleDir(), "page_size": 2, "base_url": "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "sync.golden.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := normaliseSync(t, out, singer.State{}); !bytes.Equal(got, want) {
		t.Errorf("the snapshot_dir sync differs from testdata/sync.golden.jsonl (the replay server's):\n%.2000s", got)
	}
}

// A snapshot folder that is not there is refused naming the setting, the path and the
// working directory a relative path is taken from.
func TestOpen_MissingSnapshotDirNamesTheSettingAndPath(t *testing.T) {
	wd, _ := os.Getwd()
	for _, dir := range []string{"no-such-snapshot", filepath.Join(t.TempDir(), "gone")} {
		_, err := snapshotSync(t, map[string]any{"snapshot_dir": dir})
		if err == nil || !strings.Contains(err.Error(), `config snapshot_dir "`+dir+`"`) || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("%s: %v, want the setting and the path named", dir, err)
		}
		if rel := !filepath.IsAbs(dir); rel != strings.Contains(err.Error(), wd) {
			t.Errorf("%s: %v: the working directory is named for a relative path only", dir, err)
		}
	}
}

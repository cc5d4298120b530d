package singertest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// Message is one parsed line of a tap's stdout.
type Message struct {
	Type    string          `json:"type"`
	Stream  string          `json:"stream"`
	Record  json.RawMessage `json:"record"`
	Version int64           `json:"version"`
	Value   *singer.State   `json:"value"`
}

// ParseMessages parses every line of a tap's stdout, failing t on a line that is not one whole
// JSON message.
func ParseMessages(t testing.TB, out []byte) []Message {
	t.Helper()
	var msgs []Message
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var m Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("stdout line %d is not a whole JSON message: %v: %.200s", n, err, sc.Bytes())
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// CountType is how many of msgs have type typ.
func CountType(msgs []Message, typ string) int {
	n := 0
	for _, m := range msgs {
		if m.Type == typ {
			n++
		}
	}
	return n
}

// LastState is the value of the last STATE message, failing t when there is none.
func LastState(t testing.TB, msgs []Message) singer.State {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Type == "STATE" {
			return *msgs[i].Value
		}
	}
	t.Fatal("no STATE message")
	return singer.State{}
}

// RunMain runs the current test binary again as the tap's process: the test's TestMain must
// call the tap's main when prefix+"_MAIN" is "1", with the arguments in prefix+"_ARGS"
// (space-separated). It returns the exit code, stdout and stderr.
func RunMain(t testing.TB, prefix string, args ...string) (int, []byte, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), prefix+"_MAIN=1", prefix+"_ARGS="+strings.Join(args, " "))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.Bytes(), errOut.String()
}

// SyncResult is what Sync saw: the tap's stdout, its log (DEBUG and up) and the sync's error.
type SyncResult struct {
	Out  []byte
	Logs string
	Err  error
}

// Sync opens tap with config and syncs every stream from state in this process, with the
// clock at now (time_extracted and the table versions).
func Sync(t testing.TB, tap singer.Tap, config []byte, state singer.State, now func() time.Time) SyncResult {
	t.Helper()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	src, err := tap.Open(config, logger)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	var out bytes.Buffer
	s := &singer.Syncer{Streams: src.Streams, Catalog: singer.Discover(src.Streams), Selection: singer.SelectAll(src.Streams),
		Out: singer.NewOutput(&out), Logger: logger, Now: now}
	err = s.Run(context.Background(), state)
	return SyncResult{Out: out.Bytes(), Logs: logs.String(), Err: err}
}

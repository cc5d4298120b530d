package spacex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// buildTap builds tap-spacex into a temporary folder and returns its path.
func buildTap(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tap-spacex")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/spacex-elt/spacex-elt/tap/cmd/tap-spacex")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// slowBodies serves h's responses in 4 KiB chunks, 2 ms apart, so that a page takes a while
// to arrive and a tap stopped at any moment is in the middle of one.
func slowBodies(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.Bytes()
		for len(body) > 0 {
			n := min(len(body), 4096)
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			body = body[n:]
			select {
			case <-r.Context().Done():
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
}

// checkWholeLines fails unless out is a sequence of whole lines, each one Singer message.
func checkWholeLines(t *testing.T, run string, out []byte) (lines int) {
	t.Helper()
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Errorf("%s: stdout ends mid-line: ...%.120s", run, out[max(0, len(out)-120):])
	}
	for i, l := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if len(out) == 0 {
			break
		}
		var m struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(l, &m); err != nil || m.Type == "" {
			t.Errorf("%s: stdout line %d is not a whole Singer message (%v): %.120s", run, i+1, err, l)
			return i
		}
		lines++
	}
	return lines
}

// The built tap, stopped at many moments of a sync (SIGTERM, SIGINT, a truncated page, a
// server error), leaves on stdout only whole lines, each a Singer message, and exits non-zero.
func TestTapBinary_StoppedAnywhereWritesOnlyWholeLines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the tap binary about 30 times")
	}
	bin := buildTap(t)
	dir := t.TempDir()
	counts := map[string]int{"starlink": 600, "payloads": 300, "cores": 200}
	writeGeneratedSnapshot(t, dir, counts)
	cat := discover(t)
	for i := range cat.Streams {
		e := &cat.Streams[i]
		_, selected := counts[e.Stream]
		e.Metadata[0].Metadata["selected"] = selected
	}
	catalog := writeJSON(t, "catalog.json", cat)

	serve := func(faults []replay.Fault) string {
		srv, err := replay.New(dir, replay.Options{Faults: faults})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(slowBodies(srv))
		t.Cleanup(ts.Close)
		return ts.URL
	}
	run := func(name, baseURL string, stop func(*exec.Cmd)) (stdout []byte, stderr string, err error) {
		config := writeJSON(t, "config.json", map[string]any{"base_url": baseURL, "page_size": 100, "max_attempts": 1})
		cmd := exec.Command(bin, "--config", config, "--catalog", catalog)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if stop != nil {
			stop(cmd)
		}
		err = cmd.Wait()
		return out.Bytes(), errb.String(), err
	}

	clean := serve(nil)
	stoppedMidRun := 0
	for i := range 20 {
		sig, sigName := syscall.SIGTERM, "SIGTERM"
		if i%2 == 1 {
			sig, sigName = syscall.SIGINT, "SIGINT"
		}
		after := time.Duration(40+i*37) * time.Millisecond
		name := fmt.Sprintf("%s after %v", sigName, after)
		out, stderr, err := run(name, clean, func(cmd *exec.Cmd) {
			time.Sleep(after)
			_ = cmd.Process.Signal(sig) // our own child, by its pid
		})
		lines := checkWholeLines(t, name, out)
		var exit *exec.ExitError
		ws, _ := waitStatus(err)
		switch {
		case err == nil: // finished before the signal
		case ws.Signaled() && len(out) == 0: // the signal came before the tap set its handler: nothing started
		case errors.As(err, &exit) && exit.ExitCode() == 1 && bytes.Contains([]byte(stderr), []byte("sync stopped")):
			stoppedMidRun++
		default:
			t.Errorf("%s: ended with %v; want exit status 1 and \"sync stopped\" in the log:\n%s", name, err, stderr)
		}
		t.Logf("%s: %d whole lines, %v", name, lines, err)
	}
	if stoppedMidRun < 12 {
		t.Errorf("only %d of 20 runs were stopped mid-run; the test needs slower pages", stoppedMidRun)
	}

	for _, f := range []replay.Fault{
		{Path: "/v4/starlink/query", Page: 2, Truncate: true},
		{Path: "/v4/payloads/query", Page: 3, Truncate: true},
		{Path: "/v4/cores/query", Page: 2, Status: http.StatusInternalServerError},
	} {
		name := fmt.Sprintf("fault %+v", f)
		out, stderr, err := run(name, serve([]replay.Fault{f}), nil)
		checkWholeLines(t, name, out)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !bytes.Contains([]byte(stderr), []byte(f.Path)) {
			t.Errorf("%s: ended with %v; want exit status 1 and an error naming %s:\n%s", name, err, f.Path, stderr)
		}
	}
}

// waitStatus returns the wait status of a process that ended with err.
func waitStatus(err error) (syscall.WaitStatus, bool) {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return 0, false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ws, ok
}

// writeJSON writes v as JSON into the test's temporary folder and returns the path.
func writeJSON(t *testing.T, name string, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

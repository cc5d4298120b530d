package singer

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
)

// chunkRecorder records every Write call separately.
type chunkRecorder struct {
	mu     sync.Mutex
	chunks [][]byte
	fail   bool
}

func (c *chunkRecorder) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return 0, errors.New("broken pipe")
	}
	c.chunks = append(c.chunks, bytes.Clone(p))
	return len(p), nil
}

// Whatever the sizes of the messages, every write that reaches the underlying writer is a
// run of whole lines, so a process stopped between two writes never leaves half a line.
func TestOutput_EveryWriteIsWholeLines(t *testing.T) {
	var rec chunkRecorder
	o := NewOutput(&rec)
	var want bytes.Buffer
	for i := range 400 {
		// from a few bytes to well over the 64 KiB buffer
		msg := map[string]string{"type": "RECORD", "pad": strings.Repeat("x", (i*977)%(90<<10))}
		if err := o.Write(msg); err != nil {
			t.Fatal(err)
		}
		want.WriteString(`{"pad":"` + msg["pad"] + `","type":"RECORD"}` + "\n")
	}
	if err := o.Flush(); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for i, c := range rec.chunks {
		if len(c) == 0 || c[len(c)-1] != '\n' {
			t.Fatalf("write %d of %d bytes does not end a line", i, len(c))
		}
		got.Write(c)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("output differs from the messages (%d vs %d bytes)", got.Len(), want.Len())
	}
	if len(rec.chunks) < 10 {
		t.Errorf("%d writes; want the buffer to be written out many times", len(rec.chunks))
	}
}

func TestOutput_AWriteErrorSticks(t *testing.T) {
	rec := chunkRecorder{fail: true}
	o := NewOutput(&rec)
	if err := o.WriteState(State{}); err == nil {
		t.Fatal("want the write error")
	}
	rec.fail = false
	if err := o.Write(map[string]int{"a": 1}); err == nil || !strings.Contains(err.Error(), "broken pipe") {
		t.Errorf("write after a failed write: %v; want the first error again", err)
	}
	if len(rec.chunks) != 0 {
		t.Errorf("%d writes after the failure", len(rec.chunks))
	}
}

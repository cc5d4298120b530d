package singer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// outputBuffer is how many bytes of whole messages Output holds before writing them out.
const outputBuffer = 64 << 10

// Output owns the tap's stdout: every Singer message goes through it, one JSON object a line.
// It is safe for concurrent use; lines of different streams never interleave.
//
// Every write to the underlying writer is a run of whole lines: messages are buffered (up to
// 64 KiB) and written out whole, and a message larger than the buffer is written alone, in
// one call. So whenever the process stops (an error, a cancelled context, SIGTERM), what
// reached stdout ends at the end of a line; Flush writes out what is buffered. After a
// failed write every later call fails, so nothing follows a line that may be cut.
type Output struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // whole lines not yet written
	line    bytes.Buffer
	enc     *json.Encoder
	err     error // the first write error, sticky
}

// NewOutput returns an Output writing to w.
func NewOutput(w io.Writer) *Output {
	o := &Output{w: w, pending: make([]byte, 0, outputBuffer)}
	o.enc = json.NewEncoder(&o.line)
	o.enc.SetEscapeHTML(false)
	return o
}

// Write encodes msg as one line. Messages are buffered; call Flush to push them out.
func (o *Output) Write(msg any) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	o.line.Reset()
	if err := o.enc.Encode(msg); err != nil { // Encode appends the newline.
		return fmt.Errorf("encoding Singer message: %w", err)
	}
	line := o.line.Bytes()
	if len(o.pending)+len(line) > cap(o.pending) {
		if err := o.flushLocked(); err != nil {
			return err
		}
	}
	if len(line) > cap(o.pending) {
		return o.writeLocked(line)
	}
	o.pending = append(o.pending, line...)
	return nil
}

// WriteState writes a STATE message and flushes, so the state never reaches the target
// before the records it covers, and a saved position is never held back in a buffer.
func (o *Output) WriteState(s State) error {
	if err := o.Write(StateMessage{Type: "STATE", Value: s}); err != nil {
		return err
	}
	return o.Flush()
}

// Flush writes out the buffered messages.
func (o *Output) Flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	return o.flushLocked()
}

func (o *Output) flushLocked() error {
	if len(o.pending) == 0 {
		return nil
	}
	err := o.writeLocked(o.pending)
	o.pending = o.pending[:0]
	return err
}

func (o *Output) writeLocked(p []byte) error {
	if _, err := o.w.Write(p); err != nil {
		o.err = fmt.Errorf("writing Singer messages: %w", err)
		return o.err
	}
	return nil
}

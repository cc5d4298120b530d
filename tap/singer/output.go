package singer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Output owns the tap's stdout: every Singer message goes through it, one JSON object a line.
// It is safe for concurrent use; lines of different streams never interleave.
type Output struct {
	mu  sync.Mutex
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

// NewOutput returns an Output writing to w.
func NewOutput(w io.Writer) *Output {
	o := &Output{w: bufio.NewWriterSize(w, 64<<10)}
	o.enc = json.NewEncoder(&o.buf)
	o.enc.SetEscapeHTML(false)
	return o
}

// Write encodes msg as one line. Records are buffered; call Flush to push them out.
func (o *Output) Write(msg any) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Reset()
	if err := o.enc.Encode(msg); err != nil { // Encode appends the newline.
		return fmt.Errorf("encoding Singer message: %w", err)
	}
	if _, err := o.w.Write(o.buf.Bytes()); err != nil {
		return fmt.Errorf("writing Singer message: %w", err)
	}
	return nil
}

// WriteState writes a STATE message and flushes, so the state never reaches the target
// before the records it covers.
func (o *Output) WriteState(s State) error {
	if err := o.Write(StateMessage{Type: "STATE", Value: s}); err != nil {
		return err
	}
	return o.Flush()
}

// Flush writes out buffered messages.
func (o *Output) Flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.w.Flush(); err != nil {
		return fmt.Errorf("flushing Singer output: %w", err)
	}
	return nil
}

package transport

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Each attempt gets its own timeout: two attempts that get no response within it are
// retried, and the third, which answers, succeeds. Neither the whole request nor the
// back-off is bounded by it.
func TestTransport_AttemptTimeoutIsPerAttempt(t *testing.T) {
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(ts.Close)
	tr := New(Options{AttemptTimeout: 150 * time.Millisecond, MaxAttempts: 3, BaseDelay: time.Millisecond})
	c := &http.Client{Transport: tr}
	start := time.Now()
	resp, err := c.Get(ts.URL + "/v4/company")
	if err != nil {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(body) != `{"ok":true}` {
		t.Fatalf("body %q, %v", body, err)
	}
	if st := tr.Stats(); st.Requests != 3 || st.Retries != 2 {
		t.Errorf("stats %+v; want 3 attempts, 2 of them retries", st)
	}
	if d := time.Since(start); d < 300*time.Millisecond || d > 1500*time.Millisecond {
		t.Errorf("took %v; want about two timeouts of 150ms", d)
	}

	// With one attempt only, the timeout is the error, naming the endpoint and the limit.
	n.Store(0)
	one := &http.Client{Transport: New(Options{AttemptTimeout: 100 * time.Millisecond, MaxAttempts: 1})}
	_, err = one.Get(ts.URL + "/v4/company")
	var te *AttemptTimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "/v4/company") || !strings.Contains(err.Error(), "no response within 100ms") {
		t.Errorf("error %v; want an AttemptTimeoutError naming the endpoint and 100ms", err)
	}
}

// A body that stalls longer than the timeout fails the read; a caller that reads slowly (as
// the tap does when its stdout is slow) is not timed out, whatever the total time.
func TestTransport_AttemptTimeoutBoundsEachBodyReadNotTheCaller(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 5 {
			_, _ = io.WriteString(w, strings.Repeat("x", 10))
			w.(http.Flusher).Flush()
			if r.URL.Path == "/stall" && i == 2 {
				select {
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
				}
				return
			}
		}
	}))
	t.Cleanup(ts.Close)
	c := &http.Client{Transport: New(Options{AttemptTimeout: 150 * time.Millisecond, MaxAttempts: 1})}

	resp, err := c.Get(ts.URL + "/slow-reader")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 10)
	total := 0
	for {
		n, err := resp.Body.Read(buf)
		total += n
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", total, err)
		}
		time.Sleep(100 * time.Millisecond) // 5 × 100 ms > 150 ms in all
	}
	resp.Body.Close()
	if total != 50 {
		t.Errorf("read %d bytes, want 50", total)
	}

	resp, err = c.Get(ts.URL + "/stall")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	var te *AttemptTimeoutError
	if !errors.As(err, &te) || !te.Body || !strings.Contains(err.Error(), "stalled") {
		t.Errorf("read %d bytes, error %v; want a stalled-body AttemptTimeoutError", len(data), err)
	}
}

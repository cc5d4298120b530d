package transport

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A request through InProcess reaches the handler with its method, path, query and body, and
// the handler's status, headers and body come back; retries run over it as over a socket.
func TestInProcess_ServesTheHandlerThroughTheTransport(t *testing.T) {
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" "+string(body))
	})
	tr := New(Options{Base: InProcess(h), BaseDelay: 1})
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://snapshot.invalid/v4/crew/query?x=1", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Content-Type") != "application/json" ||
		string(body) != `POST /v4/crew/query?x=1 {"a":1}` || resp.Request == nil {
		t.Errorf("%d %v %q", resp.StatusCode, resp.Header, body)
	}
	if calls != 2 || tr.Stats().Retries != 1 {
		t.Errorf("%d calls, stats %+v; want the 503 retried", calls, tr.Stats())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, "http://snapshot.invalid/v4/crew", nil)
	if _, err := InProcess(h).RoundTrip(req); err == nil {
		t.Error("a cancelled request was served")
	}
}

package singer

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Metric is one Singer metric, logged on stderr as the Singer spec's METRIC line:
//
//	INFO METRIC: {"type":"counter","metric":"record_count","value":100,"tags":{"endpoint":"starlink"}}
//	INFO METRIC: {"type":"timer","metric":"http_request_duration","value":0.132,"tags":{"endpoint":"/v4/starlink/query","http_status_code":200,"status":"succeeded"}}
//
// A counter's value is the count since the stream's previous record_count line (the lines of a
// stream add up to its records, as singer-python's Counter reports them); a timer's is seconds.
type Metric struct {
	Type   string         `json:"type"`
	Metric string         `json:"metric"`
	Value  any            `json:"value"`
	Tags   map[string]any `json:"tags"`
}

// metricMessage is the message of a log record that carries a Metric (attribute "metric").
const metricMessage = "METRIC"

// LogMetric logs m at INFO. Through NewLogHandler it is written as a Singer METRIC line; any
// other handler shows it as an ordinary record.
func LogMetric(ctx context.Context, logger *slog.Logger, m Metric) {
	if logger != nil {
		logger.LogAttrs(ctx, slog.LevelInfo, metricMessage, slog.Any("metric", m))
	}
}

// RecordCount is the record_count counter of a stream.
func RecordCount(stream string, n int) Metric {
	return Metric{Type: "counter", Metric: "record_count", Value: n, Tags: map[string]any{"endpoint": stream}}
}

// HTTPRequestDuration is the http_request_duration timer of one HTTP attempt: status 0 when no
// response came (a connection error, a timeout); "succeeded" only for a 2xx or 3xx response.
func HTTPRequestDuration(endpoint string, status int, took time.Duration) Metric {
	tags := map[string]any{"endpoint": endpoint, "status": "failed"}
	if status != 0 {
		tags["http_status_code"] = status
	}
	if status >= 200 && status < 400 {
		tags["status"] = "succeeded"
	}
	return Metric{Type: "timer", Metric: "http_request_duration", Value: took.Seconds(), Tags: tags}
}

// HTTPTimer returns a function for client/transport's Options.OnAttempt that logs each
// attempt's http_request_duration, its endpoint named by endpoint (e.g. the URL path).
func HTTPTimer(logger *slog.Logger, endpoint func(*http.Request) string) func(req *http.Request, status int, took time.Duration) {
	return func(req *http.Request, status int, took time.Duration) {
		LogMetric(req.Context(), logger, HTTPRequestDuration(endpoint(req), status, took))
	}
}

// NewLogHandler is a tap's stderr log: slog's text format, but records made by LogMetric are
// written as Singer METRIC lines ("INFO METRIC: <json>"), which Meltano and Singer tools read.
func NewLogHandler(w io.Writer, level slog.Leveler) slog.Handler {
	lw := &lockedWriter{w: w}
	return &logHandler{text: slog.NewTextHandler(lw, &slog.HandlerOptions{Level: level}), out: lw}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

type logHandler struct {
	text slog.Handler
	out  *lockedWriter
}

func (h *logHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.text.Enabled(ctx, l) }

func (h *logHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == metricMessage {
		var m *Metric
		r.Attrs(func(a slog.Attr) bool {
			if v, ok := a.Value.Any().(Metric); ok && a.Key == "metric" {
				m = &v
			}
			return m == nil
		})
		if m != nil {
			line, err := json.Marshal(m)
			if err != nil {
				return err
			}
			_, err = h.out.Write(append(append([]byte(r.Level.String()+" METRIC: "), line...), '\n'))
			return err
		}
	}
	return h.text.Handle(ctx, r)
}

func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &logHandler{text: h.text.WithAttrs(attrs), out: h.out}
}

func (h *logHandler) WithGroup(name string) slog.Handler {
	return &logHandler{text: h.text.WithGroup(name), out: h.out}
}

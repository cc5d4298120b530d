// Package explore is the analysts' what-if page (`just explore`): a local web server that runs
// the forecast engine on the warehouse's history with the assumptions an analyst moves, and
// shows the answer, its fan charts and its stamp (assumptions, data as-of date, sources,
// commit). The page and its assets are embedded (no CDN: it works offline); the charts are SVG
// drawn here. The page's state is its URL's query: one name=value per assumption that differs
// from assumptions.yaml, the same query the JSON and CSV downloads take.
//
// Routes (GET only):
//
//	/                    the page
//	/api/controls        the assumptions as the page shows them (kind, range, unit, source)
//	/api/ledger          the engine's runs (analytics.fct_starlink_forecast_runs): how the answer moved
//	/api/forecast        the page's view of a run: the result and its charts
//	/api/forecast.json   the result (download)
//	/api/forecast.csv    the result's months per scenario (download)
//	/api/scenarios.csv   the result's scenarios (download)
//
// Bad input is answered 400 naming the field.
package explore

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

//go:embed static
var static embed.FS

// Config is what a Server is made from.
type Config struct {
	// History is the engine's input, read once (store.LoadHistory, as the analyst).
	History forecast.History
	// Commit is the commit the server was built from; "" when unknown (shown as "unknown").
	Commit string
	Logger *slog.Logger
	// Ledger is the engine's runs (LoadLedger, as the analyst); LedgerError says why it could not
	// be read (the page says so and works without it).
	Ledger      []LedgerRun
	LedgerError error
}

// Server answers the page's requests. It holds the history, the defaults and the calibration
// factors of one full engine run made when it was created; each request runs the engine's
// fast path (no backtest) with those factors.
type Server struct {
	history       forecast.History
	defaults      forecast.Assumptions
	controls      []Control
	control       map[string]Control
	distributions []string // names with _p10, _p50 and _p90 assumptions
	factors       map[string]float64
	observed      []ObservedMonth
	ledger        Ledger
	commit        string
	log           *slog.Logger

	// run is one engine run at a time: the engine already uses every core.
	run   chan struct{}
	mu    sync.Mutex
	cache map[string]*Result
	order []string
}

// cacheSize is how many results (by canonical query) the server keeps: a download after a view
// does not run the engine again.
const cacheSize = 32

// New checks the history, runs the full engine once on the default assumptions (the backtest
// gives the calibration factors every request reuses) and builds the controls.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if err := cfg.History.Validate(); err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	defaults, err := forecast.DefaultAssumptions()
	if err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	cat, err := forecast.Catalogue()
	if err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	s := &Server{history: cfg.History, defaults: defaults, commit: cfg.Commit, log: cfg.Logger,
		run: make(chan struct{}, 1), cache: map[string]*Result{}}
	if s.commit == "" {
		s.commit = "unknown"
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	full, err := fullRun(ctx, cfg.History, defaults)
	if err != nil {
		return nil, fmt.Errorf("explore: the full run on the default assumptions: %w", err)
	}
	s.factors = full.CalibrationFactors
	s.log.Info("full engine run for the calibration factors", "elapsed", time.Since(start).Round(time.Millisecond),
		"backtest_rows", len(full.Backtest), "factors", len(s.factors))
	if s.controls, err = controls(cat, defaults, full.AsOf, full.Estimates); err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	s.control = map[string]Control{}
	for _, c := range s.controls {
		s.control[c.Name] = c
	}
	for _, c := range s.controls {
		if base, ok := strings.CutSuffix(c.Name, "_p10"); ok {
			if _, ok := s.control[base+"_p50"]; ok {
				if _, ok := s.control[base+"_p90"]; ok {
					s.distributions = append(s.distributions, base)
				}
			}
		}
	}
	s.observed = observed(cfg.History)
	s.ledger = Ledger{Runs: cfg.Ledger, Chart: ledgerChart(cfg.Ledger)}
	if s.ledger.Runs == nil {
		s.ledger.Runs = []LedgerRun{}
	}
	if cfg.LedgerError != nil {
		s.ledger.Error = cfg.LedgerError.Error()
	}
	// The defaults' result is the first a page asks for.
	r := s.result(full, nil, "")
	r.Method = "The full run made at start-up (backtest included) on the default assumptions; every other view takes its calibration factors. " + r.Method
	s.remember("", r)
	return s, nil
}

// Handler is the page and its API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(static, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(assets)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		b, _ := static.ReadFile("static/index.html")
		w.Write(b) //nolint:errcheck // the client went away
	})
	mux.HandleFunc("GET /api/controls", s.handleControls)
	mux.HandleFunc("GET /api/ledger", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.ledger) })
	mux.HandleFunc("GET /api/forecast", s.handleView)
	mux.HandleFunc("GET /api/forecast.json", s.handleJSON)
	mux.HandleFunc("GET /api/forecast.csv", s.handleMonthlyCSV)
	mux.HandleFunc("GET /api/scenarios.csv", s.handleScenariosCSV)
	return mux
}

// ControlsResponse is GET /api/controls.
type ControlsResponse struct {
	Groups   []string  `json:"groups"`
	Controls []Control `json:"controls"`
	AsOf     string    `json:"as_of_date"`
	Sources  string    `json:"data_sources"`
	Commit   string    `json:"commit"`
	MaxPaths int       `json:"max_paths"`
}

func (s *Server) handleControls(w http.ResponseWriter, _ *http.Request) {
	groupNames := make([]string, len(groups))
	for i, g := range groups {
		groupNames[i] = g.name
	}
	writeJSON(w, http.StatusOK, ControlsResponse{Groups: groupNames, Controls: s.controls,
		AsOf: s.history.AsOf.Format(time.DateOnly), Sources: s.history.Sources, Commit: s.commit, MaxPaths: maxPaths})
}

// View is GET /api/forecast: the result and its charts (SVG), for the page.
type View struct {
	Result *Result `json:"result"`
	Charts struct {
		InOrbit  string `json:"in_orbit"`
		Launches string `json:"launches"`
	} `json:"charts"`
	// Legend is each scenario's colour on the charts, in the result's order.
	Legend []LegendItem `json:"legend"`
}

// LegendItem is a scenario on the charts.
type LegendItem struct {
	Label  string `json:"label"`
	Colour string `json:"colour"`
	Naive  bool   `json:"naive"`
}

func (s *Server) handleView(w http.ResponseWriter, r *http.Request) {
	res, ok := s.forecast(w, r, true)
	if !ok {
		return
	}
	v := View{Result: res}
	v.Charts.InOrbit = inOrbitChart(res)
	v.Charts.Launches = launchesChart(res)
	for i, sc := range res.Scenarios {
		v.Legend = append(v.Legend, LegendItem{Label: sc.Label, Colour: scenarioColour(i), Naive: sc.IsNaive})
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) handleJSON(w http.ResponseWriter, r *http.Request) {
	res, ok := s.forecast(w, r, true)
	if !ok {
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="starlink-forecast-`+res.AssumptionsHash[:12]+`.json"`)
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleMonthlyCSV(w http.ResponseWriter, r *http.Request) {
	res, ok := s.forecast(w, r, false)
	if !ok {
		return
	}
	writeCSV(w, "starlink-forecast-monthly-"+res.AssumptionsHash[:12]+".csv", monthlyCSV(res))
}

func (s *Server) handleScenariosCSV(w http.ResponseWriter, r *http.Request) {
	res, ok := s.forecast(w, r, false)
	if !ok {
		return
	}
	writeCSV(w, "starlink-forecast-scenarios-"+res.AssumptionsHash[:12]+".csv", scenariosCSV(res))
}

// forecast parses the request's assumptions and runs the engine (or takes the cached result of
// the same canonical query). On bad input it answers 400 naming the fields (as JSON when
// jsonErrors, else as text) and returns false.
func (s *Server) forecast(w http.ResponseWriter, r *http.Request, jsonErrors bool) (*Result, bool) {
	a, overrides, query, err := s.parse(r.URL.Query())
	if err != nil {
		var fe FieldErrors
		errors.As(err, &fe)
		if jsonErrors {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "fields": fe})
		} else {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
		return nil, false
	}
	if res := s.cached(query); res != nil {
		w.Header().Set("Server-Timing", "engine;dur=0;desc=cached")
		return res, true
	}
	start := time.Now()
	out, err := s.fast(r.Context(), a)
	if err != nil {
		if r.Context().Err() != nil {
			return nil, false // the page asked for something newer
		}
		s.log.Error("engine run", "query", query, "err", err)
		msg := "the engine failed: " + err.Error()
		if jsonErrors {
			writeJSON(w, http.StatusInternalServerError, map[string]any{"error": msg})
		} else {
			http.Error(w, msg, http.StatusInternalServerError)
		}
		return nil, false
	}
	elapsed := time.Since(start)
	w.Header().Set("Server-Timing", fmt.Sprintf("engine;dur=%.0f", float64(elapsed.Microseconds())/1000))
	s.log.Info("forecast", "query", query, "elapsed", elapsed.Round(time.Millisecond))
	res := s.result(out, overrides, query)
	s.remember(query, res)
	return res, true
}

// fast runs the engine's fast path, one run at a time, until ctx is done.
func (s *Server) fast(ctx context.Context, a forecast.Assumptions) (*forecast.Result, error) {
	select {
	case s.run <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.run }()
	return fastRun(ctx, s.history, a, s.factors)
}

func (s *Server) cached(query string) *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cache[query]
}

func (s *Server) remember(query string, r *Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cache[query]; ok {
		return
	}
	if len(s.order) >= cacheSize {
		// Keep the defaults' result (query ""), drop the oldest other.
		i := slices.IndexFunc(s.order, func(q string) bool { return q != "" })
		delete(s.cache, s.order[i])
		s.order = slices.Delete(s.order, i, i+1)
	}
	s.cache[query] = r
	s.order = append(s.order, query)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	b := buf.Bytes()
	if err != nil {
		http.Error(w, "encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b) //nolint:errcheck // the client went away
}

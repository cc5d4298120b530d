package explore

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spacex-elt/spacex-elt/forecast"
)

const starshipP50 = "starship_first_starlink_month_p50"

func TestForecast_BadInputIs400NamingTheField(t *testing.T) {
	h := testServer(t).Handler()
	cases := []struct {
		name, query, field, says string
	}{
		{"unknown assumption", "falcon_heavy_per_month=3", "falcon_heavy_per_month", "unknown assumption"},
		{"not a number", "falcon9_ceiling_launches_per_month=eleven", "falcon9_ceiling_launches_per_month", "not a number"},
		{"not a whole number", "paths=100.5", "paths", "not a whole number"},
		{"month not YYYY-MM", starshipP50 + "=June+2028", starshipP50, "not a month (YYYY-MM)"},
		{"month 13", starshipP50 + "=2028-13", starshipP50, "not a month (YYYY-MM)"},
		{"negative cadence", "falcon9_ceiling_launches_per_month=-2", "falcon9_ceiling_launches_per_month", "out of range"},
		{"share above 1", "starship_never_share=1.2", "starship_never_share", "out of range"},
		{"paths above the cap", "paths=1000000", "paths", "out of range"},
		{"horizon before the as-of date", "horizon_month=2020-12", "horizon_month", "out of range"},
		{"Starship before the as-of date", "starship_first_starlink_month_p10=2019-01", "starship_first_starlink_month_p10", "out of range"},
		{"p50 after p90", starshipP50 + "=2031-01", starshipP50, "want p10 <= p50 <= p90"},
		{"p10 after p50", "starship_first_starlink_month_p10=2028-01", "starship_first_starlink_month_p10", "want p10 <= p50 <= p90"},
		{"ceiling p90 below p50", "starship_ceiling_launches_per_month_p90=5", "starship_ceiling_launches_per_month_p90", "want p10 <= p50 <= p90"},
		{"negative Starship ceiling", "starship_ceiling_launches_per_month_p10=-1", "starship_ceiling_launches_per_month_p10", "out of range"},
		{"generations out of order", "generation_v1_5_from_month=2024-01", "generation_v1_5_from_month", "must be in order"},
		{"fixed on the page", "backtest_paths=10", "backtest_paths", "cannot be changed here"},
		{"given twice", "paths=100&paths=200", "paths", "given 2 times"},
		{"empty", "target_satellites=", "target_satellites", "is empty"},
		{"infinite", "lifetime_uncertainty=Inf", "lifetime_uncertainty", "not a number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/forecast", "/api/forecast.json"} {
				status, _, body := get(t, h, path+"?"+c.query)
				if status != http.StatusBadRequest {
					t.Fatalf("%s?%s: status %d, want 400; body %.300s", path, c.query, status, body)
				}
				resp := decode[struct {
					Error  string
					Fields FieldErrors
				}](t, body)
				i := slices.IndexFunc(resp.Fields, func(f FieldError) bool { return f.Field == c.field })
				if i < 0 || !strings.Contains(resp.Fields[i].Message, c.says) {
					t.Errorf("%s?%s: fields %+v, want %s saying %q", path, c.query, resp.Fields, c.field, c.says)
				}
				if !strings.Contains(resp.Error, c.field+": ") {
					t.Errorf("%s?%s: error %q does not name %s", path, c.query, resp.Error, c.field)
				}
			}
			for _, path := range []string{"/api/forecast.csv", "/api/scenarios.csv"} {
				status, _, body := get(t, h, path+"?"+c.query)
				if status != http.StatusBadRequest || !strings.Contains(string(body), c.field+": ") {
					t.Errorf("%s?%s: status %d, body %q; want 400 naming %s", path, c.query, status, body, c.field)
				}
			}
		})
	}
}

func TestForecast_GoodRequestGivesTheResultAndItsCharts(t *testing.T) {
	h := testServer(t).Handler()
	status, header, body := get(t, h, "/api/forecast?"+starshipP50+"=2028-06&paths=300")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if ct := header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	// The shape, exactly: no field the page does not know of.
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var v View
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("the view's shape: %v", err)
	}
	r := v.Result
	if r.AsOf != "2021-06-20" || r.Sources != "hand-made" || r.Commit != "unknown" || len(r.AssumptionsHash) != 64 {
		t.Errorf("stamp: as of %q, sources %q, commit %q, hash %q", r.AsOf, r.Sources, r.Commit, r.AssumptionsHash)
	}
	if r.Query != "paths=300&"+starshipP50+"=2028-06" {
		t.Errorf("canonical query %q", r.Query)
	}
	wantOver := []Override{{Name: "paths", Value: "300", Default: "1000", Unit: "paths"}, {Name: starshipP50, Value: "2028-06", Default: "2027-06", Unit: "month"}}
	if !slices.Equal(r.Overridden, wantOver) {
		t.Errorf("overridden %+v, want %+v", r.Overridden, wantOver)
	}
	cat, err := forecast.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Assumptions) != len(cat) {
		t.Errorf("%d assumptions, the catalogue has %d", len(r.Assumptions), len(cat))
	}
	if len(r.Scenarios) < 4 || !r.Scenarios[0].IsHeadline {
		t.Fatalf("scenarios: %d, the first is the headline: %v", len(r.Scenarios), len(r.Scenarios) > 0 && r.Scenarios[0].IsHeadline)
	}
	perScenario := map[string]int{}
	for _, m := range r.Monthly {
		perScenario[m.Scenario]++
		if m.InOrbitP10 > m.InOrbitP50 || m.InOrbitP50 > m.InOrbitP90 {
			t.Errorf("%s %s: in orbit P10 %d P50 %d P90 %d out of order", m.Scenario, m.Month, m.InOrbitP10, m.InOrbitP50, m.InOrbitP90)
		}
	}
	for _, s := range r.Scenarios {
		// From the as-of month 2021-06 to the horizon 2045-12.
		if perScenario[s.Name] != (2045-2021)*12+7 {
			t.Errorf("scenario %s has %d months, want %d", s.Name, perScenario[s.Name], (2045-2021)*12+7)
		}
		if s.Answer == "" || s.ProbBy2030 > s.ProbBy2035 || s.ProbBy2035 > s.ProbBy2040 {
			t.Errorf("scenario %s: answer %q, probabilities %v %v %v", s.Name, s.Answer, s.ProbBy2030, s.ProbBy2035, s.ProbBy2040)
		}
	}
	if !strings.Contains(r.Scenarios[0].Answer, "P50 Jun 2028") {
		t.Errorf("the headline does not say Starship's median month: %s", r.Scenarios[0].Answer)
	}
	last := r.Observed[len(r.Observed)-1]
	if r.Observed[0].Month != "2018-01" || last.Month != "2021-06" || last.InOrbit != r.Scenarios[0].SatellitesInOrbitAtAsOf {
		t.Errorf("observed from %+v to %+v; the engine says %d in orbit at the as-of date", r.Observed[0], last, r.Scenarios[0].SatellitesInOrbitAtAsOf)
	}
	for name, svg := range map[string]string{"in orbit": v.Charts.InOrbit, "launches": v.Charts.Launches} {
		if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") || !strings.Contains(svg, "as of 2021-06-20") {
			t.Errorf("the %s chart is not an SVG marked with the as-of date: %.200s", name, svg)
		}
	}
	for _, want := range []string{"target: 42,000 satellites in orbit", `class="observed"`, `class="band scenario-overall"`} {
		if !strings.Contains(v.Charts.InOrbit, want) {
			t.Errorf("the in-orbit chart has no %q", want)
		}
	}
	if len(v.Legend) != len(r.Scenarios) {
		t.Errorf("legend %d items, %d scenarios", len(v.Legend), len(r.Scenarios))
	}
	if !strings.HasPrefix(header.Get("Server-Timing"), "engine;dur=") {
		t.Errorf("Server-Timing %q", header.Get("Server-Timing"))
	}

	// The download is the same result.
	status, header, body = get(t, h, "/api/forecast.json?"+starshipP50+"=2028-06&paths=300")
	if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("forecast.json: status %d, Content-Disposition %q", status, header.Get("Content-Disposition"))
	}
	want, _ := json.Marshal(r)
	got, _ := json.Marshal(decode[*Result](t, body))
	if !bytes.Equal(got, want) {
		t.Error("forecast.json differs from the view's result")
	}
}

func TestForecast_MovingStarshipALaterYearChangesTheAnswer(t *testing.T) {
	h := testServer(t).Handler()
	at := func(q string) *Result {
		status, _, body := get(t, h, "/api/forecast.json?paths=300&"+q)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", q, status, body)
		}
		return decode[*Result](t, body)
	}
	early := at("starship_first_starlink_month_p10=2026-09&" + starshipP50 + "=2027-06&starship_first_starlink_month_p90=2029-06")
	late := at("starship_first_starlink_month_p10=2027-09&" + starshipP50 + "=2028-06&starship_first_starlink_month_p90=2030-06")
	sc := func(r *Result, name string) Scenario {
		i := slices.IndexFunc(r.Scenarios, func(s Scenario) bool { return s.Name == name })
		if i < 0 {
			t.Fatalf("no scenario %s", name)
		}
		return r.Scenarios[i]
	}
	e, l := sc(early, "starship_on_schedule"), sc(late, "starship_on_schedule")
	if l.InOrbitAtHorizonP50 > e.InOrbitAtHorizonP50 && l.ProbBy2035 > e.ProbBy2035 {
		t.Errorf("Starship a year later gives more: P(2035) %v -> %v, at the horizon %d -> %d", e.ProbBy2035, l.ProbBy2035, e.InOrbitAtHorizonP50, l.InOrbitAtHorizonP50)
	}
	in2030 := func(r *Result) int {
		for _, m := range r.Monthly {
			if m.Scenario == "starship_on_schedule" && m.Month == "2030-12" {
				return m.InOrbitP50
			}
		}
		t.Fatal("no 2030-12")
		return 0
	}
	if in2030(late) >= in2030(early) {
		t.Errorf("Starship a year later: %d in orbit at the end of 2030, on schedule %d; want fewer", in2030(late), in2030(early))
	}
	if f := sc(early, "falcon9_only"); !reflectEqualScenario(f, sc(late, "falcon9_only")) {
		t.Errorf("Falcon 9 alone changed when only Starship moved")
	}
}

func reflectEqualScenario(a, b Scenario) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestForecastCSV_ParsesWithItsStamp(t *testing.T) {
	h := testServer(t).Handler()
	q := "target_satellites=20000&paths=200"
	_, _, body := get(t, h, "/api/forecast.json?"+q)
	r := decode[*Result](t, body)
	for _, c := range []struct {
		path      string
		rows      int
		firstCols []string
	}{
		{"/api/forecast.csv", len(r.Monthly), []string{"scenario", "month", "in_orbit_p10"}},
		{"/api/scenarios.csv", len(r.Scenarios), []string{"scenario", "label", "is_headline"}},
	} {
		status, header, body := get(t, h, c.path+"?"+q)
		if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: status %d, Content-Type %q", c.path, status, header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s does not parse: %v", c.path, err)
		}
		if len(rows) != c.rows+1 || !slices.Equal(rows[0][:3], c.firstCols) {
			t.Fatalf("%s: %d rows, header %v; want %d rows and a header starting %v", c.path, len(rows), rows[0], c.rows+1, c.firstCols)
		}
		col := func(name string) int { return slices.Index(rows[0], name) }
		for _, row := range rows[1:] {
			if row[col("as_of_date")] != "2021-06-20" || row[col("assumptions_hash")] != r.AssumptionsHash ||
				row[col("commit")] != "unknown" || row[col("overridden_assumptions")] != "paths=200&target_satellites=20000" {
				t.Fatalf("%s: a row's stamp %v", c.path, row)
			}
		}
		if c.path == "/api/forecast.csv" {
			for i, m := range r.Monthly {
				row := rows[i+1]
				p50, err := strconv.Atoi(row[col("in_orbit_p50")])
				if err != nil || row[0] != m.Scenario || row[1] != m.Month || p50 != m.InOrbitP50 {
					t.Fatalf("CSV row %d %v is not the JSON's month %+v", i+1, row, m)
				}
			}
		}
	}
}

func TestForecast_SameQuerySameNumbers(t *testing.T) {
	q := "lifetime_uncertainty=0.3&paths=250&" + starshipP50 + "=2028-01"
	_, _, a := get(t, testServer(t).Handler(), "/api/forecast.json?"+q)
	// A second server over the same history: its own full run and its own engine run.
	other, err := New(context.Background(), Config{History: handMadeHistory()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, b := get(t, other.Handler(), "/api/forecast.json?"+starshipP50+"=2028-01&paths=250&lifetime_uncertainty=0.30")
	if !bytes.Equal(a, b) {
		t.Errorf("the same query gave different results:\n%.400s\n%.400s", a, b)
	}
	_, _, c := get(t, other.Handler(), "/api/forecast.json?paths=250")
	if bytes.Equal(a, c) {
		t.Error("another query gave the same result")
	}
}

func TestControls_EveryAssumptionOfTheCatalogueWithAValidDefault(t *testing.T) {
	s := testServer(t)
	status, _, body := get(t, s.Handler(), "/api/controls")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	resp := decode[ControlsResponse](t, body)
	cat, err := forecast.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Controls) != len(cat) {
		t.Fatalf("%d controls, %d assumptions in the catalogue", len(resp.Controls), len(cat))
	}
	inGroup := map[string]int{}
	all := url.Values{}
	for i, c := range resp.Controls {
		if c.Name != cat[i].Name || c.Source != cat[i].Source || c.Unit != cat[i].Unit {
			t.Errorf("control %d %s is not the catalogue's %s", i, c.Name, cat[i].Name)
		}
		inGroup[c.Group]++
		if c.Fixed == "" {
			if _, err := check(c, c.Default); err != nil {
				t.Errorf("%s: the default %s is refused: %v", c.Name, c.Default, err)
			}
			all.Set(c.Name, c.Default)
		}
		if c.Kind != "month" && c.Kind != "text" && !(c.Min < c.Max && c.Step > 0) {
			t.Errorf("%s: range %v..%v step %v", c.Name, c.Min, c.Max, c.Step)
		}
	}
	for _, g := range groups {
		if inGroup[g.name] == 0 {
			t.Errorf("group %s has no assumption: a name in the catalogue changed?", g.name)
		}
	}
	for _, name := range []string{starshipP50, "starship_never_share", "falcon9_ceiling_launches_per_month", "target_satellites",
		"falcon9_max_satellites_per_launch", "starship_satellites_per_launch_p50", "starship_ceiling_launches_per_month_p90",
		"deorbit_design_life_months", "itu_filings"} {
		if c := s.control[name]; c.Group == "" {
			t.Errorf("%s is not a main control", name)
		}
	}
	if c := s.control["falcon9_ceiling_launches_per_month"]; c.Kind != "number" {
		t.Errorf("falcon9_ceiling_launches_per_month is a %s (a name ending in _month is not a month)", c.Kind)
	}
	// Every default given explicitly is the defaults' result.
	status, _, body = get(t, s.Handler(), "/api/forecast.json?"+all.Encode())
	if status != http.StatusOK {
		t.Fatalf("every default given: status %d %s", status, body)
	}
	if r := decode[*Result](t, body); len(r.Overridden) != 0 || r.Query != "" {
		t.Errorf("every default given: overridden %v, query %q", r.Overridden, r.Query)
	}
}

func TestHandler_PageAndAssetsEmbeddedWithoutCDN(t *testing.T) {
	h := testServer(t).Handler()
	status, header, body := get(t, h, "/")
	if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), `src="/static/app.js"`) {
		t.Fatalf("/: status %d, %q", status, header.Get("Content-Type"))
	}
	pages := map[string][]byte{"/": body}
	for _, asset := range []string{"/static/app.js", "/static/style.css"} {
		status, _, b := get(t, h, asset)
		if status != http.StatusOK || len(b) == 0 {
			t.Fatalf("%s: status %d", asset, status)
		}
		pages[asset] = b
	}
	for path, b := range pages {
		for _, remote := range []string{"http://", "https://", "//cdn"} {
			if bytes.Contains(b, []byte(remote)) {
				t.Errorf("%s refers to %q: the page must work offline", path, remote)
			}
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/forecast", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/forecast: %d, want 405", rec.Code)
	}
	if status, _, _ := get(t, h, "/nothing"); status != http.StatusNotFound {
		t.Errorf("/nothing: %d, want 404", status)
	}
}

// Every end of every control's range is a forecast: the page's ranges never let through a value
// the engine refuses or fails on (which would be a 500, not a 400 naming the field).
func TestControls_EveryRangeEndRuns(t *testing.T) {
	s := testServer(t)
	for _, c := range s.controls {
		if c.Fixed != "" || c.Kind == "text" {
			continue
		}
		ends := []string{num(c.Min), num(c.Max)}
		if c.Kind == "month" {
			ends = []string{c.MinMonth, c.MaxMonth}
		}
		for _, v := range ends {
			q := url.Values{c.Name: {v}}
			if c.Name != "paths" {
				q.Set("paths", "20")
			}
			// A distribution's other percentiles follow the end, to keep p10 <= p50 <= p90.
			if base, ok := distributionBase(c.Name); ok {
				for _, p := range []string{"_p10", "_p50", "_p90"} {
					q.Set(base+p, v)
				}
			}
			status, _, body := get(t, s.Handler(), "/api/forecast.json?"+q.Encode())
			// A generation's month at an end passes its neighbours: refused by name, not run.
			refused := status == http.StatusBadRequest && strings.Contains(string(body), `"field":"`+c.Name+`"`) && isGeneration(c.Name)
			if status != http.StatusOK && !refused {
				t.Errorf("%s=%s (an end of its range): status %d %.300s", c.Name, v, status, body)
			}
		}
	}
}

func TestLedger_RunsAndTheirChart(t *testing.T) {
	str := func(s string) *string { return &s }
	n := func(v int) *int { return &v }
	runs := []LedgerRun{
		{RunID: 1, AsOf: "2025-03-31", Overridden: n(0), ReachMonthP10: str("2034-01"), ReachMonthP50: str("2037-06"), ReachMonthP90: nil, LaunchesNeededP50: n(1800)},
		{RunID: 2, AsOf: "2025-06-18", Overridden: n(1), Overrides: str("starship_first_starlink_month_p50=2028-06"), ReachMonthP10: str("2035-05")},
	}
	s, err := New(context.Background(), Config{History: handMadeHistory(), Ledger: runs})
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := get(t, s.Handler(), "/api/ledger")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	l := decode[Ledger](t, body)
	if len(l.Runs) != 2 || l.Error != "" || l.Runs[1].ReachMonthP50 != nil || *l.Runs[0].ReachMonthP50 != "2037-06" {
		t.Fatalf("ledger %+v", l)
	}
	if strings.Count(l.Chart, `<g class="run">`) != 2 || !strings.Contains(l.Chart, "not reached") || !strings.Contains(l.Chart, `fill="#fff"`) {
		t.Errorf("the ledger chart does not draw both runs, the not-reached row and the what-if hollow: %.500s", l.Chart)
	}

	// Without a ledger the page says why.
	_, _, body = get(t, testServer(t).Handler(), "/api/ledger")
	if l := decode[Ledger](t, body); len(l.Runs) != 0 || l.Chart != "" {
		t.Errorf("no ledger given, yet %+v", l)
	}
	s2, err := New(context.Background(), Config{History: handMadeHistory(), LedgerError: errors.New("permission denied for table fct_starlink_forecast_runs")})
	if err != nil {
		t.Fatal(err)
	}
	_, _, body = get(t, s2.Handler(), "/api/ledger")
	if l := decode[Ledger](t, body); !strings.Contains(l.Error, "permission denied") {
		t.Errorf("the ledger's error is not passed on: %+v", l)
	}
}

// Requests at once (the page fires one per change; downloads come beside it): each answered,
// one engine run at a time, the same query the same bytes.
func TestForecast_ConcurrentRequests(t *testing.T) {
	h := testServer(t).Handler()
	queries := []string{"paths=50&seed=1", "paths=50&seed=2", "paths=50&seed=3"}
	bodies := make([][]byte, 2*len(queries))
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Go(func() {
			status, _, body := get(t, h, "/api/forecast.json?"+queries[i%len(queries)])
			if status != http.StatusOK {
				t.Errorf("request %d: status %d", i, status)
			}
			bodies[i] = body
		})
	}
	wg.Wait()
	for i := range queries {
		if !bytes.Equal(bodies[i], bodies[i+len(queries)]) {
			t.Errorf("%s answered twice at once gave different bytes", queries[i])
		}
	}
	if bytes.Equal(bodies[0], bodies[1]) {
		t.Error("two seeds gave the same bytes")
	}
}

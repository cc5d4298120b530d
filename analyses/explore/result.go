package explore

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// Result is one engine run as the page and the downloads give it: what it answers, its stamp
// (assumptions, data, commit), then the scenarios (headline first) and their months. The same
// query gives the same Result, byte for byte (timings are in the Server-Timing header only).
type Result struct {
	Question        string `json:"question"`
	AsOf            string `json:"as_of_date"`
	Sources         string `json:"data_sources"`
	Commit          string `json:"commit"`
	AssumptionsHash string `json:"assumptions_hash"`
	// Query is the canonical query of the overridden assumptions ("" for the defaults).
	Query string `json:"query"`
	// Overridden are the assumptions that differ from assumptions.yaml.
	Overridden  []Override        `json:"overridden_assumptions"`
	Assumptions []AssumptionValue `json:"assumptions"`
	// Method says how the run was made (the fast path and its calibration).
	Method             string             `json:"method"`
	CalibrationFactors map[string]float64 `json:"calibration_factors"`
	Scenarios          []Scenario         `json:"scenarios"`
	Monthly            []Month            `json:"monthly"`
	Observed           []ObservedMonth    `json:"observed"`
}

// AssumptionValue is one assumption as the run used it.
type AssumptionValue struct {
	Name         string `json:"name"`
	Value        string `json:"value"`
	Default      string `json:"default"`
	Unit         string `json:"unit"`
	IsOverridden bool   `json:"is_overridden"`
}

// Scenario is one scenario's answer. Months are YYYY-MM; null when fewer paths reach the target
// by the horizon.
type Scenario struct {
	Name                    string       `json:"name"`
	Label                   string       `json:"label"`
	IsHeadline              bool         `json:"is_headline"`
	IsNaive                 bool         `json:"is_naive"`
	ConditionalOn           string       `json:"conditional_on"`
	Answer                  string       `json:"answer"`
	Target                  int          `json:"target"`
	SatellitesInOrbitAtAsOf int          `json:"satellites_in_orbit_at_as_of"`
	NowcastLaunchesP50      int          `json:"nowcast_launches_p50"`
	NowcastSatellitesP50    int          `json:"nowcast_satellites_p50"`
	ReachMonthP10           *string      `json:"reach_month_p10"`
	ReachMonthP50           *string      `json:"reach_month_p50"`
	ReachMonthP90           *string      `json:"reach_month_p90"`
	ShareNeverReached       float64      `json:"share_never_reached"`
	LaunchesNeededP10       *int         `json:"launches_needed_p10"`
	LaunchesNeededP50       *int         `json:"launches_needed_p50"`
	LaunchesNeededP90       *int         `json:"launches_needed_p90"`
	ProbBy2030              float64      `json:"prob_by_2030"`
	ProbBy2035              float64      `json:"prob_by_2035"`
	ProbBy2040              float64      `json:"prob_by_2040"`
	InOrbitAtHorizonP10     int          `json:"in_orbit_at_horizon_p10"`
	InOrbitAtHorizonP50     int          `json:"in_orbit_at_horizon_p50"`
	InOrbitAtHorizonP90     int          `json:"in_orbit_at_horizon_p90"`
	Authorised              []Authorised `json:"authorised"`
}

// Authorised is the share of a scenario's paths exceeding an authorised total.
type Authorised struct {
	Name             string  `json:"name"`
	Total            int     `json:"total"`
	ShareExceeded    float64 `json:"share_exceeded"`
	ExceededMonthP50 *string `json:"exceeded_month_p50"`
}

// Month is one scenario's month: counts at its end (launches since the as-of date).
type Month struct {
	Scenario              string  `json:"scenario"`
	Month                 string  `json:"month"`
	InOrbitP10            int     `json:"in_orbit_p10"`
	InOrbitP50            int     `json:"in_orbit_p50"`
	InOrbitP90            int     `json:"in_orbit_p90"`
	CumLaunchesP10        int     `json:"cum_launches_p10"`
	CumLaunchesP50        int     `json:"cum_launches_p50"`
	CumLaunchesP90        int     `json:"cum_launches_p90"`
	LaunchesFalcon9P50    float64 `json:"launches_falcon9_p50"`
	LaunchesStarshipP50   float64 `json:"launches_starship_p50"`
	SatellitesLaunchedP50 float64 `json:"satellites_launched_p50"`
	SatellitesRetiredP50  float64 `json:"satellites_retired_p50"`
}

// ObservedMonth is the history's count of satellites in orbit at a month's end (the as-of
// month's at the as-of date).
type ObservedMonth struct {
	Month   string `json:"month"`
	InOrbit int    `json:"in_orbit"`
}

// method describes the fast path; factors is how many calibration factors it reuses.
func method(factors int) string {
	if factors == 0 {
		return "Fast path: the backtest is skipped and the full run at start-up gave no calibration factors (too little history for a backtest), so the intervals are as simulated."
	}
	return fmt.Sprintf("Fast path: the backtest is skipped; the intervals are widened with the %d calibration factors of the full run (backtest included) made at start-up on the default assumptions. Probabilities are from the unwidened paths.", factors)
}

func (s *Server) result(r *forecast.Result, overrides []Override, query string) *Result {
	out := &Result{
		Question:        fmt.Sprintf("When will there be %s Starlink satellites in orbit, and how many launches will it take?", thousands(r.Assumptions.TargetSatellites)),
		AsOf:            r.AsOf.Format(time.DateOnly),
		Sources:         r.Sources,
		Commit:          s.commit,
		AssumptionsHash: r.AssumptionsHash,
		Query:           query,
		Overridden:      overrides,
		Method:          method(len(s.factors)),

		CalibrationFactors: s.factors,
		Observed:           s.observed,
	}
	if out.Overridden == nil {
		out.Overridden = []Override{}
	}
	for _, c := range s.controls {
		v, _ := r.Assumptions.Get(c.Name)
		out.Assumptions = append(out.Assumptions, AssumptionValue{Name: c.Name, Value: v, Default: c.Default, Unit: c.Unit, IsOverridden: v != c.Default})
	}
	scenarios := slices.Clone(r.Scenarios)
	slices.SortStableFunc(scenarios, func(a, b forecast.ScenarioResult) int {
		if a.IsHeadline != b.IsHeadline {
			if a.IsHeadline {
				return -1
			}
			return 1
		}
		return a.Order - b.Order
	})
	for _, sr := range scenarios {
		sc := Scenario{Name: sr.Name, Label: sr.Label, IsHeadline: sr.IsHeadline, IsNaive: sr.IsNaive, ConditionalOn: sr.ConditionalOn,
			Answer: sr.Answer, Target: sr.Target, SatellitesInOrbitAtAsOf: sr.SatellitesInOrbitAtAsOf,
			NowcastLaunchesP50: sr.NowcastLaunchesP50, NowcastSatellitesP50: sr.NowcastSatellitesP50,
			ReachMonthP10: month(sr.ReachMonthP10), ReachMonthP50: month(sr.ReachMonthP50), ReachMonthP90: month(sr.ReachMonthP90),
			ShareNeverReached: sr.ShareNeverReached,
			LaunchesNeededP10: sr.LaunchesNeededP10, LaunchesNeededP50: sr.LaunchesNeededP50, LaunchesNeededP90: sr.LaunchesNeededP90,
			ProbBy2030: sr.ProbBy2030, ProbBy2035: sr.ProbBy2035, ProbBy2040: sr.ProbBy2040,
			InOrbitAtHorizonP10: sr.InOrbitAtHorizonP10, InOrbitAtHorizonP50: sr.InOrbitAtHorizonP50, InOrbitAtHorizonP90: sr.InOrbitAtHorizonP90,
			Authorised: []Authorised{}}
		for _, a := range sr.Authorised {
			sc.Authorised = append(sc.Authorised, Authorised{Name: a.Name, Total: a.Total, ShareExceeded: a.ShareExceeded, ExceededMonthP50: month(a.ExceededMonthP50)})
		}
		out.Scenarios = append(out.Scenarios, sc)
	}
	for _, m := range r.Monthly {
		out.Monthly = append(out.Monthly, Month{Scenario: m.Scenario, Month: m.Month.Format("2006-01"),
			InOrbitP10: m.InOrbitP10, InOrbitP50: m.InOrbitP50, InOrbitP90: m.InOrbitP90,
			CumLaunchesP10: m.CumLaunchesP10, CumLaunchesP50: m.CumLaunchesP50, CumLaunchesP90: m.CumLaunchesP90,
			LaunchesFalcon9P50: m.LaunchesFalcon9P50, LaunchesStarshipP50: m.LaunchesStarshipP50,
			SatellitesLaunchedP50: m.SatellitesLaunchedP50, SatellitesRetiredP50: m.SatellitesRetiredP50})
	}
	return out
}

func month(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01")
	return &s
}

// observed counts the history's satellites in orbit at each month's end, from the first
// launch's month to the as-of month (counted at the as-of date).
func observed(h forecast.History) []ObservedMonth {
	if len(h.Satellites) == 0 {
		return []ObservedMonth{}
	}
	idx := func(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
	first := idx(h.AsOf)
	for _, s := range h.Satellites {
		first = min(first, idx(s.LaunchDate))
	}
	last := idx(h.AsOf)
	diff := make([]int, last-first+2)
	for _, s := range h.Satellites {
		diff[idx(s.LaunchDate)-first]++
		if s.DecayDate != nil {
			diff[idx(*s.DecayDate)-first]--
		}
	}
	out := make([]ObservedMonth, 0, last-first+1)
	n := 0
	for i := range last - first + 1 {
		n += diff[i]
		m := first + i
		out = append(out, ObservedMonth{Month: fmt.Sprintf("%04d-%02d", m/12, m%12+1), InOrbit: n})
	}
	return out
}

// stamp is the columns every CSV row carries: where its numbers come from.
var stampHeader = []string{"as_of_date", "data_sources", "commit", "assumptions_hash", "overridden_assumptions"}

func (r *Result) stamp() []string {
	return []string{r.AsOf, r.Sources, r.Commit, r.AssumptionsHash, r.Query}
}

func monthlyCSV(r *Result) [][]string {
	rows := [][]string{append([]string{"scenario", "month", "in_orbit_p10", "in_orbit_p50", "in_orbit_p90",
		"cum_launches_p10", "cum_launches_p50", "cum_launches_p90", "launches_falcon9_p50", "launches_starship_p50",
		"satellites_launched_p50", "satellites_retired_p50"}, stampHeader...)}
	for _, m := range r.Monthly {
		rows = append(rows, append([]string{m.Scenario, m.Month, itoa(m.InOrbitP10), itoa(m.InOrbitP50), itoa(m.InOrbitP90),
			itoa(m.CumLaunchesP10), itoa(m.CumLaunchesP50), itoa(m.CumLaunchesP90), ftoa(m.LaunchesFalcon9P50), ftoa(m.LaunchesStarshipP50),
			ftoa(m.SatellitesLaunchedP50), ftoa(m.SatellitesRetiredP50)}, r.stamp()...))
	}
	return rows
}

func scenariosCSV(r *Result) [][]string {
	rows := [][]string{append([]string{"scenario", "label", "is_headline", "is_naive", "target", "reach_month_p10", "reach_month_p50",
		"reach_month_p90", "share_never_reached", "launches_needed_p10", "launches_needed_p50", "launches_needed_p90",
		"prob_by_2030", "prob_by_2035", "prob_by_2040", "in_orbit_at_horizon_p10", "in_orbit_at_horizon_p50",
		"in_orbit_at_horizon_p90", "conditional_on", "answer"}, stampHeader...)}
	for _, s := range r.Scenarios {
		rows = append(rows, append([]string{s.Name, s.Label, strconv.FormatBool(s.IsHeadline), strconv.FormatBool(s.IsNaive), itoa(s.Target),
			orEmpty(s.ReachMonthP10), orEmpty(s.ReachMonthP50), orEmpty(s.ReachMonthP90), ftoa(s.ShareNeverReached),
			intOrEmpty(s.LaunchesNeededP10), intOrEmpty(s.LaunchesNeededP50), intOrEmpty(s.LaunchesNeededP90),
			ftoa(s.ProbBy2030), ftoa(s.ProbBy2035), ftoa(s.ProbBy2040),
			itoa(s.InOrbitAtHorizonP10), itoa(s.InOrbitAtHorizonP50), itoa(s.InOrbitAtHorizonP90), s.ConditionalOn, s.Answer}, r.stamp()...))
	}
	return rows
}

func writeCSV(w http.ResponseWriter, filename string, rows [][]string) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	if err := cw.WriteAll(rows); err != nil {
		http.Error(w, "writing the CSV: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(b.Bytes()) //nolint:errcheck // the client went away
}

func itoa(n int) string     { return strconv.Itoa(n) }
func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
func orEmpty(s *string) string {
	if s == nil {
		return "" // null: fewer paths reach it by the horizon
	}
	return *s
}

func intOrEmpty(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// thousands writes n with thousands separators: 42000 -> 42,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

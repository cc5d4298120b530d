package report

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// How the answer moved: the ledger's points (analytics.fct_starlink_forecast_ledger) and, in
// words, whether the headline's answer is settling or drifting over its last points.

// Movement is the verdict over the ledger's last comparable points.
const (
	// ledgerWindow is how many of the last comparable points the verdict compares.
	ledgerWindow = 4
	// The answer is settling when, over the window, its reach month moved within
	// settledMonths and its share of paths never reaching the target within settledShare.
	settledMonths = 12
	settledShare  = 0.10
)

// comparablePoints are the points made with the current run's assumptions (its backtest
// origins, and runs with the same assumptions hash), one per as-of date (the latest point of
// a date), oldest first: between them only the data changed.
func comparablePoints(d Data) []LedgerPoint {
	var current LedgerPoint
	for _, p := range d.Ledger {
		if p.IsCurrent {
			current = p
		}
	}
	var out []LedgerPoint
	for _, p := range d.Ledger {
		if p.AssumptionsHash != current.AssumptionsHash {
			continue
		}
		if n := len(out); n > 0 && out[n-1].AsOf.Equal(p.AsOf) {
			out[n-1] = p // ordered by point_order: the later point of a date replaces the earlier
			continue
		}
		out = append(out, p)
	}
	return out
}

// movement is how the answer moved over the last comparable points.
type movement struct {
	From, To time.Time // as-of dates of the window's first and last point
	Points   int
	// Quantity names the reach month compared ("median", "P10"; "" when neither is reached
	// at every point of the window), with its earliest and latest month and the net change in
	// months from the first point to the last.
	Quantity               string
	Earliest, Latest       time.Time
	SpreadMonths, NetMonth int
	// The share of paths never reaching the target: lowest, highest, net change.
	ShareLow, ShareHigh, ShareNet float64
	Verdict                       string // settling, drifting later, drifting earlier, not settling
}

// answerMovement compares the last ledgerWindow comparable points; ok is false with fewer
// than two.
func answerMovement(d Data) (m movement, ok bool) {
	pts := comparablePoints(d)
	if len(pts) < 2 {
		return m, false
	}
	pts = pts[max(0, len(pts)-ledgerWindow):]
	first, last := pts[0], pts[len(pts)-1]
	m.From, m.To, m.Points = first.AsOf, last.AsOf, len(pts)

	months := func(pick func(LedgerPoint) *time.Time) []int {
		var out []int
		for _, p := range pts {
			t := pick(p)
			if t == nil {
				return nil
			}
			out = append(out, t.Year()*12+int(t.Month())-1)
		}
		return out
	}
	ms := months(func(p LedgerPoint) *time.Time { return p.ReachP50 })
	m.Quantity = "median"
	if ms == nil {
		ms, m.Quantity = months(func(p LedgerPoint) *time.Time { return p.ReachP10 }), "P10"
	}
	if ms == nil {
		m.Quantity = ""
	} else {
		lo, hi := slices.Min(ms), slices.Max(ms)
		m.Earliest, m.Latest = monthOf(lo), monthOf(hi)
		m.SpreadMonths, m.NetMonth = hi-lo, ms[len(ms)-1]-ms[0]
	}
	m.ShareLow, m.ShareHigh = first.ShareNeverReached, first.ShareNeverReached
	for _, p := range pts {
		m.ShareLow, m.ShareHigh = min(m.ShareLow, p.ShareNeverReached), max(m.ShareHigh, p.ShareNeverReached)
	}
	m.ShareNet = last.ShareNeverReached - first.ShareNeverReached

	later := m.NetMonth > settledMonths || m.ShareNet > settledShare
	earlier := m.NetMonth < -settledMonths || m.ShareNet < -settledShare
	switch {
	case m.SpreadMonths <= settledMonths && m.ShareHigh-m.ShareLow <= settledShare:
		m.Verdict = "settling"
	case later && !earlier:
		m.Verdict = "drifting later"
	case earlier && !later:
		m.Verdict = "drifting earlier"
	default:
		m.Verdict = "not settling"
	}
	return m, true
}

func monthOf(i int) time.Time { return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC) }

// sentence says the movement in words, every number from the data.
func (m movement) sentence(target, horizon string) string {
	s := fmt.Sprintf("Over its last %d points with the current assumptions (as of %s to %s), ", m.Points, formatDate(m.From), formatDate(m.To))
	switch m.Quantity {
	case "median":
		s += fmt.Sprintf("the median month in which %s is first reached stayed between %s and %s (%s apart; net %s)",
			target, formatMonth(m.Earliest), formatMonth(m.Latest), plural(m.SpreadMonths, "month", "months"), signedMonths(m.NetMonth))
	case "P10":
		s += fmt.Sprintf("the median stayed beyond %s; the month by which the earliest 10%% of paths reach %s stayed between %s and %s (%s apart; net %s)",
			horizon, target, formatMonth(m.Earliest), formatMonth(m.Latest), plural(m.SpreadMonths, "month", "months"), signedMonths(m.NetMonth))
	default:
		s += fmt.Sprintf("fewer than 10%% of paths reached %s by %s at some point", target, horizon)
	}
	s += fmt.Sprintf(", and the share of paths not reaching it by %s was between %s and %s (net %s points)",
		horizon, formatPercent(m.ShareLow), formatPercent(m.ShareHigh), signedPoints(m.ShareNet))
	switch m.Verdict {
	case "settling":
		return s + fmt.Sprintf(": the answer is **settling** (within %d months and %.0f points).", settledMonths, 100*settledShare)
	case "drifting later":
		return s + ": the answer is **drifting later** (the target further away or less likely as the data arrived)."
	case "drifting earlier":
		return s + ": the answer is **drifting earlier** (the target nearer or more likely as the data arrived)."
	}
	return s + fmt.Sprintf(": the answer is **not settling** (it moved by more than %d months or %.0f points, back and forth).", settledMonths, 100*settledShare)
}

// signedPoints is a change of share in whole percentage points: "+5", "−3", "0".
func signedPoints(share float64) string {
	n := int(math.Round(100 * share))
	switch {
	case n > 0:
		return fmt.Sprintf("+%d", n)
	case n < 0:
		return fmt.Sprintf("−%d", -n)
	}
	return "0"
}

func signedMonths(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("%s later", plural(n, "month", "months"))
	case n < 0:
		return fmt.Sprintf("%s earlier", plural(-n, "month", "months"))
	}
	return "unchanged"
}

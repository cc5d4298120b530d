package explore

import (
	"context"
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// LedgerRun is one run of the engine as the ledger (analytics.fct_starlink_forecast_runs) keeps
// it: what it was made from and what its headline answered. Nulls stay null.
type LedgerRun struct {
	RunID           int64   `json:"run_id"`
	StartedAt       string  `json:"started_at"`
	AsOf            string  `json:"as_of_date"`
	Sources         *string `json:"data_sources"`
	Commit          *string `json:"git_commit"`
	AssumptionsHash *string `json:"assumptions_hash"`
	// Overridden counts the assumptions the run overrode (0: the defaults); Overrides names them.
	Overridden        *int     `json:"assumptions_overridden"`
	Overrides         *string  `json:"overridden_assumptions"`
	ReachMonthP10     *string  `json:"reach_month_p10"`
	ReachMonthP50     *string  `json:"reach_month_p50"`
	ReachMonthP90     *string  `json:"reach_month_p90"`
	ShareNeverReached *float64 `json:"share_never_reached"`
	LaunchesNeededP10 *int     `json:"launches_needed_p10"`
	LaunchesNeededP50 *int     `json:"launches_needed_p50"`
	LaunchesNeededP90 *int     `json:"launches_needed_p90"`
}

// Querier is what LoadLedger needs of a connection (*pgx.Conn has it).
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// ledgerMart is the ledger the analyst reads.
const ledgerMart = "analytics.fct_starlink_forecast_runs"

// LoadLedger reads the ledger, oldest run first.
func LoadLedger(ctx context.Context, db Querier) ([]LedgerRun, error) {
	rows, err := db.Query(ctx, `select run_id, started_at, as_of_date, data_sources, git_commit, assumptions_hash,
			assumptions_overridden, overridden_assumptions, reach_month_p10, reach_month_p50, reach_month_p90,
			share_never_reached::float8, launches_needed_p10, launches_needed_p50, launches_needed_p90
		from `+ledgerMart+`
		order by run_id`)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ledgerMart, err)
	}
	defer rows.Close()
	var runs []LedgerRun
	for rows.Next() {
		var (
			r               LedgerRun
			started, asOf   *time.Time
			p10, p50, p90   *time.Time
			overridden      *int32
			l10, l50, l90   *int32
			never           *float64
			sources, commit *string
			hash, overrides *string
		)
		if err := rows.Scan(&r.RunID, &started, &asOf, &sources, &commit, &hash, &overridden, &overrides,
			&p10, &p50, &p90, &never, &l10, &l50, &l90); err != nil {
			return nil, fmt.Errorf("%s: %w", ledgerMart, err)
		}
		if asOf == nil {
			return nil, fmt.Errorf("%s: run %d has no as_of_date", ledgerMart, r.RunID)
		}
		r.AsOf = asOf.Format(time.DateOnly)
		if started != nil {
			r.StartedAt = started.UTC().Format(time.RFC3339)
		}
		r.Sources, r.Commit, r.AssumptionsHash, r.Overrides, r.ShareNeverReached = sources, commit, hash, overrides, never
		r.Overridden = intPtr(overridden)
		r.ReachMonthP10, r.ReachMonthP50, r.ReachMonthP90 = month(p10), month(p50), month(p90)
		r.LaunchesNeededP10, r.LaunchesNeededP50, r.LaunchesNeededP90 = intPtr(l10), intPtr(l50), intPtr(l90)
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", ledgerMart, err)
	}
	return runs, nil
}

func intPtr(n *int32) *int {
	if n == nil {
		return nil
	}
	v := int(*n)
	return &v
}

// Ledger is GET /api/ledger: the runs, a chart of how the headline's reach month moved, and
// why there is no ledger when it could not be read.
type Ledger struct {
	Runs  []LedgerRun `json:"runs"`
	Chart string      `json:"chart"`
	Error string      `json:"error,omitempty"`
}

// ledgerChart draws each run's headline reach month, P10–P90 as a bar and P50 as a dot, by run;
// a percentile not reached by the horizon is drawn at the chart's top, marked "not reached". Runs
// that overrode assumptions are hollow: they are what-ifs, not the answer moving with the data.
func ledgerChart(runs []LedgerRun) string {
	if len(runs) == 0 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range runs {
		for _, m := range []*string{r.ReachMonthP10, r.ReachMonthP50, r.ReachMonthP90} {
			if m != nil {
				lo, hi = math.Min(lo, monthIndex(*m)), math.Max(hi, monthIndex(*m))
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 2030*12, 2040*12
	}
	lo = math.Floor(lo/12-1) * 12
	top := math.Ceil(hi/12+1) * 12
	never := top + 12 // the "not reached by the horizon" row
	c := &chart{x0: -0.5, x1: float64(len(runs)) - 0.5, y0: lo, y1: never + 6, left: padLeft, right: chartW - padRight, top: padTop, bott: 300 - padBott, id: "plot-ledger"}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d 300" role="img" aria-label="ledger" font-family="system-ui, sans-serif" font-size="12">`, chartW)
	c.b.WriteString(`<title>The headline's month reaching the target, run by run: P10–P90 and P50</title>`)
	every := max(1, int(math.Ceil((top-lo)/12/8)))
	for y := int(lo / 12); y <= int(top/12); y += every {
		v := float64(y * 12)
		fmt.Fprintf(&c.b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#e3e3e3"/><text x="%g" y="%g" text-anchor="end" fill="#444">%d</text>`,
			c.left, c.y(v), c.right, c.y(v), c.left-6, c.y(v)+4, y)
	}
	fmt.Fprintf(&c.b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#e3e3e3" stroke-dasharray="4 3"/><text x="%g" y="%g" text-anchor="end" fill="#444">not reached</text>`,
		c.left, c.y(never), c.right, c.y(never), c.left-6, c.y(never)+4)
	at := func(m *string) float64 {
		if m == nil {
			return never
		}
		return monthIndex(*m)
	}
	labelEvery := max(1, len(runs)/12)
	for i, r := range runs {
		x := c.x(float64(i))
		fill := scenarioColour(0)
		if r.Overridden != nil && *r.Overridden > 0 {
			fill = "#fff"
		}
		fmt.Fprintf(&c.b, `<g class="run"><line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="3"/><circle cx="%g" cy="%g" r="5" fill="%s" stroke="%s" stroke-width="2"/><title>run %d, data as of %s%s: P10 %s, P50 %s, P90 %s</title></g>`,
			x, c.y(at(r.ReachMonthP10)), x, c.y(at(r.ReachMonthP90)), scenarioColour(0), x, c.y(at(r.ReachMonthP50)), fill, scenarioColour(0),
			r.RunID, r.AsOf, overridesNote(r), orNever(r.ReachMonthP10), orNever(r.ReachMonthP50), orNever(r.ReachMonthP90))
		if i%labelEvery == 0 {
			fmt.Fprintf(&c.b, `<text x="%g" y="%g" text-anchor="middle" fill="#444">%s</text>`, x, c.bott+16, html.EscapeString(r.AsOf))
		}
	}
	fmt.Fprintf(&c.b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#999"/>`, c.left, c.top, c.right-c.left, c.bott-c.top)
	c.text(c.left, c.top-10, "start", "#444", "month the headline reaches the target (P10–P90, dot P50), by run; x: the run's data as-of date")
	return c.end()
}

func overridesNote(r LedgerRun) string {
	if r.Overrides == nil || strings.TrimSpace(*r.Overrides) == "" {
		return ""
	}
	return " (overriding " + *r.Overrides + ")"
}

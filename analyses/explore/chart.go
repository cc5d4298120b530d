package explore

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// The charts are inline SVG drawn here, so the page needs no chart library. Every scenario has
// one colour on both charts (headline first); the naive comparison draws its median only,
// dotted, as in the report.

const (
	chartW, chartH                     = 960, 430
	padLeft, padRight, padTop, padBott = 76, 24, 34, 46
	observedColour                     = "#222222"
	targetColour                       = "#c0392b"
)

var palette = []string{"#1f6fb4", "#e07b12", "#2a9d43", "#7a7a7a", "#8e44ad", "#17a2b8"}

// ScenarioColour is a scenario's colour: its position in the result (headline first).
func scenarioColour(i int) string { return palette[i%len(palette)] }

type chart struct {
	b                      strings.Builder
	x0, x1, y0, y1         float64 // data ranges: x in months (index), y in counts
	left, right, top, bott float64
	id                     string // the clip path's id
}

func newChart(x0, x1, y1 float64, title, label string) *chart {
	c := &chart{x0: x0, x1: x1, y0: 0, y1: y1, left: padLeft, right: chartW - padRight, top: padTop, bott: chartH - padBott, id: "plot-" + label}
	// The data attributes map a pointer's x back to a month (the page's hover readout).
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="system-ui, sans-serif" font-size="12" data-x0="%g" data-x1="%g" data-left="%g" data-right="%g" data-top="%g" data-bottom="%g">`,
		chartW, chartH, html.EscapeString(title), c.x0, c.x1, c.left, c.right, c.top, c.bott)
	fmt.Fprintf(&c.b, `<title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&c.b, `<defs><clipPath id="%s"><rect x="%g" y="%g" width="%g" height="%g"/></clipPath></defs>`,
		c.id, c.left, c.top, c.right-c.left, c.bott-c.top)
	return c
}

func (c *chart) x(m float64) float64 {
	return round1(c.left + (m-c.x0)/(c.x1-c.x0)*(c.right-c.left))
}

func (c *chart) y(v float64) float64 {
	return round1(c.bott - (v-c.y0)/(c.y1-c.y0)*(c.bott-c.top))
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// axes draws the grid, the y ticks (counts) and the x ticks (years).
func (c *chart) axes(yLabel string) {
	step := niceStep(c.y1 / 6)
	c.b.WriteString(`<g class="grid" stroke="#e3e3e3" stroke-width="1">`)
	for v := 0.0; v <= c.y1+step/1e6; v += step {
		fmt.Fprintf(&c.b, `<line x1="%g" y1="%g" x2="%g" y2="%g"/>`, c.left, c.y(v), c.right, c.y(v))
	}
	c.b.WriteString(`</g><g class="yticks" text-anchor="end" fill="#444">`)
	for v := 0.0; v <= c.y1+step/1e6; v += step {
		fmt.Fprintf(&c.b, `<text x="%g" y="%g">%s</text>`, c.left-6, c.y(v)+4, thousands(int(v)))
	}
	c.b.WriteString(`</g>`)
	fmt.Fprintf(&c.b, `<text x="14" y="%g" transform="rotate(-90 14 %g)" text-anchor="middle" fill="#444">%s</text>`,
		(c.top+c.bott)/2, (c.top+c.bott)/2, html.EscapeString(yLabel))
	firstYear, lastYear := int(c.x0)/12, int(c.x1)/12
	every := 1
	for (lastYear-firstYear)/every > 14 {
		every++
	}
	c.b.WriteString(`<g class="xticks" text-anchor="middle" fill="#444">`)
	for y := firstYear + 1; y <= lastYear; y++ {
		if y%every != 0 {
			continue
		}
		x := c.x(float64(y * 12))
		fmt.Fprintf(&c.b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#e3e3e3"/><text x="%g" y="%g">%d</text>`, x, c.top, x, c.bott, x, c.bott+18, y)
	}
	c.b.WriteString(`</g>`)
	fmt.Fprintf(&c.b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#999"/>`, c.left, c.top, c.right-c.left, c.bott-c.top)
}

type point struct{ m, v float64 }

func (c *chart) path(ps []point) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString(" L")
		}
		fmt.Fprintf(&b, "%g %g", c.x(p.m), c.y(p.v))
	}
	return b.String()
}

func (c *chart) line(class, label, colour string, width float64, dash string, ps []point) {
	if len(ps) == 0 {
		return
	}
	d := ""
	if dash != "" {
		d = ` stroke-dasharray="` + dash + `"`
	}
	fmt.Fprintf(&c.b, `<path class="%s" clip-path="url(#%s)" d="%s" fill="none" stroke="%s" stroke-width="%g"%s><title>%s</title></path>`,
		class, c.id, c.path(ps), colour, width, d, html.EscapeString(label))
}

func (c *chart) band(class, label, colour string, opacity float64, lo, hi []point) {
	if len(lo) == 0 {
		return
	}
	ps := append([]point{}, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		ps = append(ps, hi[i])
	}
	fmt.Fprintf(&c.b, `<path class="%s" clip-path="url(#%s)" d="%s Z" fill="%s" fill-opacity="%g" stroke="none"><title>%s</title></path>`,
		class, c.id, c.path(ps), colour, opacity, html.EscapeString(label))
}

func (c *chart) text(x, y float64, anchor, colour, s string) {
	fmt.Fprintf(&c.b, `<text x="%g" y="%g" text-anchor="%s" fill="%s">%s</text>`, x, y, anchor, colour, html.EscapeString(s))
}

func (c *chart) end() string {
	c.b.WriteString(`</svg>`)
	return c.b.String()
}

// niceStep rounds v up to 1, 2 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// monthIndex is a month (YYYY-MM) as months since year 0, plus 1: a count at a month's end
// sits at the start of the next month.
func monthIndex(m string) float64 {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return math.NaN()
	}
	return float64(t.Year()*12 + int(t.Month()))
}

// series is one scenario's months: lo, mid and hi of a count.
type series func(Month) (lo, mid, hi int)

// fan draws every scenario's P10–P90 band and median (the naive one's median only, dotted).
func (c *chart) fan(r *Result, get series) {
	for i := len(r.Scenarios) - 1; i >= 0; i-- { // headline last: on top
		s := r.Scenarios[i]
		var lo, mid, hi []point
		for _, m := range r.Monthly {
			if m.Scenario != s.Name {
				continue
			}
			l, md, h := get(m)
			x := monthIndex(m.Month)
			lo, mid, hi = append(lo, point{x, float64(l)}), append(mid, point{x, float64(md)}), append(hi, point{x, float64(h)})
		}
		colour := scenarioColour(i)
		if s.IsNaive {
			c.line("median naive", s.Label+": median", colour, 1.6, "2 5", mid)
			continue
		}
		opacity, width := 0.12, 1.6
		if s.IsHeadline {
			opacity, width = 0.22, 2.6
		}
		c.band("band scenario-"+s.Name, s.Label+": P10–P90", colour, opacity, lo, hi)
		c.line("median scenario-"+s.Name, s.Label+": median", colour, width, "", mid)
	}
}

// yTop is the y range end: the non-naive scenarios' P90 and at least floor, at most capped.
func yTop(r *Result, get series, floor, capped float64) float64 {
	top := floor
	for _, m := range r.Monthly {
		if isNaive(r, m.Scenario) {
			continue
		}
		_, _, h := get(m)
		top = math.Max(top, float64(h))
	}
	top = math.Min(top, capped)
	step := niceStep(top / 6)
	return math.Ceil(top*1.04/step) * step
}

func isNaive(r *Result, name string) bool {
	for _, s := range r.Scenarios {
		if s.Name == name {
			return s.IsNaive
		}
	}
	return false
}

func (c *chart) asOf(r *Result) {
	t, _ := time.Parse(time.DateOnly, r.AsOf)
	x := c.x(float64(t.Year()*12+int(t.Month())-1) + float64(t.Day())/31)
	fmt.Fprintf(&c.b, `<line class="as-of" x1="%g" y1="%g" x2="%g" y2="%g" stroke="#555" stroke-dasharray="3 3"/>`, x, c.top, x, c.bott)
	c.text(x+4, c.top+14, "start", "#555", "as of "+r.AsOf)
}

func horizonEnd(r *Result) float64 {
	end := 0.0
	for _, m := range r.Monthly {
		end = math.Max(end, monthIndex(m.Month))
	}
	return end
}

// inOrbitChart is the fan chart of satellites in orbit: observed, then each scenario, the
// target and the headline's P10–P90 range of months reaching it.
func inOrbitChart(r *Result) string {
	target := float64(r.Scenarios[0].Target)
	get := func(m Month) (int, int, int) { return m.InOrbitP10, m.InOrbitP50, m.InOrbitP90 }
	x0 := horizonEnd(r) - 12*10
	if len(r.Observed) > 0 {
		x0 = monthIndex(r.Observed[0].Month) - 1
	}
	c := newChart(x0, horizonEnd(r), yTop(r, get, target*1.15, target*2.5),
		"Starlink satellites in orbit: observed, then P10–P90 and median per scenario", "in-orbit")
	c.axes("satellites in orbit")
	c.fan(r, get)
	obs := make([]point, len(r.Observed))
	for i, o := range r.Observed {
		obs[i] = point{monthIndex(o.Month), float64(o.InOrbit)}
	}
	c.line("observed", "observed in orbit", observedColour, 2.4, "", obs)
	fmt.Fprintf(&c.b, `<line class="target" x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="1.5" stroke-dasharray="7 4"><title>target</title></line>`,
		c.left, c.y(target), c.right, c.y(target), targetColour)
	c.text(c.left+6, c.y(target)-6, "start", targetColour, "target: "+thousands(int(target))+" satellites in orbit")
	h := r.Scenarios[0]
	if h.ReachMonthP10 != nil {
		lo := monthIndex(*h.ReachMonthP10)
		hi := horizonEnd(r)
		if h.ReachMonthP90 != nil {
			hi = monthIndex(*h.ReachMonthP90)
		}
		y := c.y(target)
		fmt.Fprintf(&c.b, `<g class="reach" stroke="%s" stroke-width="3"><line x1="%g" y1="%g" x2="%g" y2="%g"/><line x1="%g" y1="%g" x2="%g" y2="%g"/><line x1="%g" y1="%g" x2="%g" y2="%g"/><title>%s reaches the target: P10 %s, P90 %s</title></g>`,
			scenarioColour(0), c.x(lo), y, c.x(hi), y, c.x(lo), y-6, c.x(lo), y+6, c.x(hi), y-6, c.x(hi), y+6,
			html.EscapeString(h.Label), *h.ReachMonthP10, orNever(h.ReachMonthP90))
	}
	c.asOf(r)
	return c.end()
}

func orNever(s *string) string {
	if s == nil {
		return "not by the horizon"
	}
	return *s
}

// launchesChart is the fan chart of launches since the as-of date, per scenario.
func launchesChart(r *Result) string {
	get := func(m Month) (int, int, int) { return m.CumLaunchesP10, m.CumLaunchesP50, m.CumLaunchesP90 }
	t, _ := time.Parse(time.DateOnly, r.AsOf)
	x0 := float64(t.Year()*12+int(t.Month())) - 1
	c := newChart(x0, horizonEnd(r), yTop(r, get, 10, math.Inf(1)),
		"Starlink launches since the as-of date (all vehicles): P10–P90 and median per scenario", "launches")
	c.axes("launches since " + r.AsOf)
	c.fan(r, get)
	c.asOf(r)
	return c.end()
}

package report

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LedgerChartStem is the chart of how the answer moved, without extension.
const LedgerChartStem = "charts/starlink-answer-history"

var (
	neverColor  = color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 255} // vermillion: not by the horizon
	by2035Color = color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 255} // green: chance by 2035
	otherRun    = color.RGBA{R: 0x88, G: 0x88, B: 0x88, A: 255} // runs with other assumptions
)

// LedgerChart draws how the headline's answer moved with the data
// (analytics.fct_starlink_forecast_ledger), by as-of date: on the left the month the target is
// first reached, P10–P90 as a band and the median, for the backtest origins (as it would have
// been then, with the current assumptions) and the runs; a band whose P90 (or P10) is not
// reached by the horizon runs up to the horizon's line, a median not reached is an open
// triangle above it. On the right the share of paths not reaching the target by the horizon
// and the chance by 2035. Runs made with other assumptions are grey marks, outside the band.
func LedgerChart(d Data) (Chart, error) {
	c := Chart{Stem: LedgerChartStem, cols: 2,
		title: "How the answer moved: the headline at each backtest origin (what the data knew then) and at each run"}
	if err := d.Validate(); err != nil {
		return c, err
	}
	pts := comparablePoints(d)
	if len(pts) == 0 {
		return c, errors.New("analytics.fct_starlink_forecast_ledger has no point with the current run's assumptions")
	}
	h := d.Headline()
	target, horizon := formatInt(h.Target), formatMonth(h.Horizon)
	top := yearFraction(h.Horizon.AddDate(0, 1, 0)) // the end of the horizon month
	beyond := top + 1.2                             // where a median not reached is drawn

	xMin, xMax := math.Inf(1), math.Inf(-1)
	yMin := math.Inf(1)
	for _, p := range d.Ledger {
		x := yearFraction(p.AsOf)
		xMin, xMax = math.Min(xMin, x), math.Max(xMax, x)
		yMin = math.Min(yMin, x)
		if p.ReachP10 != nil {
			yMin = math.Min(yMin, yearFraction(*p.ReachP10))
		}
	}
	xLo, xHi := math.Floor(xMin), math.Ceil(xMax+0.01)
	yLo, yHi := math.Floor(yMin), beyond+0.8
	// reach places a percentile's month: the horizon's line when it is not reached (the band),
	// or whereNever (the median's mark).
	reach := func(t *time.Time, whereNever float64) float64 {
		if t == nil {
			return whereNever
		}
		return yearFraction(*t)
	}

	c.key = []keyEntry{
		{Text: "P10–P90 of the month", Color: bandColor},
		{Text: "median (open: not by " + horizon + ")", Color: headlineColor},
		{Text: "not reached by " + horizon, Color: neverColor},
		{Text: "reached by 2035", Color: by2035Color},
		{Text: "dots: origins, squares: runs", Color: observedColor},
	}
	for _, p := range d.Ledger {
		if p.AssumptionsHash != pts[len(pts)-1].AssumptionsHash {
			c.key = append(c.key, keyEntry{Text: "grey: other assumptions", Color: otherRun})
			break
		}
	}

	// Left: the reach month.
	left := newPlot("Month "+target+" is first reached (headline)", "as of (what the data knew)", "month first reached")
	left.Title.TextStyle.Font.Size = vg.Points(12)
	var lo, hi plotter.XYs
	var mids []plotter.XYs // runs of consecutive points whose median is reached
	for i, p := range pts {
		x := yearFraction(p.AsOf)
		lo = append(lo, plotter.XY{X: x, Y: reach(p.ReachP10, top)})
		hi = append(hi, plotter.XY{X: x, Y: reach(p.ReachP90, top)})
		if p.ReachP50 == nil {
			continue
		}
		if i == 0 || pts[i-1].ReachP50 == nil {
			mids = append(mids, nil)
		}
		mids[len(mids)-1] = append(mids[len(mids)-1], plotter.XY{X: x, Y: yearFraction(*p.ReachP50)})
	}
	if len(pts) > 1 {
		poly, err := band(lo, hi, bandColor)
		if err != nil {
			return c, err
		}
		left.Add(poly)
	}
	horizonLine, err := newLine(plotter.XYs{{X: xLo, Y: top}, {X: xHi, Y: top}}, targetColor, 1.2, 6, 4)
	if err != nil {
		return c, err
	}
	left.Add(horizonLine)
	for _, edge := range []plotter.XYs{lo, hi} {
		l, err := newLine(edge, headlineColor, 0.8, 2, 2)
		if err != nil {
			return c, err
		}
		left.Add(l)
	}
	for _, m := range mids {
		if len(m) < 2 {
			continue
		}
		l, err := newLine(m, headlineColor, 2)
		if err != nil {
			return c, err
		}
		left.Add(l)
	}
	if err := ledgerMarksOr(left, d, pts, func(p LedgerPoint) float64 { return reach(p.ReachP50, beyond) }, headlineColor,
		func(p LedgerPoint) bool { return p.ReachP50 == nil }); err != nil {
		return c, err
	}
	if err := addLabels(left,
		label{X: xHi, Y: top, Text: "horizon, " + horizon, Color: targetColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4, DY: -3, Ground: true},
	); err != nil {
		return c, err
	}
	c.add("reach month P10–P90 and median", len(pts))
	left.X.Min, left.X.Max, left.Y.Min, left.Y.Max = xLo, xHi, yLo, yHi
	left.X.Tick.Marker = yearTicks{every: 1}
	left.Y.Tick.Marker = horizonTicks{top: top, beyond: beyond, label: "not reached"}

	// Right: the share never reaching the target, and the chance by 2035.
	right := newPlot("Share of paths", "as of (what the data knew)", "share of the headline's paths")
	right.Title.TextStyle.Font.Size = vg.Points(12)
	for _, s := range []struct {
		name  string
		color color.Color
		value func(LedgerPoint) float64
	}{
		{"not reached by " + horizon, neverColor, func(p LedgerPoint) float64 { return 100 * p.ShareNeverReached }},
		{"reached by 2035", by2035Color, func(p LedgerPoint) float64 { return 100 * p.ProbBy2035 }},
	} {
		var xys plotter.XYs
		for _, p := range pts {
			xys = append(xys, plotter.XY{X: yearFraction(p.AsOf), Y: s.value(p)})
		}
		l, err := newLine(xys, s.color, 2)
		if err != nil {
			return c, err
		}
		right.Add(l)
		if err := ledgerMarks(right, d, pts, s.value, s.color); err != nil {
			return c, err
		}
		c.add(s.name, len(pts))
	}
	right.X.Min, right.X.Max, right.Y.Min, right.Y.Max = xLo, xHi, 0, 100
	right.X.Tick.Marker = yearTicks{every: 1}
	right.Y.Tick.Marker = roundTicks{suffix: "%"}
	c.panels = []*plot.Plot{left, right}
	return c, nil
}

// ledgerMarks marks every point of the ledger at value(p): a dot for a backtest origin, a
// square for a run, grey for a run made with other assumptions than the current run's.
func ledgerMarks(p *plot.Plot, d Data, comparable []LedgerPoint, value func(LedgerPoint) float64, col color.Color) error {
	return ledgerMarksOr(p, d, comparable, value, col, nil)
}

// ledgerMarksOr is ledgerMarks, with an open triangle where never(p).
func ledgerMarksOr(p *plot.Plot, d Data, comparable []LedgerPoint, value func(LedgerPoint) float64, col color.Color, never func(LedgerPoint) bool) error {
	same := map[int]bool{}
	for _, q := range comparable {
		same[q.Order] = true
	}
	for _, q := range d.Ledger {
		xy := plotter.XYs{{X: yearFraction(q.AsOf), Y: value(q)}}
		if math.IsNaN(xy[0].Y) || math.IsInf(xy[0].Y, 0) {
			return fmt.Errorf("ledger point %d (%s as of %s): not a finite value", q.Order, q.Kind, formatDate(q.AsOf))
		}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		if q.Kind == pointRun {
			s.GlyphStyle.Shape, s.GlyphStyle.Radius = draw.BoxGlyph{}, vg.Points(3.6)
			if !same[q.Order] {
				s.GlyphStyle.Color = otherRun
			}
		}
		if never != nil && never(q) {
			s.GlyphStyle.Shape, s.GlyphStyle.Radius = draw.TriangleGlyph{}, vg.Points(4)
		}
		p.Add(s)
	}
	return nil
}

// horizonTicks label years up to the horizon's top and the "beyond" row above it.
type horizonTicks struct {
	top, beyond float64
	label       string
}

func (h horizonTicks) Ticks(min, max float64) []plot.Tick {
	ticks := (yearTicks{}).Ticks(min, math.Min(max, h.top))
	return append(ticks, plot.Tick{Value: h.beyond, Label: h.label})
}

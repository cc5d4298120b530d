package report

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The fan chart's x range: from the first observed year to the end of fanChartLastYear (or the
// horizon, when it comes first).
const fanChartLastYear = 2045

// FanChartStem is the fan chart's path without extension, relative to the report's folder.
const FanChartStem = "charts/starlink-fan-chart"

// FanChart draws satellites in orbit per month: the observed count, then the headline
// scenario's median with its P10–P90 band, every other scenario's median as a line, the
// target line, the as-of marker and the headline's P10–P90 range of months reaching the target.
func FanChart(d Data) (Chart, error) {
	c := Chart{Stem: FanChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	target := float64(h.Target)
	observed := observedXYs(d.MonthsOf(h.Name))
	xMin := math.Floor(observed[0].X)
	xMax := math.Min(fanChartLastYear+1, yearFraction(h.Horizon))

	p := newPlot(
		fmt.Sprintf("Starlink satellites in orbit: observed to %s, then %s simulated paths", formatMonth(h.AsOf), formatInt(h.SimulatedPaths)),
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"satellites in orbit",
	)

	// The headline's band and median, from the as-of month.
	var lo, mid, hi plotter.XYs
	yTop := target * 1.2
	for _, m := range d.MonthsOf(h.Name) {
		if m.InOrbitP10 == nil || m.InOrbitP50 == nil || m.InOrbitP90 == nil {
			continue
		}
		x := midMonth(m.Month)
		lo, mid, hi = append(lo, plotter.XY{X: x, Y: *m.InOrbitP10}), append(mid, plotter.XY{X: x, Y: *m.InOrbitP50}), append(hi, plotter.XY{X: x, Y: *m.InOrbitP90})
		if x <= xMax {
			yTop = math.Max(yTop, *m.InOrbitP90)
		}
	}
	if len(mid) < 2 {
		return c, fmt.Errorf("analytics.fct_starlink_forecast_monthly: scenario %s has %d months with in_orbit_p10..p90, want at least 2", h.Name, len(mid))
	}
	// Headroom: the legend (about 4% of the height per entry) fits above the target line.
	entries := 5 + len(d.Forecasts)
	yMax := niceCeil(math.Max(math.Min(yTop, target*2)*1.05, target/(1-0.04*float64(entries)-0.08)))

	fan, err := band(lo, hi, bandColor)
	if err != nil {
		return c, err
	}
	median, err := newLine(mid, headlineColor, 2.6)
	if err != nil {
		return c, err
	}
	observedLine, err := newLine(observed, observedColor, 2.6)
	if err != nil {
		return c, err
	}
	targetLine, err := newLine(plotter.XYs{{X: xMin, Y: target}, {X: xMax, Y: target}}, targetColor, 1.5, 6, 4)
	if err != nil {
		return c, err
	}
	var legendNames []string
	legend := func(name string, thumbs ...plot.Thumbnailer) {
		p.Legend.Add(name, thumbs...)
		legendNames = append(legendNames, name)
	}
	asOfX := yearFraction(h.AsOf)
	asOfLine := verticalLine(asOfX, 0, yMax)
	p.Add(fan, targetLine, asOfLine)
	drawn := []plotter.XYs{observed, mid}

	legend("observed in orbit", observedLine)
	c.add("observed in orbit", len(observed))
	legend(h.Label+": median path", median)
	c.add(h.Label+": median path", len(mid))
	legend(fmt.Sprintf("%s: P10–P90 of paths", h.Label), fan)
	c.add(h.Label+": P10–P90 of paths", len(lo))

	// The other scenarios' medians, naive ones dotted.
	for i, f := range d.Forecasts[1:] {
		var xys plotter.XYs
		for _, m := range d.MonthsOf(f.Name) {
			if m.InOrbitP50 != nil {
				xys = append(xys, plotter.XY{X: midMonth(m.Month), Y: *m.InOrbitP50})
			}
		}
		if len(xys) == 0 {
			return c, fmt.Errorf("analytics.fct_starlink_forecast_monthly: scenario %s has no in_orbit_p50", f.Name)
		}
		dashes := []float64{8, 3}
		name := f.Label + ": median path"
		if f.IsNaive {
			dashes = []float64{2, 3}
			if !strings.Contains(strings.ToLower(f.Label), "naive") {
				name = f.Label + " (naive): median path"
			}
		}
		drawn = append(drawn, xys)
		l, err := newLine(xys, seriesColor(i+1), 1.8, dashes...)
		if err != nil {
			return c, err
		}
		p.Add(l)
		legend(name, l)
		c.add(name, len(xys))
	}
	p.Add(median, observedLine)
	legend("target: "+formatInt(h.Target)+" in orbit", targetLine)
	c.add("target", 2)
	legend("as of "+formatDate(h.AsOf)+": "+formatInt(h.InOrbitAtAsOf)+" in orbit", asOfLine)
	c.add("as of", 1)

	labels := []label{
		{X: xMin, Y: target, Text: "target: " + formatInt(h.Target) + " satellites in orbit", Color: targetColor, XAlign: text.XLeft, YAlign: text.YBottom, DX: 6, DY: 4},
	}
	// When the headline reaches the target: the P10–P90 months on the target line, the median
	// as a dot.
	if h.ReachP50 != nil {
		x50 := midMonth(*h.ReachP50)
		dot, err := plotter.NewScatter(plotter.XYs{{X: x50, Y: target}})
		if err != nil {
			return c, err
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: headlineColor, Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
		p.Add(dot)
		caption, labelX := "median "+formatMonth(*h.ReachP50), x50
		if h.ReachP10 != nil {
			x10, x90 := midMonth(*h.ReachP10), xMax
			if h.ReachP90 != nil {
				x90 = midMonth(*h.ReachP90)
			}
			bar, err := plotter.NewXErrorBars(xErr{x: x50, y: target, lo: x50 - x10, hi: x90 - x50})
			if err != nil {
				return c, err
			}
			bar.LineStyle.Color, bar.LineStyle.Width, bar.CapWidth = headlineColor, vg.Points(3), vg.Points(12)
			p.Add(bar)
			caption = formatInt(h.Target) + " reached " + formatMonth(*h.ReachP10) + " – " + formatMonthOr(h.ReachP90, "later") + " (" + caption + ")"
			labelX = x10
		}
		reach := label{X: labelX, Y: target, Text: caption, Color: headlineColor, XAlign: text.XRight, YAlign: text.YBottom, DX: -4, DY: 8, Ground: true}
		// Below the target line when it would run into the target's own label above it (text
		// widths estimated at 6.2 points a character on a plot about 720 points wide).
		years := func(s string) float64 { return float64(len([]rune(s))) * 6.2 / 720 * (xMax - xMin) }
		if labelX-years(caption) < xMin+years(labels[0].Text)+0.5 {
			reach.YAlign, reach.DY = text.YTop, -8
		}
		labels = append(labels, reach)
		c.add("reaches the target", 1)
	}
	if err := addLabels(p, labels...); err != nil {
		return c, err
	}

	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = 0, yMax
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = roundTicks{}
	// The legend goes in the corner that hides the least: top left, bottom right or top right.
	w, hgt := 0.42*(xMax-xMin), float64(entries)*0.042*yMax
	type corner struct {
		top, left bool
		x0, y0    float64
	}
	best, bestHidden := corner{}, math.MaxInt
	for _, k := range []corner{{true, true, xMin, yMax - hgt}, {false, false, xMax - w, 0}, {true, false, xMax - w, yMax - hgt}} {
		hidden := 0
		for _, xys := range drawn {
			for _, xy := range xys {
				if xy.X >= k.x0 && xy.X <= k.x0+w && xy.Y >= k.y0 && xy.Y <= k.y0+hgt {
					hidden++
				}
			}
		}
		for i := range lo { // the band: every month whose P10..P90 crosses the box
			if lo[i].X >= k.x0 && lo[i].X <= k.x0+w && lo[i].Y <= k.y0+hgt && hi[i].Y >= k.y0 {
				hidden++
			}
		}
		if hidden < bestHidden {
			best, bestHidden = k, hidden
		}
	}
	p.Legend.Top, p.Legend.Left = best.top, best.left
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), vg.Points(8)
	p.Add(legendBackground{names: legendNames})
	if !best.left {
		p.Legend.XOffs = -vg.Points(8)
	}
	if best.top {
		p.Legend.YOffs = -vg.Points(8)
	}
	c.panels = append(c.panels, p)
	return c, nil
}

// observedXYs are the months with an observed count.
func observedXYs(months []ForecastMonth) plotter.XYs {
	var xys plotter.XYs
	for _, m := range months {
		if m.Observed != nil {
			xys = append(xys, plotter.XY{X: midMonth(m.Month), Y: float64(*m.Observed)})
		}
	}
	return xys
}

// xErr is one point with an asymmetric x error, for plotter.NewXErrorBars.
type xErr struct{ x, y, lo, hi float64 }

func (e xErr) Len() int                      { return 1 }
func (e xErr) XY(int) (float64, float64)     { return e.x, e.y }
func (e xErr) XError(int) (float64, float64) { return e.lo, e.hi }

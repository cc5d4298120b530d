package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The fan charts' x range ends at the end of fanChartLastYear (or the horizon, when it comes
// first).
const fanChartLastYear = 2045

// Fan charts' paths without extension, relative to the report's folder.
const (
	FanChartStem      = "charts/starlink-fan-chart"
	LaunchesFanStem   = "charts/starlink-launches-fan-chart"
	naiveDash, dashOn = 2.0, 8.0
)

// fanSeries is what a fan chart draws of one scenario's month: P10, P50 and P90, or nothing.
type fanSeries func(ForecastMonth) (lo, mid, hi *int64)

// scenarioColor is a scenario's colour on every chart: the headline blue, the others the
// palette's next colours in scenario order.
func scenarioColor(d Data, name string) color.Color {
	i := 0
	for _, f := range d.Forecasts {
		if f.Name == name {
			return seriesColor(i)
		}
		i++
	}
	return observedColor
}

// FanChart draws satellites in orbit per month: the observed count, then every scenario's
// median and P10–P90 (the headline's as a band, the others' as thin lines, the naive line's
// median only, dotted), the target line, the
// as-of marker and the headline's P10–P90 range of months reaching the target.
func FanChart(d Data) (Chart, error) {
	c := Chart{Stem: FanChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	target := float64(h.Target)
	observed := observedXYs(d.MonthsOf(h.Name))
	xMin := math.Floor(observed[0].X)
	xMax := math.Min(fanChartLastYear+1, yearFraction(h.Horizon.AddDate(0, 1, 0)))
	p := newPlot(
		fmt.Sprintf("Starlink satellites in orbit: observed to %s, then %s simulated paths per scenario", formatMonth(h.AsOf), formatInt(h.Paths)),
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"satellites in orbit",
	)
	yTop, err := fanScenarios(&c, p, d, xMax, "satellites in orbit", func(m ForecastMonth) (*int64, *int64, *int64) {
		return m.InOrbitP10, m.InOrbitP50, m.InOrbitP90
	})
	if err != nil {
		return c, err
	}
	yMax := niceCeil(math.Max(math.Min(yTop, target*2), target*1.35))

	observedLine, err := newLine(observed, observedColor, 2.6)
	if err != nil {
		return c, err
	}
	targetLine, err := newLine(plotter.XYs{{X: xMin, Y: target}, {X: xMax, Y: target}}, targetColor, 1.5, 6, 4)
	if err != nil {
		return c, err
	}
	asOfLine := verticalLine(yearFraction(h.AsOf), 0, yMax)
	p.Add(observedLine, targetLine, asOfLine)
	c.legend(p, "observed in orbit", observedLine)
	c.add("observed in orbit", len(observed))
	c.legend(p, "target: "+formatInt(h.Target)+" in orbit", targetLine)
	c.add("target", 2)
	c.legend(p, "as of "+formatDate(h.AsOf)+": "+formatInt(h.InOrbitAtAsOf)+" in orbit", asOfLine)
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
		caption, labelX := h.Label+": median "+formatMonth(*h.ReachP50), x50
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
		// Below the target line, on a white box, so it never runs into the target's label.
		labels = append(labels, label{X: labelX, Y: target, Text: caption, Color: headlineColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4, DY: -8, Ground: true})
		c.add("reaches the target", 1)
	}
	if err := addLabels(p, labels...); err != nil {
		return c, err
	}
	c.addYearPanel(p, xMin, xMax, yMax)
	return c, nil
}

// LaunchesFanChart draws the launches (all vehicles) from the as-of date, cumulative, per
// scenario: medians and P10–P90 (as on FanChart), and the headline's launches needed to reach
// the target.
func LaunchesFanChart(d Data) (Chart, error) {
	c := Chart{Stem: LaunchesFanStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	xMin := math.Floor(yearFraction(h.AsOf))
	xMax := math.Min(fanChartLastYear+1, yearFraction(h.Horizon.AddDate(0, 1, 0)))
	p := newPlot(
		fmt.Sprintf("Starlink launches from %s, cumulative: %s simulated paths per scenario", formatDate(h.AsOf), formatInt(h.Paths)),
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"launches since the as-of date (all vehicles)",
	)
	yTop, err := fanScenarios(&c, p, d, xMax, "launches", func(m ForecastMonth) (*int64, *int64, *int64) {
		return m.CumLaunchesP10, m.CumLaunchesP50, m.CumLaunchesP90
	})
	if err != nil {
		return c, err
	}
	yMax := niceCeil(math.Max(yTop*1.05, 10))
	if h.LaunchesP50 != nil && h.ReachP50 != nil {
		x, y := midMonth(*h.ReachP50), float64(*h.LaunchesP50)
		dot, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		if err != nil {
			return c, err
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: targetColor, Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
		p.Add(dot)
		caption := fmt.Sprintf("%s: %s reached after %s launches (median)", h.Label, formatInt(h.Target), formatInt(*h.LaunchesP50))
		if h.LaunchesP10 != nil {
			caption = fmt.Sprintf("%s: %s reached after %s launches (median; P10–P90 %s)", h.Label, formatInt(h.Target), formatInt(*h.LaunchesP50), formatRange(h.LaunchesP10, h.LaunchesP90))
		}
		if err := addLabels(p, label{X: x, Y: y, Text: caption, Color: targetColor, XAlign: text0(x, xMin, xMax), YAlign: text.YTop, DX: 0, DY: -10, Ground: true}); err != nil {
			return c, err
		}
		c.add("launches needed", 1)
	}
	c.addYearPanel(p, xMin, xMax, yMax)
	return c, nil
}

// text0 aligns a label so it stays inside the plot: right-aligned in the right half.
func text0(x, xMin, xMax float64) text.XAlignment {
	if x > (xMin+xMax)/2 {
		return text.XRight
	}
	return text.XLeft
}

// fanScenarios adds every scenario's median and P10–P90 (series picks P10, P50 and P90 of a
// month) up to xMax, with legend entries, and returns the highest P90 drawn: the headline's
// range as a filled band under everything, the others' as thin lines in their colour, the
// naive line's median only.
func fanScenarios(c *Chart, p *plot.Plot, d Data, xMax float64, what string, series fanSeries) (float64, error) {
	yTop := 0.0
	var bands, edges, medians []plot.Plotter
	for _, f := range d.Forecasts {
		var lo, mid, hi plotter.XYs
		for _, m := range d.MonthsOf(f.Name) {
			l, md, h := series(m)
			if l == nil || md == nil || h == nil {
				continue
			}
			x := midMonth(m.Month)
			if x > xMax+1.0/12 {
				break
			}
			lo, mid, hi = append(lo, plotter.XY{X: x, Y: float64(*l)}), append(mid, plotter.XY{X: x, Y: float64(*md)}), append(hi, plotter.XY{X: x, Y: float64(*h)})
			yTop = math.Max(yTop, float64(*h))
		}
		if len(mid) < 2 {
			return 0, fmt.Errorf("analytics.fct_starlink_forecast_monthly: scenario %s has %d projected months of %s with P10..P90, want at least 2", f.Name, len(mid), what)
		}
		col := scenarioColor(d, f.Name)
		name := f.Label
		if f.IsHeadline {
			name += " (headline)"
		}
		width, dashes := 1.8, []float64{dashOn, 3}
		if f.IsHeadline {
			width, dashes = 2.6, nil
		}
		if f.IsNaive {
			dashes = []float64{naiveDash, 3}
			if !strings.Contains(strings.ToLower(f.Label), "naive") {
				name += " (naive)"
			}
		}
		median, err := newLine(mid, col, width, dashes...)
		if err != nil {
			return 0, err
		}
		medians = append(medians, median)
		if f.IsNaive {
			c.legend(p, name+": median", median)
			c.add(f.Label+": median", len(mid))
			continue
		}
		if f.IsHeadline {
			// The headline's band filled, under everything else.
			fan, err := band(lo, hi, bandColor)
			if err != nil {
				return 0, err
			}
			bands = append(bands, fan)
			c.legend(p, name+": median, P10–P90", median, fan)
		} else {
			// The others' P10 and P90 as thin lines, so no band hides another.
			for _, xys := range []plotter.XYs{lo, hi} {
				l, err := newLine(xys, col, 0.9, dashes...)
				if err != nil {
					return 0, err
				}
				edges = append(edges, l)
			}
			c.legend(p, name+": median, P10 and P90 (thin)", median)
		}
		c.add(f.Label+": median", len(mid))
		c.add(f.Label+": P10–P90", len(lo))
	}
	p.Add(bands...)
	p.Add(edges...)
	p.Add(medians...)
	return yTop, nil
}

// placeLegend puts the legend in the top left corner on a white ground: the fans grow to the
// top right from the bottom left.
func placeLegend(p *plot.Plot, names []string) {
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	p.Add(legendBackground{names: names})
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

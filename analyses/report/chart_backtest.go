package report

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BacktestChartStem is the backtest chart's path without extension.
const BacktestChartStem = "charts/starlink-backtest"

// backtestErrorLimit cuts the error axis (percent): a method far off is drawn to the edge.
const backtestErrorLimit = 150.0

// BacktestChart draws, per horizon (one panel each), every backtest origin's forecast against
// what happened: the median's error relative to the actual count in orbit, with the P10–P90
// range as a bar. A bar that crosses zero covered the actual count.
func BacktestChart(d Data) (Chart, error) {
	c := Chart{Stem: BacktestChartStem, title: "Backtest: each method's forecast against the count that was then in orbit"}
	if err := d.Validate(); err != nil {
		return c, err
	}
	if len(d.Backtest) == 0 {
		return c, fmt.Errorf("analytics.fct_starlink_forecast_backtest has no rows")
	}
	methods, horizons := d.Methods(), d.Horizons()
	xMin, xMax := math.Inf(1), math.Inf(-1)
	yLo, yHi := -10.0, 10.0
	for _, b := range d.Backtest {
		if b.Actual == 0 {
			continue // no relative error; not drawn
		}
		x := yearFraction(b.Origin)
		xMin, xMax = math.Min(xMin, x), math.Max(xMax, x)
		lo, hi := relErr(b.P10, b.Actual), relErr(b.P90, b.Actual)
		yLo, yHi = math.Min(yLo, lo), math.Max(yHi, hi)
	}
	yLo = -niceCeil(math.Min(-yLo, 100) * 1.05)
	yHi = niceCeil(math.Min(yHi, backtestErrorLimit) * 1.05)
	offset := 0.09 // years between methods at one origin
	for mi, method := range methods {
		c.key = append(c.key, keyEntry{Text: methodName(method) + ": median, P10–P90", Color: seriesColor(mi)})
	}
	c.key = append(c.key, keyEntry{Text: "0% = the actual count", Color: observedColor})

	for pi, hm := range horizons {
		p := newPlot(fmt.Sprintf("%d months ahead", hm), "forecast origin", "")
		if pi == 0 {
			p.Y.Label.Text = "forecast vs actual in orbit (error of the median, %)"
		}
		zero, err := newLine(plotter.XYs{{X: math.Floor(xMin), Y: 0}, {X: math.Ceil(xMax + offset*2), Y: 0}}, observedColor, 1.2)
		if err != nil {
			return c, err
		}
		p.Add(zero)
		for mi, method := range methods {
			var pts errPoints
			for _, b := range d.Backtest {
				if b.Method != method || b.HorizonMonths != hm || b.Actual == 0 {
					continue
				}
				x := yearFraction(b.Origin) + (float64(mi)-float64(len(methods)-1)/2)*offset
				y := clamp(relErr(b.P50, b.Actual), yLo, yHi)
				pts = append(pts, errPoint{x: x, y: y, lo: y - clamp(relErr(b.P10, b.Actual), yLo, yHi), hi: clamp(relErr(b.P90, b.Actual), yLo, yHi) - y})
			}
			if len(pts) == 0 {
				continue
			}
			bars, err := plotter.NewYErrorBars(pts)
			if err != nil {
				return c, err
			}
			bars.LineStyle.Color, bars.LineStyle.Width, bars.CapWidth = seriesColor(mi), vg.Points(1.6), vg.Points(4)
			dots, err := plotter.NewScatter(pts)
			if err != nil {
				return c, err
			}
			dots.GlyphStyle = draw.GlyphStyle{Color: seriesColor(mi), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			p.Add(bars, dots)
			c.add(fmt.Sprintf("%s, %d months", method, hm), len(pts))
		}
		p.X.Min, p.X.Max = math.Floor(xMin), math.Ceil(xMax+offset*2)
		p.Y.Min, p.Y.Max = yLo, yHi
		p.X.Tick.Marker = yearTicks{}
		p.Y.Tick.Marker = roundTicks{suffix: "%"}
		c.panels = append(c.panels, p)
	}
	return c, nil
}

// relErr is (predicted - actual) / actual in percent.
func relErr(predicted float64, actual int64) float64 {
	return (predicted - float64(actual)) / float64(actual) * 100
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// errPoint is a point with an asymmetric y error, for plotter.NewYErrorBars and NewScatter.
type errPoint struct{ x, y, lo, hi float64 }

type errPoints []errPoint

func (e errPoints) Len() int                        { return len(e) }
func (e errPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }

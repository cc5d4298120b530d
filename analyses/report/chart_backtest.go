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

// backtestCols is how many panels the backtest chart puts in a row.
const backtestCols = 3

// BacktestChart draws, per target and horizon (one panel each), every backtest origin's
// forecast against what happened: the median's error (predicted - actual, in the target's
// unit) with the P10–P90 range as a bar, one colour per method. A bar that crosses zero
// covered the actual.
func BacktestChart(d Data) (Chart, error) {
	c := Chart{Stem: BacktestChartStem, cols: backtestCols,
		title: "Backtest: each origin's forecast, made with what was known then, against what happened"}
	if err := d.Validate(); err != nil {
		return c, err
	}
	if len(d.Backtest) == 0 {
		return c, fmt.Errorf("analytics.fct_starlink_forecast_backtest has no rows")
	}
	methods := d.Methods()
	for mi, method := range methods {
		c.key = append(c.key, keyEntry{Text: methodName(method), Color: seriesColor(mi)})
	}
	c.key = append(c.key, keyEntry{Text: "dot: error of the median, bar: P10–P90, 0: what happened", Color: observedColor})
	xMin, xMax := math.Inf(1), math.Inf(-1)
	for _, b := range d.Backtest {
		xMin, xMax = math.Min(xMin, yearFraction(b.Origin)), math.Max(xMax, yearFraction(b.Origin))
	}
	offset := 0.08 // years between methods at one origin
	xLo, xHi := math.Floor(xMin), math.Ceil(xMax+offset*float64(len(methods)))

	for _, panel := range d.Panels() {
		title, unit := panelTitle(panel)
		p := newPlot(title, "forecast origin", "predicted − actual ("+unit+")")
		p.Title.TextStyle.Font.Size = vg.Points(11)
		p.Y.Label.TextStyle.Font.Size = vg.Points(10)
		p.X.Label.TextStyle.Font.Size = vg.Points(10)
		yLo, yHi := -1.0, 1.0
		for _, b := range d.Backtest {
			if b.Target == panel.Target && b.HorizonMonths == panel.HorizonMonths {
				yLo, yHi = math.Min(yLo, b.P10-b.Actual), math.Max(yHi, b.P90-b.Actual)
			}
		}
		pad := (yHi - yLo) * 0.06
		yLo, yHi = yLo-pad, yHi+pad
		zero, err := newLine(plotter.XYs{{X: xLo, Y: 0}, {X: xHi, Y: 0}}, observedColor, 1.2)
		if err != nil {
			return c, err
		}
		p.Add(zero)
		for mi, method := range methods {
			var pts errPoints
			for _, b := range d.Backtest {
				if b.Method != method || b.Target != panel.Target || b.HorizonMonths != panel.HorizonMonths {
					continue
				}
				x := yearFraction(b.Origin) + (float64(mi)-float64(len(methods)-1)/2)*offset
				y := b.P50 - b.Actual
				pts = append(pts, errPoint{x: x, y: y, lo: y - (b.P10 - b.Actual), hi: (b.P90 - b.Actual) - y})
			}
			if len(pts) == 0 {
				continue
			}
			bars, err := plotter.NewYErrorBars(pts)
			if err != nil {
				return c, err
			}
			bars.LineStyle.Color, bars.LineStyle.Width, bars.CapWidth = seriesColor(mi), vg.Points(1.4), vg.Points(3)
			dots, err := plotter.NewScatter(pts)
			if err != nil {
				return c, err
			}
			dots.GlyphStyle = draw.GlyphStyle{Color: seriesColor(mi), Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
			p.Add(bars, dots)
			c.add(fmt.Sprintf("%s, %s", method, panelKey(panel)), len(pts))
		}
		p.X.Min, p.X.Max = xLo, xHi
		p.Y.Min, p.Y.Max = yLo, yHi
		p.X.Tick.Marker = yearTicks{every: 2}
		p.Y.Tick.Marker = roundTicks{}
		c.panels = append(c.panels, p)
	}
	return c, nil
}

// panelKey names a panel in the chart's series, e.g. "in_orbit 6" or "threshold_crossing".
func panelKey(p Panel) string {
	if p.Target == "threshold_crossing" {
		return p.Target
	}
	return fmt.Sprintf("%s %d", p.Target, p.HorizonMonths)
}

// panelTitle is a panel's title and the unit of its errors.
func panelTitle(p Panel) (title, unit string) {
	switch p.Target {
	case "in_orbit":
		return fmt.Sprintf("in orbit %d months ahead", p.HorizonMonths), "satellites"
	case "launches_next_12m":
		return "launches in the next 12 months", "launches"
	case "satellites_per_launch_next_12m":
		return "satellites per launch, next 12 months", "satellites per launch"
	case "fleet_losses_next_12m":
		return "12-month losses of the origin's fleet", "satellites"
	case "threshold_crossing":
		return "month a threshold is first crossed", "months"
	}
	return fmt.Sprintf("%s (%d months)", p.Target, p.HorizonMonths), "its unit"
}

// errPoint is a point with an asymmetric y error, for plotter.NewYErrorBars and NewScatter.
type errPoint struct{ x, y, lo, hi float64 }

type errPoints []errPoint

func (e errPoints) Len() int                        { return len(e) }
func (e errPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }

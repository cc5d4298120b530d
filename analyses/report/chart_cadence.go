package report

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart paths without extension, relative to the report's folder.
const (
	CadenceChartStem  = "charts/starlink-launch-cadence"
	LaunchesChartStem = "charts/starlink-satellites-per-launch"
)

// cadenceChartYears is how far past the as-of date the cadence chart shows the fitted cadence.
const cadenceChartYears = 3

// CadenceChart draws launches per month: every observed month as a bar, the fitted cadence of
// the growth model as a line with its P10–P90 band, from the first launch to
// cadenceChartYears after the as-of date.
func CadenceChart(d Data) (Chart, error) {
	c := Chart{Stem: CadenceChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	xMin := math.Floor(yearFraction(d.Cadence[0].Month))
	xMax := math.Min(float64(h.AsOf.Year()+cadenceChartYears+1), yearFraction(h.Horizon))

	p := newPlot(
		"Starlink launches per month: observed, and the fitted growth of the cadence",
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"launches per month (launches carrying Starlink satellites)",
	)

	var bins []plotter.HistogramBin
	var fitted, lo, hi plotter.XYs
	yTop, observedMax := 1.0, 1.0
	for _, m := range d.Cadence {
		x := midMonth(m.Month)
		if x > xMax {
			break
		}
		if m.Launches != nil {
			n := float64(*m.Launches)
			bins = append(bins, plotter.HistogramBin{Min: yearFraction(m.Month), Max: yearFraction(m.Month.AddDate(0, 1, 0)), Weight: n})
			observedMax = math.Max(observedMax, n)
		}
		if m.Fitted != nil {
			fitted = append(fitted, plotter.XY{X: x, Y: *m.Fitted})
			yTop = math.Max(yTop, *m.Fitted)
		}
		if m.P10 != nil && m.P90 != nil {
			lo, hi = append(lo, plotter.XY{X: x, Y: *m.P10}), append(hi, plotter.XY{X: x, Y: *m.P90})
		}
	}
	if len(bins) == 0 || len(fitted) < 2 {
		return c, fmt.Errorf("analytics.fct_starlink_launch_cadence_monthly: %d months with launches_observed and %d with cadence_fitted, want some of each", len(bins), len(fitted))
	}
	// The fitted cadence and its band may grow far beyond what was ever launched: they are cut
	// at three times the busiest month.
	yMax := niceCeil(math.Max(observedMax*1.3, math.Min(yTop, observedMax*3)*1.05))

	bars := &plotter.Histogram{Bins: bins, FillColor: barColor, LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.4)}}
	bars.Width = bins[0].Max - bins[0].Min
	var fan *plotter.Polygon
	if len(lo) >= 2 {
		var err error
		if fan, err = band(lo, hi, bandColor); err != nil {
			return c, err
		}
		p.Add(fan)
	}
	p.Add(bars)
	p.Legend.Add("launches observed in the month", bars)
	c.add("launches observed", len(bins))
	if fan != nil {
		p.Legend.Add("fitted cadence: P10–P90", fan)
		c.add("fitted cadence P10–P90", len(lo))
	}
	line, err := newLine(fitted, headlineColor, 2.6)
	if err != nil {
		return c, err
	}
	p.Add(line)
	p.Legend.Add("fitted cadence (growth model)", line)
	c.add("fitted cadence", len(fitted))

	asOfX := yearFraction(h.AsOf)
	p.Add(verticalLine(asOfX, 0, yMax))
	if err := addLabels(p, label{X: asOfX, Y: yMax * 0.97, Text: "as of " + formatDate(h.AsOf), Color: asOfColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4}); err != nil {
		return c, err
	}

	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = 0, yMax
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = roundTicks{}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	c.panels = append(c.panels, p)
	return c, nil
}

// LaunchesChart draws every observed launch as a point: its date and the satellites it
// deployed, which shows the satellite generations; launches the SpaceX API does not list (found
// in the catalogue only) are hollow.
func LaunchesChart(d Data) (Chart, error) {
	c := Chart{Stem: LaunchesChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	if len(d.Launches) == 0 {
		return c, fmt.Errorf("analytics.fct_starlink_launches has no rows")
	}
	h := d.Headline()
	p := newPlot(
		"Every Starlink launch: satellites deployed",
		fmt.Sprintf("launch date (data: %s)", dataSources(h.DataSources)),
		"satellites deployed by the launch",
	)
	var both, catalogueOnly plotter.XYs
	yTop, unknown := 10.0, 0
	for _, l := range d.Launches {
		if l.SatellitesDeployed == nil {
			unknown++
			continue
		}
		xy := plotter.XY{X: yearFraction(l.Date), Y: float64(*l.SatellitesDeployed)}
		yTop = math.Max(yTop, xy.Y)
		if l.SpacexLaunchID != nil {
			both = append(both, xy)
		} else {
			catalogueOnly = append(catalogueOnly, xy)
		}
	}
	for _, s := range []struct {
		name string
		xys  plotter.XYs
		fill bool
	}{
		{"launch listed by the SpaceX API", both, true},
		{"launch in the catalogue only", catalogueOnly, false},
	} {
		if len(s.xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(s.xys)
		if err != nil {
			return c, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: headlineColor, Radius: vg.Points(3.2), Shape: draw.RingGlyph{}}
		if s.fill {
			sc.GlyphStyle.Shape, sc.GlyphStyle.Color = draw.CircleGlyph{}, observedColor
		}
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("%s (%s)", s.name, formatInt(int64(len(s.xys)))), sc)
		c.add(s.name, len(s.xys))
	}
	if unknown > 0 {
		p.X.Label.Text += fmt.Sprintf("; %s not drawn: satellites deployed unknown", plural(unknown, "launch", "launches"))
	}
	c.add("satellites deployed unknown", unknown)
	last := d.Launches[len(d.Launches)-1].Date
	p.X.Min, p.X.Max = math.Floor(yearFraction(d.Launches[0].Date)), math.Ceil(math.Max(yearFraction(h.AsOf), yearFraction(last))+0.001)
	p.Y.Min, p.Y.Max = 0, niceCeil(yTop*1.15)
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = roundTicks{}
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), -vg.Points(8)
	c.panels = append(c.panels, p)
	return c, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatInt(int64(n)) + " " + many
}

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

// cadenceChartYears is how far past the as-of year the cadence chart shows the projection.
const cadenceChartYears = 6

// CadenceChart draws launches per month: every observed month as a bar, then the headline
// scenario's median launches per month of each vehicle as the engine projects them, from the
// first launch to cadenceChartYears after the as-of year.
func CadenceChart(d Data) (Chart, error) {
	c := Chart{Stem: CadenceChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	xMin := math.Floor(yearFraction(d.Cadence[0].Month))
	xMax := math.Min(float64(h.AsOf.Year()+cadenceChartYears+1), yearFraction(h.Horizon.AddDate(0, 1, 0)))

	p := newPlot(
		"Starlink launches per month: observed, then the "+h.Label+" scenario's median per vehicle",
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"launches per month (launches carrying Starlink satellites)",
	)

	var bins []plotter.HistogramBin
	var falcon9, starship plotter.XYs
	yTop := 1.0
	for _, m := range d.Cadence {
		x := midMonth(m.Month)
		if x > xMax {
			break
		}
		if m.Launches != nil {
			n := float64(*m.Launches)
			bins = append(bins, plotter.HistogramBin{Min: yearFraction(m.Month), Max: yearFraction(m.Month.AddDate(0, 1, 0)), Weight: n})
			yTop = math.Max(yTop, n)
		}
		if m.Falcon9P50 != nil {
			falcon9 = append(falcon9, plotter.XY{X: x, Y: *m.Falcon9P50})
			yTop = math.Max(yTop, *m.Falcon9P50)
		}
		if m.StarshipP50 != nil {
			starship = append(starship, plotter.XY{X: x, Y: *m.StarshipP50})
			yTop = math.Max(yTop, *m.StarshipP50)
		}
	}
	if len(bins) == 0 || len(falcon9) < 2 {
		return c, fmt.Errorf("analytics.fct_starlink_launch_cadence_monthly: %d months with launches_observed and %d with launches_falcon9_p50, want some of each", len(bins), len(falcon9))
	}
	yMax := niceCeil(yTop * 1.3)

	bars := &plotter.Histogram{Bins: bins, FillColor: barColor, LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.4)}}
	bars.Width = bins[0].Max - bins[0].Min
	p.Add(bars)
	c.legend(p, "launches observed in the month", bars)
	c.add("launches observed", len(bins))
	line, err := newLine(falcon9, headlineColor, 2.6)
	if err != nil {
		return c, err
	}
	p.Add(line)
	c.legend(p, h.Label+": Falcon 9 launches, median", line)
	c.add("Falcon 9 median", len(falcon9))
	if len(starship) >= 2 {
		l, err := newLine(starship, seriesColor(1), 2.6, dashOn, 3)
		if err != nil {
			return c, err
		}
		p.Add(l)
		c.legend(p, h.Label+": Starship launches, median", l)
		c.add("Starship median", len(starship))
	}

	asOfX := yearFraction(h.AsOf)
	p.Add(verticalLine(asOfX, 0, yMax))
	if err := addLabels(p, label{X: asOfX, Y: yMax * 0.97, Text: "as of " + formatDate(h.AsOf), Color: asOfColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4}); err != nil {
		return c, err
	}

	c.addYearPanel(p, xMin, xMax, yMax)
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

package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart size and the PNG's resolution.
const (
	chartWidth  = 11 * vg.Inch
	chartHeight = 6.5 * vg.Inch
	pngDPI      = 144
)

// Colours: the observed history in black, the scenarios in the Okabe-Ito palette (told apart
// with colour blindness) by scenario order, the target in red.
var (
	observedColor = color.RGBA{A: 255}
	targetColor   = color.RGBA{R: 0xC0, G: 0x1C, B: 0x28, A: 255}
	asOfColor     = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 255}
	gridColor     = color.RGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 255}
	barColor      = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 255}
	palette       = []color.Color{
		color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 255}, // blue
		color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 255}, // orange
		color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 255}, // green
		color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 255}, // purple
		color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 255}, // sky blue
	}
)

func scenarioColor(i int) color.Color { return palette[i%len(palette)] }

// yearFraction places a time on the charts' x axis: the year plus the elapsed share of it.
func yearFraction(t time.Time) float64 {
	t = t.UTC()
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(t.Year()) + t.Sub(start).Seconds()/next.Sub(start).Seconds()
}

// satellitesXRange is the years the satellites chart shows: from the year of the first
// observed day to a few years after the latest crossing of the target (rounded up to a multiple
// of 5), or 20 years after the as-of date when no scenario reaches it, never past the horizon.
func satellitesXRange(d Data) (from, to int) {
	from = d.Days[0].Date.Year()
	if y, ok := latestCrossingYear(d); ok {
		to = roundUp(y+3, 5)
	} else {
		to = roundUp(d.AsOf().Year()+20, 5)
	}
	if h := d.Scenarios[0].HorizonDate.Year() + 1; to > h {
		to = h
	}
	return from, to
}

// launchesXRange is the years the launches chart shows: from the year of the first launch (or
// observed day) to launchesChartYears years after the as-of date.
func launchesXRange(d Data) (from, to int) {
	from = d.Days[0].Date.Year()
	if len(d.Launches) > 0 && d.Launches[0].LaunchedAt.Year() < from {
		from = d.Launches[0].LaunchedAt.Year()
	}
	return from, d.AsOf().Year() + launchesChartYears + 1
}

func latestCrossingYear(d Data) (int, bool) {
	year, ok := 0, false
	for _, s := range d.Scenarios {
		if s.Reached() && s.TargetReachedOn.Year() > year {
			year, ok = s.TargetReachedOn.Year(), true
		}
	}
	return year, ok
}

func roundUp(n, step int) int { return (n + step - 1) / step * step }

// SatellitesChart draws satellites in orbit: the observed history, each scenario's projection
// to the end of the x range, the target line, the as-of line and where each scenario crosses
// the target.
func SatellitesChart(d Data) (*plot.Plot, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	first := d.Scenarios[0]
	target := float64(first.TargetSatellites)
	from, to := satellitesXRange(d)
	xMin, xMax := float64(from), float64(to)

	p := newPlot(
		fmt.Sprintf("Starlink satellites in orbit: observed, then projected to %s (as of %s)", formatInt(first.TargetSatellites), formatDate(first.AsOfDate)),
		fmt.Sprintf("year (UTC); the projection runs to %s, shown to %d", formatDate(first.HorizonDate), to),
		"satellites in orbit",
	)

	yMax := target
	observed := make(plotter.XYs, len(d.Days))
	for i, day := range d.Days {
		observed[i] = plotter.XY{X: yearFraction(day.Date), Y: float64(day.SatellitesInOrbit)}
		yMax = math.Max(yMax, observed[i].Y)
	}

	observedLine, err := plotter.NewLine(observed)
	if err != nil {
		return nil, err
	}
	observedLine.Color = observedColor
	observedLine.Width = vg.Points(2.5)

	p.Legend.Add("observed (until "+formatDate(first.AsOfDate)+")", observedLine)

	var lines []*plotter.Line
	var crossings []plotter.XY
	var crossingLabels []string
	var crossingColors []color.Color
	for i, s := range d.Scenarios {
		var xys plotter.XYs
		for _, m := range d.MonthsOf(s.Key) {
			x := yearFraction(m.EndDate)
			xys = append(xys, plotter.XY{X: x, Y: m.SatellitesInOrbit})
			if x <= xMax {
				yMax = math.Max(yMax, m.SatellitesInOrbit)
			}
			if x > xMax {
				break
			}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.Key, err)
		}
		line.Color = scenarioColor(i)
		line.Width = vg.Points(2.2)
		lines = append(lines, line)
		p.Legend.Add(s.Name()+": "+Outcome(s), line)
		if s.Reached() {
			crossings = append(crossings, plotter.XY{X: yearFraction(*s.TargetReachedOn), Y: target})
			crossingLabels = append(crossingLabels, formatDate(*s.TargetReachedOn)+", "+formatInt(*s.LaunchesNeeded)+" launches")
			crossingColors = append(crossingColors, scenarioColor(i))
		}
	}
	yMax = niceCeil(yMax * 1.12)

	// The target and the as-of date.
	targetLine, err := plotter.NewLine(plotter.XYs{{X: xMin, Y: target}, {X: xMax, Y: target}})
	if err != nil {
		return nil, err
	}
	targetLine.Color = targetColor
	targetLine.Width = vg.Points(1.5)
	targetLine.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	asOfX := yearFraction(first.AsOfDate)
	asOfLine := verticalLine(asOfX, yMax)

	p.Add(newGrid())
	p.Add(targetLine, asOfLine)
	for _, l := range lines {
		p.Add(l)
	}
	p.Add(observedLine)
	p.Legend.Add(fmt.Sprintf("target: %s satellites in orbit", formatInt(first.TargetSatellites)), targetLine)

	labels := []label{
		{X: xMin + 0.45*(xMax-xMin), Y: target, Text: "target: " + formatInt(first.TargetSatellites) + " satellites in orbit", Color: targetColor, XAlign: text.XCenter, YAlign: text.YBottom, DY: 4},
		{X: asOfX, Y: yMax * 0.55, Text: "as of " + formatDate(first.AsOfDate), Color: asOfColor, XAlign: text.XCenter, YAlign: text.YBottom, DX: -3, Rotate: math.Pi / 2},
	}
	for i, c := range crossings {
		labels = append(labels, label{X: c.X, Y: c.Y, Text: crossingLabels[i], Color: crossingColors[i], XAlign: text.XRight, YAlign: text.YTop, DX: -6, DY: -6})
		dot, err := plotter.NewScatter(plotter.XYs{c})
		if err != nil {
			return nil, err
		}
		dot.GlyphStyle.Color = crossingColors[i]
		dot.GlyphStyle.Radius = vg.Points(4.5)
		dot.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(dot)
	}
	if err := addLabels(p, labels); err != nil {
		return nil, err
	}

	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = 0, yMax
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = thousandsTicks{}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	return p, nil
}

// LaunchesChart draws launches per month: observed launches per calendar month as bars until the
// as-of date, then each scenario's projected launches per month; scenarios with the same
// projected cadence share a line and a legend entry.
func LaunchesChart(d Data) (*plot.Plot, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	first := d.Scenarios[0]
	from, to := launchesXRange(d)
	xMin, xMax := float64(from), float64(to)
	asOf := first.AsOfDate

	p := newPlot(
		fmt.Sprintf("Starlink launches per month: observed, then projected (as of %s)", formatDate(asOf)),
		"year (UTC); observed: calendar months; projected: months after the as-of date",
		"launches per month (launches that carried Starlink satellites)",
	)

	// Observed: launches per calendar month, from the first launch's month to the as-of month.
	counts := map[time.Time]int{}
	for _, l := range d.Launches {
		if l.LaunchedAt.After(asOf.AddDate(0, 0, 1)) {
			continue
		}
		counts[monthStart(l.LaunchedAt)]++
	}
	var bins []plotter.HistogramBin
	yMax := 1.0
	for m := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC); !m.After(asOf); m = m.AddDate(0, 1, 0) {
		if n := counts[m]; n > 0 {
			bins = append(bins, plotter.HistogramBin{Min: yearFraction(m), Max: yearFraction(m.AddDate(0, 1, 0)), Weight: float64(n)})
			yMax = math.Max(yMax, float64(n))
		}
	}
	bars := &plotter.Histogram{Bins: bins, FillColor: barColor, LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
	if len(bins) > 0 {
		bars.Width = bins[0].Max - bins[0].Min
	}

	// Projected: one step line per distinct cadence.
	type group struct {
		names    []string
		scenario Scenario
		xys      plotter.XYs
		color    color.Color
	}
	var groups []*group
	for i, s := range d.Scenarios {
		var xys plotter.XYs
		var last Month
		for _, m := range d.MonthsOf(s.Key) {
			if m.Number == 0 || yearFraction(m.StartDate) >= xMax {
				continue
			}
			xys = append(xys, plotter.XY{X: yearFraction(m.StartDate), Y: m.ProjectedLaunches})
			yMax = math.Max(yMax, m.ProjectedLaunches)
			last = m
		}
		if len(xys) == 0 {
			continue
		}
		xys = append(xys, plotter.XY{X: yearFraction(last.EndDate), Y: last.ProjectedLaunches})
		var same *group
		for _, g := range groups {
			if equalXYs(g.xys, xys) {
				same = g
				break
			}
		}
		if same != nil {
			same.names = append(same.names, s.Name())
			continue
		}
		groups = append(groups, &group{names: []string{s.Name()}, scenario: s, xys: xys, color: scenarioColor(i)})
	}
	yMax = math.Ceil(yMax*1.25 + 0.01)

	p.Add(newGrid())
	asOfX := yearFraction(asOf)
	p.Add(bars, verticalLine(asOfX, yMax))
	p.Legend.Add("observed launches per calendar month", bars)
	for _, g := range groups {
		line, err := plotter.NewLine(g.xys)
		if err != nil {
			return nil, err
		}
		line.StepStyle = plotter.PostStep
		line.Color = g.color
		line.Width = vg.Points(2.2)
		p.Add(line)
		p.Legend.Add(joinNames(g.names)+": "+cadence(g.scenario), line)
	}
	if err := addLabels(p, []label{
		{X: asOfX, Y: yMax * 0.98, Text: "as of " + formatDate(asOf), Color: asOfColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4},
	}); err != nil {
		return nil, err
	}

	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = 0, yMax
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = integerTicks{}
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), -vg.Points(8)
	return p, nil
}

// cadence describes a scenario's projected launches per month for the launches chart's legend.
func cadence(s Scenario) string {
	out := formatDecimal(s.LaunchesPerMonth, 2) + " launches/month"
	if s.LaunchesPerMonthChange != nil && s.LaunchesPerMonthChange.Sign() != 0 {
		out += ", " + formatSigned(s.LaunchesPerMonthChange, 3) + " each month"
	}
	return out
}

func joinNames(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			out += " and "
		default:
			out += ", "
		}
		out += n
	}
	return out
}

func equalXYs(a, b plotter.XYs) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(15)
	p.Title.Padding = vg.Points(10)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(12)
		a.Tick.Label.Font.Size = vg.Points(11)
		a.Padding = vg.Points(4)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(11)
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	p.Legend.Padding = vg.Points(3)
	p.Legend.ThumbnailWidth = vg.Points(28)
	return p
}

func newGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	g.Vertical.Dashes, g.Horizontal.Dashes = nil, nil
	return g
}

func verticalLine(x, yMax float64) *plotter.Line {
	l, _ := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: yMax}}) // finite values: no error
	l.Color = asOfColor
	l.Width = vg.Points(1.2)
	l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	return l
}

// label is a text in data coordinates, aligned and shifted by DX, DY points.
type label struct {
	X, Y   float64
	Text   string
	Color  color.Color
	XAlign text.XAlignment
	YAlign text.YAlignment
	DX, DY float64
	Rotate float64
}

func addLabels(p *plot.Plot, labels []label) error {
	for _, l := range labels {
		style := text.Style{
			Color:    l.Color,
			Font:     p.Legend.TextStyle.Font,
			XAlign:   l.XAlign,
			YAlign:   l.YAlign,
			Rotation: l.Rotate,
			Handler:  p.Legend.TextStyle.Handler,
		}
		style.Font.Size = vg.Points(11)
		ls, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: l.X, Y: l.Y}}, Labels: []string{l.Text}})
		if err != nil {
			return err
		}
		ls.TextStyle = []text.Style{style}
		ls.Offset = vg.Point{X: vg.Points(l.DX), Y: vg.Points(l.DY)}
		p.Add(ls)
	}
	return nil
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten divided by 2, so the axis ends on a tick.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	step := math.Pow(10, math.Floor(math.Log10(v))) / 2
	return math.Ceil(v/step) * step
}

// yearTicks labels every 5th (or 10th, on long ranges) year, with a minor tick each year.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	major := 1
	switch span := max - min; {
	case span > 40:
		major = 10
	case span > 12:
		major = 5
	}
	var ticks []plot.Tick
	for y := int(math.Ceil(min)); float64(y) <= max; y++ {
		t := plot.Tick{Value: float64(y)}
		if y%major == 0 {
			t.Label = strconv.Itoa(y)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// thousandsTicks label 5 to 10 round values (1, 2 or 5 times a power of ten apart) with
// thousands separators, with a minor tick between each.
type thousandsTicks struct{}

func (thousandsTicks) Ticks(min, max float64) []plot.Tick {
	step := 1.0
	for _, pow := range []float64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000} {
		found := false
		for _, m := range []float64{1, 2, 5} {
			if (max-min)/(m*pow) <= 10 {
				step, found = m*pow, true
				break
			}
		}
		if found {
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max+step/1e6; v += step / 2 {
		t := plot.Tick{Value: v}
		if math.Mod(math.Round(v/(step/2)), 2) == 0 {
			t.Label = formatInt(int64(math.Round(v)))
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// integerTicks puts a labelled tick on each integer.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for v := math.Ceil(min); v <= max; v++ {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ticks
}

// SVG renders a chart as SVG, fonts embedded so it looks the same everywhere.
func SVG(p *plot.Plot) ([]byte, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(chartWidth, chartHeight), vgsvg.EmbedFonts(true))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PNG renders a chart as PNG.
func PNG(p *plot.Plot) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

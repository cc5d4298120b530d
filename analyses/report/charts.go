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

// Colours: observed data in black, the headline in blue with a light band, the other series in
// the Okabe-Ito palette (told apart with colour blindness), the target in red.
var (
	observedColor = color.RGBA{A: 255}
	targetColor   = color.RGBA{R: 0xC0, G: 0x1C, B: 0x28, A: 255}
	asOfColor     = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 255}
	gridColor     = color.RGBA{R: 0xE2, G: 0xE2, B: 0xE2, A: 255}
	barColor      = color.RGBA{R: 0xA8, G: 0xA8, B: 0xA8, A: 255}
	headlineColor = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 255}
	bandColor     = color.RGBA{R: 0xB3, G: 0xD4, B: 0xEA, A: 255} // headlineColor, light
	palette       = []color.Color{
		headlineColor,
		color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 255}, // orange
		color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 255}, // green
		color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 255}, // purple
		color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 255}, // vermillion
		color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 255}, // sky blue
	}
)

func seriesColor(i int) color.Color { return palette[i%len(palette)] }

// Chart is a rendered-to-be figure: one plot, or several side by side under one title.
type Chart struct {
	Stem   string     // path without extension, relative to the report's folder
	Series []Series   // what it draws, in legend order
	title  string     // the figure's title when it has several panels
	key    []keyEntry // the figure's legend in one row under the title, when it has several panels
	panels []*plot.Plot
	cols   int // panels per row when it has several (0: all in one row)
	// legendNames are the entries of a one-panel chart's legend (legend), for its white ground.
	legendNames []string
}

// addYearPanel finishes a one-panel chart drawn over years and adds the panel: x from xMin to
// xMax with year ticks, y from 0 to yMax with round ticks, the legend placed (placeLegend).
func (c *Chart) addYearPanel(p *plot.Plot, xMin, xMax, yMax float64) {
	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = 0, yMax
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = roundTicks{}
	placeLegend(p, c.legendNames)
	c.panels = append(c.panels, p)
}

// legend adds an entry to a plot's legend and remembers its text.
func (c *Chart) legend(p *plot.Plot, name string, thumbs ...plot.Thumbnailer) {
	p.Legend.Add(name, thumbs...)
	c.legendNames = append(c.legendNames, name)
}

// keyEntry is one entry of a figure's one-row legend: a dot and a text in one colour.
type keyEntry struct {
	Text  string
	Color color.Color
}

// Series is one thing a chart draws and how many data points it has.
type Series struct {
	Name   string
	Points int
}

func (c *Chart) add(name string, points int) { c.Series = append(c.Series, Series{name, points}) }

func (c Chart) draw(dc draw.Canvas) {
	if len(c.panels) == 1 && c.title == "" {
		c.panels[0].Draw(dc)
		return
	}
	titleStyle := c.panels[0].Title.TextStyle
	titleStyle.Font.Size = vg.Points(15)
	titleStyle.XAlign, titleStyle.YAlign = text.XCenter, text.YTop
	titleHeight := titleStyle.Height(c.title) + vg.Points(20)
	dc.FillText(titleStyle, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(10)}, c.title)
	if len(c.key) > 0 {
		keyStyle := c.panels[0].Legend.TextStyle
		keyStyle.XAlign, keyStyle.YAlign = text.XLeft, text.YCenter
		gap, dot := vg.Points(22), vg.Points(4)
		keyWidth := func() vg.Length {
			var width vg.Length
			for _, k := range c.key {
				width += 3*dot + keyStyle.Width(k.Text) + gap
			}
			return width
		}
		width := keyWidth()
		if avail := (dc.Max.X - dc.Min.X) * 0.96; width-gap > avail {
			// A long key shrinks to fit the figure's width.
			keyStyle.Font.Size *= avail / (width - gap)
			width = keyWidth()
		}
		x, y := dc.Center().X-(width-gap)/2, dc.Max.Y-titleHeight-keyStyle.Height("M")/2
		for _, k := range c.key {
			dc.DrawGlyph(draw.GlyphStyle{Color: k.Color, Radius: dot, Shape: draw.CircleGlyph{}}, vg.Point{X: x + dot, Y: y})
			keyStyle.Color = k.Color
			dc.FillText(keyStyle, vg.Point{X: x + 3*dot, Y: y}, k.Text)
			x += 3*dot + keyStyle.Width(k.Text) + gap
		}
		titleHeight += keyStyle.Height("M") + vg.Points(10)
	}
	cols := c.cols
	if cols <= 0 || cols > len(c.panels) {
		cols = len(c.panels)
	}
	rows := (len(c.panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range c.panels {
		grid[i/cols][i%cols] = p
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadTop: titleHeight, PadX: vg.Points(18), PadY: vg.Points(14), PadLeft: vg.Points(4), PadRight: vg.Points(8), PadBottom: vg.Points(4)}
	canvases := plot.Align(grid, tiles, dc)
	for i, p := range c.panels {
		p.Draw(canvases[i/cols][i%cols])
	}
}

// SVG renders a chart as SVG, fonts embedded so it looks the same everywhere.
func (c Chart) SVG() ([]byte, error) {
	canvas := vgsvg.NewWith(vgsvg.UseWH(chartWidth, chartHeight), vgsvg.EmbedFonts(true))
	c.draw(draw.New(canvas))
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PNG renders a chart as PNG.
func (c Chart) PNG() ([]byte, error) {
	canvas := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI))
	c.draw(draw.New(canvas))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: canvas}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// yearFraction places a time on the charts' x axis: the year plus the elapsed share of it.
func yearFraction(t time.Time) float64 {
	t = t.UTC()
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(t.Year()) + t.Sub(start).Seconds()/next.Sub(start).Seconds()
}

// midMonth places a month (its first day) at its middle, for bars and monthly points.
func midMonth(m time.Time) float64 {
	return (yearFraction(m) + yearFraction(m.AddDate(0, 1, 0))) / 2
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
	p.Add(newGrid())
	return p
}

func newGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	g.Vertical.Dashes, g.Horizontal.Dashes = nil, nil
	return g
}

func newLine(xys plotter.XYs, c color.Color, width float64, dashes ...float64) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(width)
	for _, d := range dashes {
		l.Dashes = append(l.Dashes, vg.Points(d))
	}
	return l, nil
}

// band is the area between lo and hi (same xs), filled.
func band(lo, hi plotter.XYs, fill color.Color) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, len(lo)+len(hi))
	ring = append(ring, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		ring = append(ring, hi[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, err
	}
	poly.Color = fill
	poly.LineStyle.Width = 0
	return poly, nil
}

func verticalLine(x, yMin, yMax float64) *plotter.Line {
	l, _ := newLine(plotter.XYs{{X: x, Y: yMin}, {X: x, Y: yMax}}, asOfColor, 1.2, 3, 3) // finite values: no error
	return l
}

// label is a text in data coordinates, aligned and shifted by DX, DY points; with Ground, on a
// white box so lines behind it do not cross it.
type label struct {
	X, Y   float64
	Text   string
	Color  color.Color
	XAlign text.XAlignment
	YAlign text.YAlignment
	DX, DY float64
	Rotate float64
	Ground bool
}

func addLabels(p *plot.Plot, labels ...label) error {
	for _, l := range labels {
		if math.IsNaN(l.X) || math.IsNaN(l.Y) || math.IsInf(l.X, 0) || math.IsInf(l.Y, 0) {
			return fmt.Errorf("label %q at a non-finite position", l.Text)
		}
		style := text.Style{
			Color:    l.Color,
			Font:     p.Legend.TextStyle.Font,
			XAlign:   l.XAlign,
			YAlign:   l.YAlign,
			Rotation: l.Rotate,
			Handler:  p.Legend.TextStyle.Handler,
		}
		style.Font.Size = vg.Points(11)
		p.Add(labelPlotter{label: l, style: style})
	}
	return nil
}

// labelPlotter draws one label (and its white box).
type labelPlotter struct {
	label
	style text.Style
}

func (l labelPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(l.X) + vg.Points(l.DX), Y: trY(l.Y) + vg.Points(l.DY)}
	if l.Ground {
		r := l.style.Rectangle(l.Text)
		pad := vg.Points(2)
		x0, y0, x1, y1 := pt.X+r.Min.X-pad, pt.Y+r.Min.Y-pad, pt.X+r.Max.X+pad, pt.Y+r.Max.Y+pad
		c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 235}, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	c.FillText(l.style, pt, l.Text)
}

// niceCeil rounds v up to a multiple of half a power of ten, so the axis ends on a tick.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	step := math.Pow(10, math.Floor(math.Log10(v))) / 2
	return math.Ceil(v/step) * step
}

// yearTicks labels every year, every 5th or every 10th, by span (or every `every`th year when
// set, for narrow panels), with a minor tick each year.
type yearTicks struct{ every int }

func (y yearTicks) Ticks(min, max float64) []plot.Tick {
	major := 1
	switch span := max - min; {
	case y.every > 0:
		major = y.every
	case span > 40:
		major = 10
	case span > 12:
		major = 5
	}
	var ticks []plot.Tick
	for year := int(math.Ceil(min)); float64(year) <= max; year++ {
		t := plot.Tick{Value: float64(year)}
		if year%major == 0 {
			t.Label = strconv.Itoa(year)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// roundTicks label 4 to 10 round values (1, 2 or 5 times a power of ten apart) with thousands
// separators and an optional suffix, with a minor tick between each.
type roundTicks struct{ suffix string }

func (r roundTicks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	if span <= 0 {
		return nil
	}
	base := math.Pow(10, math.Floor(math.Log10(span))-1)
	step := base
	for _, m := range []float64{1, 2, 5, 10, 20, 50} {
		if step = m * base; span/step <= 8 {
			break
		}
	}
	var ticks []plot.Tick
	for i := math.Ceil(min / (step / 2)); i*(step/2) <= max+step/1e6; i++ {
		v := i * step / 2
		t := plot.Tick{Value: v}
		if math.Mod(math.Abs(i), 2) == 0 {
			if step >= 1 {
				t.Label = formatInt(int64(math.Round(v))) + r.suffix
			} else {
				t.Label = strconv.FormatFloat(v, 'f', -1, 64) + r.suffix
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// legendBackground fills the area under a plot's legend (added as the last plotter, so it
// covers the data but not the legend drawn after it), so lines behind never cross its text.
type legendBackground struct{ names []string }

func (b legendBackground) Plot(c draw.Canvas, p *plot.Plot) {
	l := p.Legend
	var width vg.Length
	for _, n := range b.names {
		width = max(width, l.TextStyle.Width(" "+n))
	}
	width += l.ThumbnailWidth + vg.Points(10)
	entry := l.TextStyle.Height("Mg")
	height := vg.Length(len(b.names))*(entry+l.Padding) + vg.Points(8)
	x0 := c.Min.X + l.XOffs - vg.Points(5)
	if !l.Left {
		x0 = c.Max.X + l.XOffs - width + vg.Points(5)
	}
	y0 := c.Max.Y + l.YOffs - height + vg.Points(5)
	if !l.Top {
		y0 = c.Min.Y + l.YOffs - vg.Points(5)
	}
	rect := []vg.Point{{X: x0, Y: y0}, {X: x0 + width, Y: y0}, {X: x0 + width, Y: y0 + height}, {X: x0, Y: y0 + height}}
	c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 235}, c.ClipPolygonXY(rect))
}

package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// ShellsChartStem is the shells chart's path without extension, relative to the report's folder.
const ShellsChartStem = "charts/starlink-shells"

// Colours of the shells chart: the shells of var starlink_shells take the palette in their
// order; shells outside it (each "other NN°") one grey, the satellites without orbit data a
// lighter one.
var (
	otherShellColor   = color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 255}
	unknownShellColor = color.RGBA{R: 0xCC, G: 0xCC, B: 0xCC, A: 255}
)

// shellLayer is one layer of the shells chart: one shell of var starlink_shells, the shells
// outside them together, or the satellites without orbit data; its satellites in orbit per month.
type shellLayer struct {
	name   string
	color  color.Color
	shells []string
	counts []float64 // per month of stackShells
}

// stackShells makes the shells chart's layers, bottom up: each shell of var starlink_shells in
// its order and colour, then the shells outside them ("other NN°", usually a few satellites)
// together in grey, then "unknown" (no orbit data) in light grey. It returns the months (one row
// of each, for its dates) and the layers' counts per month.
func stackShells(d Data) ([]ShellMonth, []shellLayer) {
	var layers []shellLayer
	var other, unknown []string
	for _, name := range d.ShellNames() {
		i := slices.IndexFunc(d.Shells, func(s ShellMonth) bool { return s.Shell == name })
		switch {
		case name == "unknown":
			unknown = append(unknown, name)
		case d.Shells[i].InclinationMin == nil:
			other = append(other, name)
		default:
			layers = append(layers, shellLayer{name: name + " shell", color: seriesColor(len(layers)), shells: []string{name}})
		}
	}
	if len(other) == 1 {
		layers = append(layers, shellLayer{name: other[0] + ", outside the shells", color: otherShellColor, shells: other})
	} else if len(other) > 1 {
		inclinations := make([]string, len(other))
		for i, o := range other {
			inclinations[i] = strings.TrimPrefix(o, "other ")
		}
		layers = append(layers, shellLayer{name: "other inclinations: " + strings.Join(inclinations, ", "), color: otherShellColor, shells: other})
	}
	if len(unknown) > 0 {
		layers = append(layers, shellLayer{name: "orbit unknown", color: unknownShellColor, shells: unknown})
	}

	var months []ShellMonth
	index := map[time.Time]int{}
	for _, s := range d.Shells {
		if _, ok := index[s.Month]; !ok {
			index[s.Month] = len(months)
			months = append(months, s)
		}
	}
	slices.SortFunc(months, func(a, b ShellMonth) int { return a.Month.Compare(b.Month) })
	for i, m := range months {
		index[m.Month] = i
	}
	for li := range layers {
		layers[li].counts = make([]float64, len(months))
		for _, s := range d.Shells {
			if slices.Contains(layers[li].shells, s.Shell) {
				layers[li].counts[index[s.Month]] += float64(s.InOrbit)
			}
		}
	}
	return months, layers
}

// ShellsChart draws where the satellites are: the satellites in orbit at each month's end,
// stacked by orbital shell (analytics.fct_starlink_shells_monthly, layers as stackShells makes
// them), so the top edge is the whole constellation. The legend, top left where the
// constellation has not grown yet, lists the layers top down, as they are stacked, each with
// its count at the as-of date.
func ShellsChart(d Data) (Chart, error) {
	c := Chart{Stem: ShellsChartStem}
	if err := d.Validate(); err != nil {
		return c, err
	}
	h := d.Headline()
	months, layers := stackShells(d)
	if len(months) < 2 {
		return c, fmt.Errorf("analytics.fct_starlink_shells_monthly has %d month(s), want at least 2 to draw", len(months))
	}
	last := months[len(months)-1]

	p := newPlot(
		"Where the Starlink satellites are: satellites in orbit per orbital shell, stacked",
		fmt.Sprintf("month (data: %s)", dataSources(h.DataSources)),
		"satellites in orbit at the month's end",
	)
	below := make(plotter.XYs, len(months))
	for i, m := range months {
		below[i] = plotter.XY{X: midMonth(m.Month), Y: 0}
	}
	yTop := 0.0
	type legendEntry struct {
		name string
		area *plotter.Polygon
	}
	var entries []legendEntry
	for _, l := range layers {
		top := make(plotter.XYs, len(months))
		for i := range months {
			top[i] = plotter.XY{X: below[i].X, Y: below[i].Y + l.counts[i]}
			yTop = math.Max(yTop, top[i].Y)
		}
		area, err := band(below, top, l.color)
		if err != nil {
			return c, err
		}
		// A thin white edge keeps neighbouring layers apart.
		area.LineStyle.Color, area.LineStyle.Width = color.White, vg.Points(0.3)
		p.Add(area)
		atAsOf := l.counts[len(months)-1]
		entries = append(entries, legendEntry{fmt.Sprintf("%s (%s on %s)", l.name, formatInt(int64(atAsOf)), formatDate(last.MonthEnd)), area})
		c.add(l.name, len(months))
		below = top
	}
	for i := len(entries) - 1; i >= 0; i-- { // the legend reads top down, as the layers stack
		c.legend(p, entries[i].name, entries[i].area)
	}

	yMax := niceCeil(yTop * 1.15)
	asOfX := yearFraction(last.MonthEnd)
	p.Add(verticalLine(asOfX, 0, yMax))
	if err := addLabels(p, label{X: asOfX, Y: yMax * 0.97, Text: "as of " + formatDate(last.MonthEnd), Color: asOfColor, XAlign: text.XRight, YAlign: text.YTop, DX: -4, Ground: true}); err != nil {
		return c, err
	}
	c.addYearPanel(p, math.Floor(yearFraction(months[0].Month)), math.Ceil(yearFraction(last.MonthEnd)+0.001), yMax)
	return c, nil
}

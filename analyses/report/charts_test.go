package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func svgText(t *testing.T, c Chart) string {
	t.Helper()
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	return string(svg)
}

func pngImage(t *testing.T, c Chart) image.Image {
	t.Helper()
	b, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// pixels counts the pixels of exactly one colour.
func pixels(img image.Image, c color.Color) int {
	r0, g0, b0, _ := c.RGBA()
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == r0>>8 && g>>8 == g0>>8 && b>>8 == b0>>8 {
				n++
			}
		}
	}
	return n
}

func seriesPoints(c Chart) map[string]int {
	out := map[string]int{}
	for _, s := range c.Series {
		out[s.Name] = s.Points
	}
	return out
}

func wantTexts(t *testing.T, what, svg string, texts ...string) {
	t.Helper()
	for _, want := range texts {
		if !strings.Contains(svg, want) {
			t.Errorf("the %s has no text %q", what, want)
		}
	}
}

func TestFanChart_DrawsObservedMedianBandScenariosTargetAndAsOf(t *testing.T) {
	d := fixtureData(t)
	c, err := FanChart(d)
	if err != nil {
		t.Fatal(err)
	}
	got := seriesPoints(c)
	want := map[string]int{
		"observed in orbit":                       74, // 2019-05 .. 2025-06
		"Fitted cadence growth: median path":      360 - 73,
		"Fitted cadence growth: P10–P90 of paths": 360 - 73,
		"Today's rocket: median path":             360 - 73,
		"Heavy-lift era: median path":             360 - 73,
		"No retirements (naive): median path":     360 - 73,
		"target":                                  2,
		"as of":                                   1,
		"reaches the target":                      1,
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("series %q has %d points, want %d", name, got[name], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("series = %v, want %v", got, want)
	}
	wantTexts(t, "fan chart", svgText(t, c),
		"Starlink satellites in orbit: observed to Jun 2025, then 500 simulated paths",
		"observed in orbit", "Fitted cadence growth: P10–P90 of paths", "No retirements (naive): median path",
		"target: 42,000 satellites in orbit", "as of 2025-06-18: 7,600 in orbit",
		"42,000 reached Mar 2029 – Nov 2031 (median Jun 2030)",
		"satellite catalogue and the SpaceX API", "2045", "40,000")
	img := pngImage(t, c)
	// Thresholds well above what the legend's thumbnails alone colour.
	for _, w := range []struct {
		name string
		col  color.Color
		min  int
	}{{"the band", bandColor, 100000}, {"the median", headlineColor, 4000}, {"the target line", targetColor, 1500}} {
		if n := pixels(img, w.col); n < w.min {
			t.Errorf("the fan chart's PNG has %d pixels of %s's colour, want at least %d", n, w.name, w.min)
		}
	}
	if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 700 {
		t.Errorf("the PNG is %dx%d pixels, want at least 1200x700", b.Dx(), b.Dy())
	}
}

func TestFanChart_SaysWhenTheTargetIsNotReached(t *testing.T) {
	d := fixtureData(t)
	d.Forecasts[0].ReachP90 = nil
	c, err := FanChart(d)
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, "fan chart", svgText(t, c), "42,000 reached Mar 2029 – later (median Jun 2030)")

	d.Forecasts[0].ReachP10, d.Forecasts[0].ReachP50 = nil, nil
	if c, err = FanChart(d); err != nil {
		t.Fatal(err)
	}
	if _, ok := seriesPoints(c)["reaches the target"]; ok || strings.Contains(svgText(t, c), "reached") {
		t.Error("the fan chart marks a median crossing that does not happen")
	}
}

func TestFanChart_RefusesAHeadlineWithoutPercentiles(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Months {
		if d.Months[i].Scenario == "fitted" {
			d.Months[i].InOrbitP90 = nil
		}
	}
	if _, err := FanChart(d); err == nil || !strings.Contains(err.Error(), "scenario fitted has 0 months with in_orbit_p10..p90") {
		t.Errorf("FanChart error = %v, want one naming the scenario and columns", err)
	}
}

func TestCadenceChart_DrawsEveryObservedMonthAndTheFittedBand(t *testing.T) {
	d := fixtureData(t)
	c, err := CadenceChart(d)
	if err != nil {
		t.Fatal(err)
	}
	withLaunches := 0
	for _, m := range d.Cadence {
		if m.Launches != nil && *m.Launches > 0 {
			withLaunches++
		}
	}
	got := seriesPoints(c)
	if got["launches observed"] != 74 || withLaunches == 0 {
		t.Errorf("launches observed: %d bars, want one per observed month (74)", got["launches observed"])
	}
	// 2019-05 to the end of 2028 (3 years after the as-of year).
	if got["fitted cadence"] != 116 || got["fitted cadence P10–P90"] != 116 {
		t.Errorf("fitted cadence: %d points and %d in the band, want 116", got["fitted cadence"], got["fitted cadence P10–P90"])
	}
	wantTexts(t, "cadence chart", svgText(t, c), "launches observed in the month", "fitted cadence: P10–P90", "fitted cadence (growth model)", "as of 2025-06-18")
	img := pngImage(t, c)
	for _, w := range []struct {
		name string
		col  color.Color
		min  int
	}{{"the bars", barColor, 20000}, {"the band", bandColor, 50000}, {"the fitted line", headlineColor, 4000}} {
		if n := pixels(img, w.col); n < w.min {
			t.Errorf("the cadence chart's PNG has %d pixels of %s's colour, want at least %d", n, w.name, w.min)
		}
	}
}

func TestCadenceChart_RefusesAMartWithoutFit(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Cadence {
		d.Cadence[i].Fitted = nil
	}
	if _, err := CadenceChart(d); err == nil || !strings.Contains(err.Error(), "fct_starlink_launch_cadence_monthly") {
		t.Errorf("CadenceChart error = %v, want one naming the mart", err)
	}
}

func TestLaunchesChart_DrawsEveryLaunchBySource(t *testing.T) {
	d := fixtureData(t)
	c, err := LaunchesChart(d)
	if err != nil {
		t.Fatal(err)
	}
	listed, unknown := 0, 0
	for _, l := range d.Launches {
		switch {
		case l.SatellitesDeployed == nil:
			unknown++
		case l.SpacexLaunchID != nil:
			listed++
		}
	}
	got := seriesPoints(c)
	if got["launch listed by the SpaceX API"] != listed || got["launch in the catalogue only"] != len(d.Launches)-listed-unknown || got["satellites deployed unknown"] != 1 || listed == 0 {
		t.Errorf("series %v, want %d listed by the API, %d in the catalogue only, 1 unknown", got, listed, len(d.Launches)-listed-unknown)
	}
	wantTexts(t, "launches chart", svgText(t, c), "launch listed by the SpaceX API ("+formatInt(int64(listed))+")", "satellites deployed by the launch",
		"1 launch not drawn: satellites deployed unknown")
}

func TestBacktestChart_DrawsEveryOriginPerMethodAndHorizon(t *testing.T) {
	d := fixtureData(t)
	c, err := BacktestChart(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.panels) != 3 {
		t.Fatalf("%d panels, want one per horizon (3)", len(c.panels))
	}
	got := seriesPoints(c)
	for _, s := range []struct {
		name   string
		points int
	}{
		{"fitted, 6 months", 10}, {"fitted, 12 months", 9}, {"fitted, 24 months", 7},
		{"flat_cadence, 12 months", 9}, {"naive, 24 months", 7},
	} {
		if got[s.name] != s.points {
			t.Errorf("series %q has %d points, want %d", s.name, got[s.name], s.points)
		}
	}
	if len(got) != 9 {
		t.Errorf("%d series, want 9 (3 methods × 3 horizons): %v", len(got), got)
	}
	wantTexts(t, "backtest chart", svgText(t, c), "6 months ahead", "12 months ahead", "24 months ahead",
		"fitted cadence growth: median, P10–P90", "flat cadence: median, P10–P90", "naive (no retirement): median, P10–P90",
		"0% = the actual count", "forecast origin", "20%")
}

func TestCharts_AreTheSameForTheSameRows(t *testing.T) {
	a, err := Charts(fixtureData(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Charts(fixtureData(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		pa, err := a[i].PNG()
		if err != nil {
			t.Fatal(err)
		}
		pb, err := b[i].PNG()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(pa, pb) || svgText(t, a[i]) != svgText(t, b[i]) {
			t.Errorf("%s differs between two renderings of the same rows", a[i].Stem)
		}
	}
}

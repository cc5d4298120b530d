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

func TestFanChart_DrawsObservedEveryScenariosBandTargetAndAsOf(t *testing.T) {
	d := fixtureData(t)
	c, err := FanChart(d)
	if err != nil {
		t.Fatal(err)
	}
	got := seriesPoints(c)
	const projected = 248 // 2025-06 .. 2046-01 (the horizon's month ends the axis)
	want := map[string]int{
		"observed in orbit": 74, // 2019-05 .. 2025-06
		"Overall: median":   projected, "Overall: P10–P90": projected,
		"With Falcon 9 alone: median": projected, "With Falcon 9 alone: P10–P90": projected,
		"If Starship flies Starlink from ~2027: median": projected, "If Starship flies Starlink from ~2027: P10–P90": projected,
		"Naive, no retirement: median": projected, // no band: not a plausible future
		"target":                       2,
		"as of":                        1,
		"reaches the target":           1,
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
		"Starlink satellites in orbit: observed to Jun 2025, then 2,000 simulated paths per scenario",
		"observed in orbit", "Overall (headline): median, P10–P90", "With Falcon 9 alone: median, P10 and P90 (thin)", "Naive, no retirement: median",
		"target: 42,000 satellites in orbit", "as of 2025-06-18: 7,600 in orbit",
		"42,000 reached Mar 2031 – Nov 2036 (Overall: median Jun 2033)",
		"satellite catalogue and the SpaceX API", "2045", "40,000")
	img := pngImage(t, c)
	// Thresholds well above what the legend's thumbnails alone colour.
	for _, w := range []struct {
		name string
		col  color.Color
		min  int
	}{{"the headline's band", bandColor, 60000}, {"the headline's median", headlineColor, 2000}, {"the target line", targetColor, 1500}, {"the observed line", observedColor, 1000}} {
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
	wantTexts(t, "fan chart", svgText(t, c), "42,000 reached Mar 2031 – later (Overall: median Jun 2033)")

	d.Forecasts[0].ReachP10, d.Forecasts[0].ReachP50 = nil, nil
	if c, err = FanChart(d); err != nil {
		t.Fatal(err)
	}
	if _, ok := seriesPoints(c)["reaches the target"]; ok || strings.Contains(svgText(t, c), "reached") {
		t.Error("the fan chart marks a median crossing that does not happen")
	}
}

func TestFanChart_RefusesAScenarioWithoutPercentiles(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Months {
		if d.Months[i].Scenario == "falcon9_only" {
			d.Months[i].InOrbitP90 = nil
		}
	}
	if _, err := FanChart(d); err == nil || !strings.Contains(err.Error(), "scenario falcon9_only has 0 projected months of satellites in orbit with P10..P90") {
		t.Errorf("FanChart error = %v, want one naming the scenario and columns", err)
	}
}

func TestLaunchesFanChart_DrawsEveryScenariosCumulativeLaunchesAndTheLaunchesNeeded(t *testing.T) {
	d := fixtureData(t)
	c, err := LaunchesFanChart(d)
	if err != nil {
		t.Fatal(err)
	}
	got := seriesPoints(c)
	for _, name := range []string{"Overall: median", "Overall: P10–P90", "With Falcon 9 alone: P10–P90", "Naive, no retirement: median"} {
		if got[name] != 248 {
			t.Errorf("series %q has %d points, want 248 (2025-06 .. 2046-01)", name, got[name])
		}
	}
	if got["launches needed"] != 1 {
		t.Errorf("series %v: want the headline's launches needed marked once", got)
	}
	wantTexts(t, "launches fan chart", svgText(t, c),
		"Starlink launches from 2025-06-18, cumulative: 2,000 simulated paths per scenario",
		"launches since the as-of date (all vehicles)", "Overall (headline): median, P10–P90",
		"Overall: 42,000 reached after 1,400 launches (median; P10–P90 1,100–1,700)")
	if n := pixels(pngImage(t, c), bandColor); n < 60000 {
		t.Errorf("the launches fan chart's PNG has %d pixels of the headline's band, want at least 20000", n)
	}

	d.Forecasts[0].LaunchesP50 = nil
	if c, err = LaunchesFanChart(d); err != nil {
		t.Fatal(err)
	}
	if _, ok := seriesPoints(c)["launches needed"]; ok {
		t.Error("the launches fan chart marks launches needed that the median path never reaches")
	}
}

func TestCadenceChart_DrawsEveryObservedMonthAndTheProjectionPerVehicle(t *testing.T) {
	d := fixtureData(t)
	c, err := CadenceChart(d)
	if err != nil {
		t.Fatal(err)
	}
	got := seriesPoints(c)
	if got["launches observed"] != 74 {
		t.Errorf("launches observed: %d bars, want one per observed month (74)", got["launches observed"])
	}
	// 2025-06 to the end of 2031 (6 years after the as-of year).
	if got["Falcon 9 median"] != 79 || got["Starship median"] != 79 {
		t.Errorf("projection: %d Falcon 9 and %d Starship points, want 79 each", got["Falcon 9 median"], got["Starship median"])
	}
	wantTexts(t, "cadence chart", svgText(t, c), "launches observed in the month", "Overall: Falcon 9 launches, median",
		"Overall: Starship launches, median", "as of 2025-06-18")
	img := pngImage(t, c)
	for _, w := range []struct {
		name string
		col  color.Color
		min  int
	}{{"the bars", barColor, 20000}, {"the Falcon 9 line", headlineColor, 3000}} {
		if n := pixels(img, w.col); n < w.min {
			t.Errorf("the cadence chart's PNG has %d pixels of %s's colour, want at least %d", n, w.name, w.min)
		}
	}
}

func TestCadenceChart_RefusesAMartWithoutProjection(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Cadence {
		d.Cadence[i].Falcon9P50 = nil
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

func TestBacktestChart_DrawsEveryOriginPerMethodAndTarget(t *testing.T) {
	d := fixtureData(t)
	c, err := BacktestChart(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.panels) != 5 {
		t.Fatalf("%d panels, want one per target and horizon (in orbit at 6, 12, 24 months, launches, threshold crossing)", len(c.panels))
	}
	got := seriesPoints(c)
	for _, s := range []struct {
		name   string
		points int
	}{
		{"capacity, in_orbit 6", 7}, {"capacity, in_orbit 12", 6}, {"capacity, in_orbit 24", 4},
		{"flat_pooled, launches_next_12m 12", 6}, {"naive, threshold_crossing", 6},
	} {
		if got[s.name] != s.points {
			t.Errorf("series %q has %d points, want %d", s.name, got[s.name], s.points)
		}
	}
	if len(got) != 15 {
		t.Errorf("%d series, want 15 (3 methods × 5 panels): %v", len(got), got)
	}
	wantTexts(t, "backtest chart", svgText(t, c), "in orbit 6 months ahead", "in orbit 24 months ahead", "launches in the next 12 months",
		"month a threshold is first crossed", "predicted − actual (months)", "predicted − actual (satellites)",
		"capacity (the engine, Falcon 9 only)", "naive (no retirement)",
		"dot: error of the median, bar: P10–P90, 0: what happened", "forecast origin")
}

func TestBacktestChart_KeepsItsTitleAndKeyWithOnePanel(t *testing.T) {
	d := fixtureData(t)
	var one []BacktestRow
	for _, b := range d.Backtest {
		if b.Target == "in_orbit" && b.HorizonMonths == 6 {
			one = append(one, b)
		}
	}
	d.Backtest = one
	c, err := BacktestChart(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.panels) != 1 {
		t.Fatalf("%d panels, want 1", len(c.panels))
	}
	wantTexts(t, "backtest chart", svgText(t, c), "Backtest: each origin", "capacity (the engine, Falcon 9 only)", "in orbit 6 months ahead")
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

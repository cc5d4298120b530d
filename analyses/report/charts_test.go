package report

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"
)

func TestSatellitesXRange_EndsAFewYearsAfterTheLatestCrossing(t *testing.T) {
	from, to := satellitesXRange(fixtureData(t))
	if from != 2019 || to != 2065 {
		t.Errorf("satellitesXRange = %d..%d, want 2019..2065", from, to)
	}
}

func TestSatellitesXRange_WithoutCrossingShowsTwentyYears(t *testing.T) {
	d := fixtureData(t)
	d.Scenarios[2].TargetReachedOn, d.Scenarios[2].LaunchesNeeded = nil, nil
	if _, to := satellitesXRange(d); to != 2045 {
		t.Errorf("satellitesXRange ends in %d, want 2045", to)
	}
}

func TestSatellitesXRange_NeverPassesTheHorizon(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Scenarios {
		d.Scenarios[i].HorizonDate = date(t, "2062-12-31")
	}
	if _, to := satellitesXRange(d); to != 2063 {
		t.Errorf("satellitesXRange ends in %d, want 2063 (the end of the horizon year)", to)
	}
}

func TestYearFraction_PlacesDatesWithinTheirYear(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want float64
	}{
		{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), 2021},
		{time.Date(2021, 7, 2, 12, 0, 0, 0, time.UTC), 2021.5},
	} {
		if got := yearFraction(c.t); got != c.want {
			t.Errorf("yearFraction(%s) = %v, want %v", c.t, got, c.want)
		}
	}
}

func TestSatellitesChart_LabelsAxesScenariosTargetAndAsOf(t *testing.T) {
	p, err := SatellitesChart(fixtureData(t))
	if err != nil {
		t.Fatal(err)
	}
	svg := svgText(t, p)
	for _, want := range []string{
		"satellites in orbit",
		"year (UTC)",
		"observed (until 2021-10-17)",
		"flat cadence: not reached by 2100, levels off near 5,041",
		"no retirements: 42,000 on 2061-07-17 after 756 launches",
		"target: 42,000 satellites in orbit",
		"as of 2021-10-17",
		"2061-07-17, 756 launches",
		"40,000",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the satellites chart has no text %q", want)
		}
	}
}

func TestLaunchesChart_SharesALineBetweenScenariosWithTheSameCadence(t *testing.T) {
	p, err := LaunchesChart(fixtureData(t))
	if err != nil {
		t.Fatal(err)
	}
	svg := svgText(t, p)
	for _, want := range []string{
		"flat cadence and no retirements: 1.58 launches/month",
		"trend cadence: 0.80 launches/month, -0.143 each month",
		"observed launches per calendar month",
		"as of 2021-10-17",
		"launches per month",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the launches chart has no text %q", want)
		}
	}
	if n := strings.Count(svg, "no retirements"); n != 1 {
		t.Errorf("no retirements is named %d times, want once: its cadence is flat cadence's, so they share an entry", n)
	}
}

func TestPNG_IsALegibleSizeAndTheSameForTheSameRows(t *testing.T) {
	var images [2][]byte
	for i := range images {
		p, err := SatellitesChart(fixtureData(t))
		if err != nil {
			t.Fatal(err)
		}
		if images[i], err = PNG(p); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(images[0], images[1]) {
		t.Error("two PNGs of the same rows differ")
	}
	img, err := png.Decode(bytes.NewReader(images[0]))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 700 {
		t.Errorf("the PNG is %dx%d pixels, want at least 1200x700", b.Dx(), b.Dy())
	}
}

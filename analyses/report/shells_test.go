package report

import (
	"strings"
	"testing"
)

func TestSourcesLine_SaysTheAsOfDateAndEverySourceInWords(t *testing.T) {
	for _, c := range []struct {
		name     string
		sources  []SourceCount
		launches bool // the SpaceX API lists launches
		want     string
	}{
		{"Space-Track and the API", []SourceCount{{"spacetrack", 8848}, {"spacex_api", 2}}, true,
			"Data as of 18 Jun 2025: Space-Track's catalogue (8,848 satellites), the SpaceX API (2 satellites the catalogue lacks, launches to Dec 2022)."},
		{"all three", []SourceCount{{"celestrak", 12}, {"spacetrack", 8848}, {"spacex_api", 1}}, true,
			"Data as of 18 Jun 2025: Space-Track's catalogue (8,848 satellites), CelesTrak's catalogue (12 satellites Space-Track's lacks), the SpaceX API (1 satellite the catalogues lack, launches to Dec 2022)."},
		{"CelesTrak and the API", []SourceCount{{"celestrak", 8848}, {"spacex_api", 2}}, true,
			"Data as of 18 Jun 2025: CelesTrak's catalogue (8,848 satellites), the SpaceX API (2 satellites the catalogue lacks, launches to Dec 2022)."},
		{"the catalogue has every satellite", []SourceCount{{"spacetrack", 8848}}, true,
			"Data as of 18 Jun 2025: Space-Track's catalogue (8,848 satellites), the SpaceX API (launches to Dec 2022)."},
		{"the API alone", []SourceCount{{"spacex_api", 1712}}, true,
			"Data as of 18 Jun 2025: the SpaceX API (1,712 satellites, launches to Dec 2022)."},
		{"no API launches", []SourceCount{{"spacetrack", 8848}}, false,
			"Data as of 18 Jun 2025: Space-Track's catalogue (8,848 satellites)."},
	} {
		d := fixtureData(t)
		d.Sources = c.sources
		if !c.launches {
			for i := range d.Launches {
				d.Launches[i].SpacexLaunchID = nil
			}
		}
		if got := d.SourcesLine(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestStackShells_LayersAddUpToTheConstellationEveryMonth(t *testing.T) {
	d := fixtureData(t)
	months, layers := stackShells(d)
	if len(months) != 74 || formatDate(months[0].Month) != "2019-05-01" || formatDate(months[73].MonthEnd) != fixtureAsOf {
		t.Fatalf("%d months from %s to %s, want 74 from 2019-05-01 to the as-of date", len(months), formatDate(months[0].Month), formatDate(months[len(months)-1].MonthEnd))
	}
	var names []string
	for _, l := range layers {
		names = append(names, l.name)
	}
	// Bottom up: the shells of the var in their order, then the others, then unknown.
	if got, want := strings.Join(names, " | "), "53° shell | 43° shell | 70° shell | 97.6° shell | other 40°, outside the shells | orbit unknown"; got != want {
		t.Errorf("layers %s, want %s", got, want)
	}
	for m := range months {
		sum := 0.0
		for _, l := range layers {
			sum += l.counts[m]
		}
		if int64(sum) != fixtureObserved(m) {
			t.Errorf("%s: the layers hold %v, the constellation %d", formatMonth(months[m].Month), sum, fixtureObserved(m))
		}
	}
	if layers[1].counts[43] != 0 || layers[1].counts[44] == 0 { // 43° from Jan 2023 (month 44)
		t.Errorf("the 43° layer holds %v in Dec 2022 and %v in Jan 2023, want 0 then some", layers[1].counts[43], layers[1].counts[44])
	}
	if layers[0].color != seriesColor(0) || layers[3].color != seriesColor(3) || layers[4].color != otherShellColor || layers[5].color != unknownShellColor {
		t.Error("the layers do not have their colours: the var's shells the palette's in order, others grey, unknown light grey")
	}

	// Several shells outside the bands are one layer, named by their inclinations; the mart's
	// rows may come in any order.
	d.Shells = append(d.Shells, fixtureExtraShell(d, "other 52°")...)
	d.Shells[0], d.Shells[len(d.Shells)-1] = d.Shells[len(d.Shells)-1], d.Shells[0]
	months, layers = stackShells(d)
	if got := layers[4].name; got != "other inclinations: 40°, 52°" || len(layers) != 6 || formatDate(months[0].Month) != "2019-05-01" {
		t.Errorf("with two shells outside the bands: layer %q of %d, first month %s", got, len(layers), formatDate(months[0].Month))
	}
	if layers[4].counts[20] != 3 { // other 40°'s 2 and other 52°'s 1 in Jan 2021
		t.Errorf("the other inclinations hold %v in Jan 2021, want 3", layers[4].counts[20])
	}
}

// fixtureExtraShell is one more shell outside the bands with 1 satellite in orbit every month.
func fixtureExtraShell(d Data, name string) []ShellMonth {
	var rows []ShellMonth
	for _, s := range d.Shells {
		if s.Shell == "unknown" {
			rows = append(rows, ShellMonth{Month: s.Month, MonthEnd: s.MonthEnd, Shell: name, ShellOrder: 5, InOrbit: 1, SharePercent: ptr(0.0)})
		}
	}
	return rows
}

func TestShellsChart_DrawsEveryLayerWithItsCountAndTheAsOfDate(t *testing.T) {
	d := fixtureData(t)
	c, err := ShellsChart(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := seriesPoints(c); len(got) != 6 || got["53° shell"] != 74 || got["orbit unknown"] != 74 {
		t.Errorf("series %v, want 6 layers of 74 months", got)
	}
	svg := svgText(t, c)
	wantTexts(t, "shells chart", svg,
		"Where the Starlink satellites are", "as of 2025-06-18", "satellites in orbit at the month", "data: Space-Track",
		"53° shell (5,242 on 2025-06-18)", "43° shell (1,520 on 2025-06-18)", "70° shell (380 on 2025-06-18)",
		"97.6° shell (456 on 2025-06-18)", "other 40°, outside the shells (0 on 2025-06-18)", "orbit unknown (2 on 2025-06-18)")
	// The legend reads top down as the layers stack: unknown first, 53° last.
	if top, bottom := strings.Index(svg, "orbit unknown ("), strings.Index(svg, "53° shell ("); top < 0 || bottom < top {
		t.Error("the legend does not list the layers top down")
	}
	// Each shell's area is drawn in its colour; 53° holds the most satellites, so the most
	// pixels, and the 43° shell (from 2023) more than the 70° one.
	img := pngImage(t, c)
	blue, orange, green := pixels(img, seriesColor(0)), pixels(img, seriesColor(1)), pixels(img, seriesColor(2))
	if !(blue > orange && orange > green && green > 2000) {
		t.Errorf("pixels of 53°, 43°, 70°: %d, %d, %d; want decreasing, each an area", blue, orange, green)
	}

	// On the SpaceX API alone every satellite is "unknown": one layer.
	c, err = ShellsChart(apiOnly(fixtureData(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got := seriesPoints(c); len(got) != 1 || got["orbit unknown"] != 74 {
		t.Errorf("API alone: series %v, want the unknown layer only", got)
	}
	if img := pngImage(t, c); pixels(img, unknownShellColor) < 50000 {
		t.Errorf("API alone: %d pixels of the unknown layer, want its area", pixels(img, unknownShellColor))
	}

	// A single month cannot be drawn as an area.
	d = fixtureData(t)
	d.Shells = d.ShellsAtAsOf()
	if _, err := ShellsChart(d); err == nil || !strings.Contains(err.Error(), "fct_starlink_shells_monthly has 1 month(s)") {
		t.Errorf("ShellsChart on one month: error %v, want one naming the mart", err)
	}
}

func TestMarkdown_TabulatesTheShellsAtTheAsOfDate(t *testing.T) {
	in := fixtureInputs
	in.Vars = append([]Var{{Name: shellsVar, Default: "[{shell: 53°}]", Effect: "Starlink's orbital shells."}}, in.Vars...)
	md := render(t, fixtureData(t), in)
	for _, want := range []string{
		"![Starlink satellites in orbit per orbital shell, month by month, stacked](charts/starlink-shells.png)",
		"dbt var\n`starlink_shells`",
		"The shells on 2025-06-18 (7,600 satellites in orbit), with the satellites launched into\neach and re-entered from it since May 2019:",
		"| shell | in orbit | share | median altitude (km) | inclination band | launched | re-entered |",
		"| 43° | 1,520 | 20.0% | 530.5 | 42.5–43.5° | 1,520 | 0 |",
		"| 70° | 380 | 5.0% | 570.0 | 69.5–70.5° | 380 | 0 |",
		"| 97.6° | 456 | 6.0% | 560.2 | 97–98.2° | 456 | 0 |",
		"| other 40° | 0 | 0.0% | – | – | 2 | 2 |",
		"| unknown | 2 | <0.1% | – | – | 2 | 0 |",
		`"other NN°" holds the satellites outside every band`,
		`"unknown" holds the satellites without`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
	// 53° first; its launched less re-entered is what is in orbit.
	_, table, _ := strings.Cut(md, "|---|---:|---:|---:|---|---:|---:|\n")
	rows := strings.Split(table[:strings.Index(table, "\n\n")], "\n")
	if len(rows) != 6 || !strings.HasPrefix(rows[0], "| 53° | 5,242 | 69.0% | 550.0 | 52.5–53.5° | ") {
		t.Fatalf("shells table rows:\n%s\nwant 6, 53° first", strings.Join(rows, "\n"))
	}
	cells := strings.Split(rows[0], " | ")
	launched, decayed := parseInt(t, cells[5]), parseInt(t, strings.TrimSuffix(cells[6], " |"))
	if launched-decayed != 5242 {
		t.Errorf("53°: launched %d less re-entered %d is not the 5,242 in orbit", launched, decayed)
	}
	// The shells' var is the shells section's, not the requirements table's.
	if strings.Contains(md, "| `starlink_shells` |") {
		t.Error("the requirements table lists the shells' var")
	}

	// On the API alone: one row, no orbit, no bands.
	md = render(t, apiOnly(fixtureData(t)), in)
	if !strings.Contains(md, "| unknown | 7,600 | 100.0% | – | – | ") || strings.Contains(md, "| 53° |") || strings.Contains(md, `"other NN°"`) {
		t.Error("a report from the API alone does not put every satellite in unknown")
	}
}

func parseInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int64(r-'0')
		case r != ',':
			t.Fatalf("%q is not a formatted integer", s)
		}
	}
	return n
}

func TestValidate_NamesWhatTheShellsLack(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Data)
		want   string
	}{
		{"no shells", func(d *Data) { d.Shells = nil }, "fct_starlink_shells_monthly has no rows: run `just pipeline` first"},
		{"no sources", func(d *Data) { d.Sources = nil }, "dim_starlink_satellites has no rows: run `just pipeline` first"},
		{"unknown source", func(d *Data) { d.Sources[1].Source = "n2yo" }, `dim_starlink_satellites: unknown source "n2yo"`},
		{"a month twice", func(d *Data) { d.Shells = append(d.Shells, d.Shells[len(d.Shells)-1]) }, "shell unknown has two rows for Jun 2025"},
		{"a month missing", func(d *Data) { d.Shells = d.Shells[:len(d.Shells)-1] }, "shell unknown has 73 months, shell 53° 74"},
	} {
		d := fixtureData(t)
		c.change(&d)
		_, err := Markdown(d, fixtureInputs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Markdown error = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// checkShellsLoaded checks the shells and sources Load read from loadTestRows
// (TestLoad_ReadsTheMartsExactlyAsTheAnalystCanSeeThem).
func checkShellsLoaded(t *testing.T, d Data) {
	t.Helper()
	var got []string
	for _, s := range d.Shells {
		got = append(got, formatDate(s.Month)+" "+s.Shell)
	}
	if strings.Join(got, ", ") != "2025-05-01 53°, 2025-05-01 unknown, 2025-06-01 53°, 2025-06-01 unknown" {
		t.Fatalf("shells %v, want by month, then shell_order", got)
	}
	s := d.Shells[2]
	if formatDate(s.MonthEnd) != "2025-06-18" || s.ShellOrder != 1 || *s.InclinationMin != 52.5 || *s.InclinationMax != 53.5 || s.InOrbit != 7 ||
		s.Launched != 2 || s.Decayed != 1 || *s.SharePercent != 100 || *s.MedianAltitudeKm != 550 {
		t.Errorf("53° in Jun 2025 loaded as %+v", s)
	}
	if u := d.Shells[1]; u.InclinationMin != nil || u.MedianAltitudeKm != nil || *u.SharePercent != 14.3 {
		t.Errorf("unknown in May 2025 loaded as %+v, want nulls kept and the share as a percentage rounded to 0.1 (0.1429: 14.3)", u)
	}
	if len(d.Sources) != 2 || d.Sources[0] != (SourceCount{"spacetrack", 8}) || d.Sources[1] != (SourceCount{"spacex_api", 1}) {
		t.Errorf("sources = %+v, want 8 satellites from spacetrack and 1 from spacex_api", d.Sources)
	}
	if got, want := d.SourcesLine(), "Data as of 18 Jun 2025: Space-Track's catalogue (8 satellites), the SpaceX API (1 satellite the catalogue lacks, launches to Dec 2022)."; got != want {
		t.Errorf("sources line:\n got %s\nwant %s", got, want)
	}
}

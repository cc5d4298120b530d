package report

import (
	"regexp"
	"strings"
	"testing"
)

var fixtureInputs = Inputs{
	Vars: []Var{
		{Name: "starlink_target_satellites", Default: "42000", Effect: "Satellites in orbit to reach."},
		{Name: "starlink_simulated_paths", Default: "500", Effect: "Paths | simulated per scenario, and the seed."},
		{Name: "starlink_seed", Default: "42", Effect: "Paths | simulated per scenario, and the seed."},
	},
	Queries: []Query{{File: "sql/starlink_forecast_scenarios.sql", Title: "Starlink forecast: the answer per scenario, side by side."}},
}

func render(t *testing.T, d Data, in Inputs) string {
	t.Helper()
	md, err := Markdown(d, in)
	if err != nil {
		t.Fatal(err)
	}
	return string(md)
}

func TestMarkdown_TakesEveryAnswerVerbatimFromTheMart(t *testing.T) {
	d := fixtureData(t)
	// Answers the Go code could not write itself: if the report re-worded them, they would not
	// appear byte for byte.
	for i := range d.Forecasts {
		d.Forecasts[i].Answer = "Answer " + d.Forecasts[i].Name + " from the mart: 42,000 between Mar 2029 and Nov 2031 — 71% *by* 2035 (as of 2025-06-18)."
	}
	md := render(t, d, fixtureInputs)
	if want := "\n> **" + d.Forecasts[0].Answer + "**\n"; !strings.Contains(md, want) {
		t.Errorf("the report does not lead with the headline's answer as a quote: %q", want)
	}
	for _, f := range d.Forecasts {
		if !strings.Contains(md, "\n- "+f.Answer) {
			t.Errorf("the report does not list the answer of %s verbatim", f.Name)
		}
	}
	if n := strings.Count(md, "from the mart: 42,000 between"); n != len(d.Forecasts)+1 {
		t.Errorf("the answers appear %d times, want %d (the headline twice)", n, len(d.Forecasts)+1)
	}
	for _, f := range fixtureData(t).Forecasts {
		if strings.Contains(md, f.Answer) {
			t.Errorf("the report still shows the fixture's answer of %s, not the row's", f.Name)
		}
	}
}

func TestMarkdown_HasItsSectionsInOrder(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	headings := regexp.MustCompile(`(?m)^#{1,2} .*$`).FindAllString(md, -1)
	want := []string{
		"# When will 42,000 Starlink satellites be in orbit, and how many launches will it take?",
		"## The answer",
		"## Launch cadence",
		"## Backtest",
		"## Launches needed to hold 42,000 in orbit",
		"## Scenarios and assumptions",
		"## What the data cannot tell",
		"## Change an assumption and re-run",
		"## Start your own analysis",
	}
	if strings.Join(headings, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(headings, "\n"), strings.Join(want, "\n"))
	}
}

func TestMarkdown_SaysWhichDataAndAsOf(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, want := range []string{
		"As of **2025-06-18** (the latest event in the data, not today's date), **7,600**\nStarlink satellites were in orbit.",
		"Made from **Space-Track's satellite catalogue and the SpaceX API**.",
		"Each scenario simulates\n500 paths month by month to 2060-12-31",
		"The last weeks are a lower bound.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
	md = render(t, apiOnly(fixtureData(t)), fixtureInputs)
	if !strings.Contains(md, "Made from **the SpaceX API only (no Space-Track catalogue)**") || !strings.Contains(md, "**It stops on 2025-06-18.**") {
		t.Error("a forecast from the API alone does not say so")
	}
	if strings.Contains(md, "lower bound") {
		t.Error("a forecast from the API alone speaks of the catalogue's lag")
	}
}

func TestMarkdown_TabulatesEveryScenariosRanges(t *testing.T) {
	d := fixtureData(t)
	d.Forecasts[1].ReachP90, d.Forecasts[1].LaunchesP90, d.Forecasts[1].ShareNeverReached = nil, nil, 0.12
	md := render(t, d, fixtureInputs)
	for _, want := range []string{
		"| scenario | 42,000 in orbit: P10 | median | P90 | not by 2060-12-31 | launches needed (P10–P90) | median launches | by 2030 | by 2035 | by 2040 |",
		"| **Fitted cadence growth** (headline) | Mar 2029 | Jun 2030 | Nov 2031 | 2% | 310–520 | 410 | 28% | 71% | 97% |",
		"| Heavy-lift era | Oct 2028 | Sep 2029 | Dec 2030 | 0% | 180–330 | 250 | 55% | 93% | 100% |",
		"| No retirements | Jul 2028 | Mar 2029 | Feb 2030 | 0% | 260–390 | 320 | >99% | >99% | 100% |",
		"| Today's rocket | Jan 2031 | Feb 2033 | not by the horizon | 12% | 900–not reached | 1,100 | 5% | 64% | 90% |",
		"*(naive: for comparison with earlier answers)*",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_ShowsTheBacktestScoresHeadlineMethodFirst(t *testing.T) {
	d := fixtureData(t)
	d.BacktestSummary = []BacktestScore{
		{Method: "flat_cadence", HorizonMonths: 12, Origins: 9, MeanAbsPctError: 0.1543, Coverage: 0.3333},
		{Method: "fitted", HorizonMonths: 12, Origins: 9, MeanAbsPctError: 0.0312, Coverage: 0.7778, IsHeadlineMethod: true},
		{Method: "fitted", HorizonMonths: 6, Origins: 10, MeanAbsPctError: 0.0105, Coverage: 0.8, IsHeadlineMethod: true},
		{Method: "naive", HorizonMonths: 12, Origins: 9, MeanAbsPctError: 0.2051, Coverage: 0},
	}
	md := render(t, d, fixtureInputs)
	rows := []string{
		"| **fitted cadence growth** (headline) | 6 months | 10 | 1.1% | 80% |",
		"| **fitted cadence growth** (headline) | 12 months | 9 | 3.1% | 78% |",
		"| flat cadence | 12 months | 9 | 15.4% | 33% |",
		"| naive (no retirement) | 12 months | 9 | 20.5% | 0% |",
	}
	if !strings.Contains(md, strings.Join(rows, "\n")) {
		t.Errorf("the backtest table is not, in this order:\n%s", strings.Join(rows, "\n"))
	}
	if want := "(fitted cadence growth: 1.1% off at 6 months with 80% covered, 3.1% off at 12 months with 78% covered; see [Backtest](#backtest))"; !strings.Contains(md, want) {
		t.Errorf("the answer does not say why the headline is the headline: %q", want)
	}
	if !strings.Contains(md, "re-run as of 10 origins from Jun 2020 to Dec 2024") {
		t.Error("the backtest does not say its origins")
	}
}

func TestMarkdown_PivotsTheRequirementsTable(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, want := range []string{
		"| satellites per launch | lifetime 4 years | lifetime 5 years | lifetime 7 years |",
		"| 22 | 39.8 (477/year) | 31.8 (382/year) | 22.7 (273/year) |",
		"| 60 | 14.6 (175/year) | 11.7 (140/year) | 8.3 (100/year) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_ListsScenariosSeedVarsAndQueries(t *testing.T) {
	in := fixtureInputs
	in.Seed = &Seed{Path: "../../dbt/seeds/starlink_forecast_scenarios.csv", Header: []string{"scenario_name", "scenario_description", "satellites_per_launch"}, Rows: [][]string{{"fitted", "Fitted.", ""}, {"heavy_lift", "Heavy | lift.", "100"}}}
	md := render(t, fixtureData(t), in)
	for _, want := range []string{
		"| **Fitted cadence growth** (headline) (`fitted`) | Launch cadence grows as fitted",
		"then satellites per launch \\| of the heavy-lift var. |",
		"| No retirements (`naive_no_retirement`, naive) | The trailing cadence continued, and no satellite ever leaves orbit. |",
		"The scenarios' axes are the seed `dbt/seeds/starlink_forecast_scenarios.csv` (labels and descriptions as above):",
		"| `scenario_name` | `satellites_per_launch` |\n|---|---|\n| fitted |  |\n| heavy_lift | 100 |",
		"| `starlink_target_satellites` | Satellites in orbit to reach. | `42000` |",
		"| `starlink_simulated_paths`<br> `starlink_seed` | Paths \\| simulated per scenario, and the seed. | `500`<br> `42` |",
		"- [`sql/starlink_forecast_scenarios.sql`](sql/starlink_forecast_scenarios.sql): Starlink forecast: the answer per scenario, side by side.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
	if strings.Contains(md, "Heavy \\| lift.") {
		t.Error("the seed's table repeats the scenarios' descriptions")
	}
	if md := render(t, fixtureData(t), fixtureInputs); strings.Contains(md, "The scenarios' axes are the seed") {
		t.Error("the report speaks of a seed when there is none")
	}
}

func TestMarkdown_LinksEveryChartAsPNGAndSVG(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, stem := range []string{FanChartStem, CadenceChartStem, LaunchesChartStem, BacktestChartStem} {
		if !strings.Contains(md, "]("+stem+".png)") || !strings.Contains(md, "[SVG]("+stem+".svg)") {
			t.Errorf("the report does not show %s.png and link %s.svg", stem, stem)
		}
	}
}

func TestMarkdown_IsTheSameForTheSameRows(t *testing.T) {
	a, b := render(t, fixtureData(t), fixtureInputs), render(t, fixtureData(t), fixtureInputs)
	if a != b {
		t.Error("two renderings of the same rows differ")
	}
	if strings.Contains(a, "\n\n\n") || !strings.HasSuffix(a, ".\n") {
		t.Error("the report has runs of blank lines or does not end in one newline")
	}
}

func TestValidate_NamesWhatIsMissing(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Data)
		want   string
	}{
		{"empty", func(d *Data) { *d = Data{} }, "fct_starlink_forecast has no rows: run `just pipeline` first"},
		{"no headline", func(d *Data) { d.Forecasts[0].IsHeadline = false }, "0 scenarios have is_headline, want exactly 1"},
		{"two headlines", func(d *Data) { d.Forecasts[2].IsHeadline = true }, "2 scenarios have is_headline, want exactly 1"},
		{"no answer", func(d *Data) { d.Forecasts[1].Answer = "" }, "scenario falcon9_ceiling has no answer"},
		{"other as-of", func(d *Data) { d.Forecasts[3].AsOf = d.Forecasts[3].AsOf.AddDate(0, 0, -1) }, "scenarios fitted and naive_no_retirement differ"},
		{"no months", func(d *Data) { d.Months = d.MonthsOf("fitted") }, "fct_starlink_forecast_monthly has no rows for scenario falcon9_ceiling"},
		{"no cadence", func(d *Data) { d.Cadence = nil }, "fct_starlink_launch_cadence_monthly has no rows"},
		{"no requirements", func(d *Data) { d.Requirements = nil }, "fct_starlink_launch_requirements has no rows"},
		{"no backtest", func(d *Data) { d.BacktestSummary = nil }, "fct_starlink_forecast_backtest_summary has no rows"},
	} {
		d := fixtureData(t)
		c.change(&d)
		_, err := Markdown(d, fixtureInputs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Markdown error = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

package report

import (
	"regexp"
	"strings"
	"testing"
)

var fixtureInputs = Inputs{
	Vars: []Var{
		{Name: "starlink_target_satellites", Default: "42000", Effect: "Satellites in orbit to hold."},
		{Name: "starlink_requirements_satellites_per_launch", Default: "[22, 60]", Effect: "Satellites per launch | and lifetimes to tabulate."},
		{Name: "starlink_requirements_lifetime_years", Default: "[4, 7]", Effect: "Satellites per launch | and lifetimes to tabulate."},
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
		"## Authorised totals",
		"## Where the satellites are",
		"## Launch cadence",
		"## Backtest",
		"## What the engine estimated",
		"## Assumptions",
		"## Launches needed to hold 42,000 in orbit",
		"## How the answer moved",
		"## What the data cannot tell",
		"## Change an assumption and re-run",
		"## Start your own analysis",
	}
	if strings.Join(headings, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(headings, "\n"), strings.Join(want, "\n"))
	}
}

func TestMarkdown_StampsEveryResultWithTheRun(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, want := range []string{
		"As of **2025-06-18** (the latest event in the data, not today's date), **7,600**\nStarlink satellites were in orbit.",
		"Starlink satellites were in orbit. Data as of 18 Jun 2025: Space-Track's catalogue (9,100 satellites), the SpaceX API (2 satellites the catalogue lacks, launches to Dec 2022).",
		"Every result below is stamped with the forecast engine's run 7: **data as of 2025-06-18**,\n**commit `" + fixtureCommit + "`**, **assumptions `" + fixtureHash + "`** (overridden: paths=2000;",
		"engine `v0.3.0`, 2,000 simulated paths per scenario to\nDec 2045, seed 42.",
		"the engine adds 3 launches with 81 satellites (median) between the last catalogued launch and the as-of date.",
		"The last weeks are a lower bound.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
	// The commit is never made up.
	d := fixtureData(t)
	for i := range d.Forecasts {
		d.Forecasts[i].GitCommit, d.Forecasts[i].OverriddenAssumptions = nil, nil
	}
	md = render(t, d, fixtureInputs)
	if !strings.Contains(md, "**commit `unknown`**") || !strings.Contains(md, "(overridden: none;") {
		t.Error("a run without a commit or overrides does not say so")
	}
	md = render(t, apiOnly(fixtureData(t)), fixtureInputs)
	if !strings.Contains(md, "Data as of 18 Jun 2025: the SpaceX API (1,712 satellites, launches to Dec 2022).") || !strings.Contains(md, "**It stops on 2025-06-18.**") {
		t.Error("a forecast from the API alone does not say so")
	}
	if strings.Contains(md, "lower bound") {
		t.Error("a forecast from the API alone speaks of the catalogue's lag")
	}
}

func TestMarkdown_TabulatesEveryScenariosRangesAndWhatItIsConditionalOn(t *testing.T) {
	d := fixtureData(t)
	d.Forecasts[1].ReachP90, d.Forecasts[1].LaunchesP90, d.Forecasts[1].ShareNeverReached = nil, nil, 0.12
	md := render(t, d, fixtureInputs)
	for _, want := range []string{
		"| scenario | conditional on | 42,000 in orbit: P10 | median | P90 | not by Dec 2045 | launches needed (P10–P90) | median launches | by 2030 | by 2035 | by 2040 | in orbit at the horizon (P10–P90) |",
		"| **Overall** (headline) | A mixture: Falcon 9 alone (weight 0.5) and Starship on schedule (0.5). | Mar 2031 | Jun 2033 | Nov 2036 | 2% | 1,100–1,700 | 1,400 | 8% | 71% | 93% | 38,000–61,000 |",
		"| If Starship flies Starlink from ~2027 | Starship carries Starlink from about 2027-06 (P10–P90 2026-12 to 2028-09) \\| with 60 per launch. | Oct 2029 | Sep 2030 | Dec 2031 | 0% | 700–1,000 | 850 | 45% | 93% | 100% |",
		"| Naive, no retirement | The trailing cadence continued; no satellite ever leaves orbit. | Jul 2029 | Mar 2030 | Feb 2031 | 0% | 1,300–1,500 | 1,400 | 62% | >99% | 100% |",
		"| With Falcon 9 alone | Only Falcon 9 carries Starlink, up to its ceiling of 12 launches a month. | Jan 2034 | Feb 2037 | not by the horizon | 12% | 1,600–not reached | 1,900 | 0% | 34% | 81% |",
		"*(naive: for comparison with earlier answers, not a plausible future)*",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_ShowsTheBacktestScoresPerTargetAndMethod(t *testing.T) {
	d := fixtureData(t)
	d.BacktestSummary = []BacktestScore{
		{Method: "naive", Target: "in_orbit", HorizonMonths: 12, Origins: 9, MeanCRPS: 512.25, MeanInterval: 2210, Coverage: 0, MeanErrorP50: 700.4, MeanAbsErrorP50: 700.4},
		{Method: "capacity", Target: "threshold_crossing", Threshold: 4000, Origins: 3, MeanCRPS: 1.234, MeanInterval: 9.5, Coverage: 0.6667, MeanErrorP50: -1.5, MeanAbsErrorP50: 2},
		{Method: "capacity", Target: "in_orbit", HorizonMonths: 12, Origins: 9, MeanCRPS: 88.25, MeanInterval: 1100, Coverage: 0.7778, MeanErrorP50: -149.5, MeanAbsErrorP50: 160},
		{Method: "capacity", Target: "in_orbit", HorizonMonths: 6, Origins: 10, MeanCRPS: 40.5, MeanInterval: 420, Coverage: 0.8, MeanErrorP50: 0.0004, MeanAbsErrorP50: 61},
	}
	md := render(t, d, fixtureInputs)
	rows := []string{
		"| in orbit 6 months ahead (satellites) | capacity (the engine, Falcon 9 only) | 10 | 40.5 | 420 | 80% | 0.000 | 61.0 |",
		"| in orbit 12 months ahead (satellites) | capacity (the engine, Falcon 9 only) | 9 | 88.3 | 1,100 | 78% | −150 | 160 |",
		"| in orbit 12 months ahead (satellites) | naive (no retirement) | 9 | 512 | 2,210 | 0% | +700 | 700 |",
		"| first crossing of 4,000 in orbit (months) | capacity (the engine, Falcon 9 only) | 3 | 1.23 | 9.50 | 67% | −1.50 | 2.00 |",
	}
	if !strings.Contains(md, strings.Join(rows, "\n")) {
		t.Errorf("the backtest table is not, in this order:\n%s", strings.Join(rows, "\n"))
	}
	if !strings.Contains(md, "re-run as of 7 origins from Nov 2021 to Nov 2024") {
		t.Error("the backtest does not say its origins")
	}
}

func TestMarkdown_ListsTheRunsAssumptionsEstimatesAuthorisedTotalsAndLedger(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, want := range []string{
		"| `paths` | **2000** | 1000 | paths | Project choice. | Simulated paths per scenario. |",
		"| `falcon9_ceiling_launches_per_month` | 12 | 12 | launches/month | SpaceX, 2025 \\| cadence statements | Most Falcon 9 Starlink launches in a month. |",
		"| `falcon9_launches_per_month_now` | 9.83 | 8.90–10.7 | launches/month | Falcon 9's current regime. |",
		"| `satellites_per_launch_falcon9` | 26.4 | – | satellites | Satellites per Falcon 9 launch, current regime. |",
		"| Overall | FCC Gen1 + Gen2 partial (2022) | 11,908 | 100% | Mar 2027 |\n| Overall | ITU filings (42,000) | 42,000 | 98% | Jun 2033 |\n| With Falcon 9 alone |",
		"| **7** (this report) | 2026-12-06 07:00 | 2025-06-18 | spacex_api+spacetrack | `0123456789ab` | `3f1c0c5e9b7a` | paths=2000 | Mar 2031 – Nov 2036 (median Jun 2033) | 1,100–1,700 |",
		"| 3 | 2026-12-01 09:00 | 2021-10-17 | spacex_api | `unknown` | `aa1c0c5e9b7a` | – | not reached – not reached (median Jan 2038) | not reached |",
		"just forecast 'starship_first_starlink_month_p50=2028-06'",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_PivotsTheRequirementsTableAndListsItsVars(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, want := range []string{
		"| satellites per launch | lifetime 4 years | lifetime 5 years | lifetime 7 years |",
		"| 22 | 39.8 (477/year) | 31.8 (382/year) | 22.7 (273/year) |",
		"| 60 | 14.6 (175/year) | 11.7 (140/year) | 8.3 (100/year) |",
		"| `starlink_target_satellites` | Satellites in orbit to hold. | `42000` |",
		"| `starlink_requirements_satellites_per_launch`<br> `starlink_requirements_lifetime_years` | Satellites per launch \\| and lifetimes to tabulate. | `[22, 60]`<br> `[4, 7]` |",
		"- [`sql/starlink_forecast_scenarios.sql`](sql/starlink_forecast_scenarios.sql): Starlink forecast: the answer per scenario, side by side.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_LinksEveryChartAsPNGAndSVG(t *testing.T) {
	md := render(t, fixtureData(t), fixtureInputs)
	for _, stem := range []string{FanChartStem, LaunchesFanStem, ShellsChartStem, CadenceChartStem, LaunchesChartStem, BacktestChartStem} {
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
		{"no answer", func(d *Data) { d.Forecasts[1].Answer = "" }, "scenario falcon9_only has no answer"},
		{"other run", func(d *Data) { d.Forecasts[3].AssumptionsHash = "other" }, "scenarios overall and naive_no_retirement differ"},
		{"no months", func(d *Data) { d.Months = d.MonthsOf("overall") }, "fct_starlink_forecast_monthly has no rows for scenario falcon9_only"},
		{"no cadence", func(d *Data) { d.Cadence = nil }, "fct_starlink_launch_cadence_monthly has no rows"},
		{"no requirements", func(d *Data) { d.Requirements = nil }, "fct_starlink_launch_requirements has no rows"},
		{"no assumptions", func(d *Data) { d.Assumptions = nil }, "dim_starlink_forecast_assumptions has no rows"},
		{"no backtest summary", func(d *Data) { d.BacktestSummary = nil }, "fct_starlink_forecast_backtest_summary has no rows but fct_starlink_forecast_backtest has"},
		{"ledger behind", func(d *Data) { d.Runs = d.Runs[1:] }, "fct_starlink_forecast_runs: the latest run is not run 7"},
	} {
		d := fixtureData(t)
		c.change(&d)
		_, err := Markdown(d, fixtureInputs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Markdown error = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

package report

import (
	"bytes"
	"strings"
	"testing"
)

var fixtureVars = []Var{
	{Name: "starlink_target_satellites", Default: "42000", Effect: varEffects["starlink_target_satellites"]},
	{Name: "starlink_satellite_lifetime_years", Default: "5", Effect: varEffects["starlink_satellite_lifetime_years"]},
}

var fixtureQueries = []Query{{File: "sql/starlink_forecast_scenarios.sql", Title: "Starlink forecast: the answer per scenario, side by side."}}

func render(t *testing.T, d Data) string {
	t.Helper()
	md, err := Markdown(d, fixtureVars, fixtureQueries)
	if err != nil {
		t.Fatal(err)
	}
	return string(md)
}

func TestMarkdown_StatesEachScenarioAnswerFromItsRow(t *testing.T) {
	d := fixtureData(t)
	md := render(t, d)
	for _, s := range d.Scenarios {
		if !strings.Contains(md, "\n- "+AnswerLine(s)+"\n") {
			t.Errorf("the report does not list the answer line of %s: %s", s.Key, AnswerLine(s))
		}
		if !strings.Contains(md, s.Method) {
			t.Errorf("the report does not give the method of %s", s.Key)
		}
	}
	for _, want := range []string{
		"# When will 42,000 Starlink satellites be in orbit, and how many launches will it take?",
		"As of **2021-10-17**",
		"**1,673** Starlink satellites were in orbit",
		"| no retirements | 2061-07-17 | 756 | 477 | 82,106 |",
		"| flat cadence | not reached | – | – | 5,041 |",
		"| trend cadence | not reached | – | – | 0 |",
		"| launches per month at the as-of date | 1.58 | 0.80 | 1.58 |",
		"| change of the cadence each month | none | -0.143 | none |",
		"| early failures (share of satellites launched) | 0.76% | 0.76% | 0.00% |",
		"| satellite lifetime | 5 years | 5 years | never leave orbit |",
		"](charts/satellites-in-orbit.png)",
		"](charts/launches-per-month.png)",
		"[SVG](charts/satellites-in-orbit.svg)",
		"The x axis runs from 2019 to 2065",
		"| `starlink_target_satellites` | The number of satellites in orbit to reach. | 42000 |",
		"- [`sql/starlink_forecast_scenarios.sql`](sql/starlink_forecast_scenarios.sql): Starlink forecast: the answer per scenario, side by side.",
		"In the trend cadence scenario the projected launches fall to zero from the month ending\n  2061-07-17",
		"the last launch in the data, Starlink 2-1 (v1.5), flew on\n  2021-09-14",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not contain %q", want)
		}
	}
}

func TestMarkdown_NoScenarioReachingTheTargetSaysNotReachedByTheHorizon(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Scenarios {
		d.Scenarios[i].TargetReachedOn, d.Scenarios[i].LaunchesNeeded, d.Scenarios[i].MonthsNeeded = nil, nil, nil
	}
	md := render(t, d)
	if got := strings.Count(md, "in orbit not reached by 2100-12-31, levels off near"); got != 3 {
		t.Errorf("%d answer lines say \"not reached by 2100-12-31\", want 3:\n%s", got, md)
	}
	if strings.Contains(md, "latest crossing") {
		t.Errorf("the chart caption speaks of a crossing that does not happen")
	}
	if !strings.Contains(md, "The x axis runs from 2019 to 2045") {
		t.Errorf("the chart caption does not give the x range of 20 years after the as-of date")
	}
}

func TestMarkdown_IsTheSameForTheSameRows(t *testing.T) {
	a, b := render(t, fixtureData(t)), render(t, fixtureData(t))
	if a != b {
		t.Error("two renderings of the same rows differ")
	}
	if strings.Contains(a, "\n\n\n") || !strings.HasSuffix(a, ".\n") {
		t.Error("the report has runs of blank lines or does not end in one newline")
	}
}

func TestMarkdown_RejectsAnEmptyForecast(t *testing.T) {
	_, err := Markdown(Data{}, fixtureVars, nil)
	if err == nil || !strings.Contains(err.Error(), "fct_starlink_forecast has no rows") {
		t.Errorf("Markdown(empty) error = %v, want one naming fct_starlink_forecast", err)
	}
}

func TestMarkdown_WithoutQueriesLeavesTheirListOut(t *testing.T) {
	md, err := Markdown(fixtureData(t), fixtureVars, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(md, []byte("Starting queries")) {
		t.Error("the report lists starting queries when there are none")
	}
}

func TestCadenceEnds_FindsTheFirstMonthWithoutLaunches(t *testing.T) {
	d := fixtureData(t)
	end, ok := cadenceEnds(d.MonthsOf("trend_cadence"))
	if !ok || formatDate(end) != "2061-07-17" {
		t.Errorf("cadenceEnds(trend_cadence) = %s, %v; want 2061-07-17, true", formatDate(end), ok)
	}
	if _, ok := cadenceEnds(d.MonthsOf("flat_cadence")); ok {
		t.Error("cadenceEnds(flat_cadence) found an end; flat cadence launches every month")
	}
}

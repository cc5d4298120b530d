package report

import (
	"bytes"
	"strconv"
	"text/template"
	"time"
)

// Query is a starting query for analysts: a compiled dbt analysis in the report's sql/ folder.
type Query struct {
	File  string // e.g. "sql/starlink_forecast_scenarios.sql", relative to the report
	Title string // the file's first comment line
}

// Paths of the report's files, relative to the report's folder.
const (
	ReportFile           = "starlink-forecast.md"
	SatellitesChartStem  = "charts/satellites-in-orbit"
	LaunchesChartStem    = "charts/launches-per-month"
	QueriesDir           = "sql"
	launchesChartYears   = 5  // years of projected launches the launches chart shows
	recentLaunchesMonths = 12 // the window of the "launches in the last months" fact
)

// Markdown renders the report. vars are the forecast's dbt vars (LoadVars); queries the
// starting queries (compiled analyses) beside the report.
func Markdown(d Data, vars []Var, queries []Query) ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	v := newView(d, vars, queries)
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, v); err != nil {
		return nil, err
	}
	// Collapse the blank lines that template actions leave, keeping one between blocks.
	out := bytes.TrimSpace(buf.Bytes())
	for bytes.Contains(out, []byte("\n\n\n")) {
		out = bytes.ReplaceAll(out, []byte("\n\n\n"), []byte("\n\n"))
	}
	return append(out, '\n'), nil
}

// view is what the template shows, every value already formatted.
type view struct {
	Target, AsOf, Horizon, InOrbitAtAsOf string
	Scenarios                            []scenarioView
	Drivers                              []driverRow
	Satellites                           chartCaption
	LaunchesChart                        chartCaption
	RecentLaunches                       string // "12 launches"
	RecentMonths                         int
	RecentIdleMonths                     int // months of the window without a launch
	LastLaunch, LastLaunchDate           string
	Vars                                 []Var
	Queries                              []Query
}

type scenarioView struct {
	Name, Key, Answer, Method string
	ReachedOn, LaunchesNeeded string // "not reached" / "–" when not reached
	MonthsNeeded, AtHorizon   string
	CadenceEnds               string // end of the first month from which no launch is projected, or ""
}

type driverRow struct {
	Label  string
	Values []string // one per scenario
}

type chartCaption struct {
	Stem             string
	FromYear, ToYear int
	LatestCrossing   string // year of the latest crossing of the target, or ""
}

func newView(d Data, vars []Var, queries []Query) view {
	first := d.Scenarios[0]
	v := view{
		Target:        formatInt(first.TargetSatellites),
		AsOf:          formatDate(first.AsOfDate),
		Horizon:       formatDate(first.HorizonDate),
		InOrbitAtAsOf: formatInt(first.SatellitesInOrbitAtAsOf),
		Vars:          vars,
		Queries:       queries,
		RecentMonths:  recentLaunchesMonths,
	}
	for _, s := range d.Scenarios {
		sv := scenarioView{
			Name: s.Name(), Key: s.Key, Answer: AnswerLine(s), Method: s.Method,
			ReachedOn: "not reached", LaunchesNeeded: "–", MonthsNeeded: "–",
			AtHorizon: formatDecimal(s.SatellitesInOrbitAtHorizon, 0),
		}
		if s.Reached() {
			sv.ReachedOn = formatDate(*s.TargetReachedOn)
			sv.LaunchesNeeded = formatInt(*s.LaunchesNeeded)
			if s.MonthsNeeded != nil {
				sv.MonthsNeeded = formatInt(*s.MonthsNeeded)
			}
		}
		if end, ok := cadenceEnds(d.MonthsOf(s.Key)); ok {
			sv.CadenceEnds = formatDate(end)
		}
		v.Scenarios = append(v.Scenarios, sv)
	}
	row := func(label string, f func(Scenario) string) {
		r := driverRow{Label: label}
		for _, s := range d.Scenarios {
			r.Values = append(r.Values, f(s))
		}
		v.Drivers = append(v.Drivers, r)
	}
	row("launches per month at the as-of date", func(s Scenario) string { return formatDecimal(s.LaunchesPerMonth, 2) })
	row("change of the cadence each month", func(s Scenario) string {
		if s.LaunchesPerMonthChange == nil || s.LaunchesPerMonthChange.Sign() == 0 {
			return "none"
		}
		return formatSigned(s.LaunchesPerMonthChange, 3)
	})
	row("satellites per launch", func(s Scenario) string { return formatDecimal(s.SatellitesPerLaunch, 1) })
	row("early failures (share of satellites launched)", func(s Scenario) string { return formatPercent(s.EarlyFailureRate) + "%" })
	row("satellite lifetime", func(s Scenario) string {
		if s.SatelliteLifetimeYears == nil {
			return "never leave orbit"
		}
		return formatTrimmed(s.SatelliteLifetimeYears, 2) + " years"
	})

	from, to := satellitesXRange(d)
	v.Satellites = chartCaption{Stem: SatellitesChartStem, FromYear: from, ToYear: to}
	if y, ok := latestCrossingYear(d); ok {
		v.Satellites.LatestCrossing = strconv.Itoa(y)
	}
	from, to = launchesXRange(d)
	v.LaunchesChart = chartCaption{Stem: LaunchesChartStem, FromYear: from, ToYear: to}

	// The window's months end on the as-of date's day of the month, as in the dbt models.
	asOf := d.AsOf()
	launchesPerMonth := make([]int, recentLaunchesMonths)
	for _, l := range d.Launches {
		for m := range launchesPerMonth {
			end := asOf.AddDate(0, -m, 1)     // exclusive: the day after the month's last day
			start := asOf.AddDate(0, -m-1, 1) // inclusive
			if !l.LaunchedAt.Before(start) && l.LaunchedAt.Before(end) {
				launchesPerMonth[m]++
			}
		}
	}
	recent := 0
	for _, n := range launchesPerMonth {
		recent += n
		if n == 0 {
			v.RecentIdleMonths++
		}
	}
	v.RecentLaunches = plural(recent, "launch", "launches")
	if n := len(d.Launches); n > 0 {
		v.LastLaunch = d.Launches[n-1].Name
		v.LastLaunchDate = formatDate(d.Launches[n-1].LaunchedAt)
	}
	return v
}

// cadenceEnds returns the end of the first projected month from which nothing is launched any
// more, when the cadence falls to zero after launching something.
func cadenceEnds(months []Month) (time.Time, bool) {
	lastLaunching := -1
	for i, m := range months {
		if m.Number > 0 && m.ProjectedLaunches > 0 {
			lastLaunching = i
		}
	}
	if lastLaunching < 0 || lastLaunching+1 >= len(months) {
		return time.Time{}, false
	}
	return months[lastLaunching+1].EndDate, true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

var reportTemplate = template.Must(template.New(ReportFile).Parse(`# When will {{.Target}} Starlink satellites be in orbit, and how many launches will it take?

<!-- Written by analyses/cmd/report (` + "`just report`" + `, and at the end of ` + "`just pipeline`" + `) from the
marts in schema analytics. Do not edit by hand: change the models or the vars and re-run. -->

As of **{{.AsOf}}**, the day the satellite data was last refreshed (not today's date),
**{{.InOrbitAtAsOf}}** Starlink satellites were in orbit. From there the forecast projects
{{len .Scenarios}} scenarios month by month to {{.Horizon}}.

## The answer

{{range .Scenarios}}- {{.Answer}}
{{end}}
| scenario | {{.Target}} in orbit on | launches needed | months needed | in orbit on {{.Horizon}} |
|---|---:|---:|---:|---:|
{{range .Scenarios}}| {{.Name}} | {{.ReachedOn}} | {{.LaunchesNeeded}} | {{.MonthsNeeded}} | {{.AtHorizon}} |
{{end}}
Launches are counted from the as-of date. The date is the end of the first projected month
with at least {{.Target}} satellites in orbit (months end on the as-of date's day of the
month); the launches are those projected up to it, rounded up.

![Starlink satellites in orbit: observed until {{.AsOf}}, then projected per scenario, with the {{.Target}} target line]({{.Satellites.Stem}}.png)

*Satellites in orbit: observed (black) until the as-of date, then each scenario's projection.
The x axis runs from {{.Satellites.FromYear}} to {{.Satellites.ToYear}}{{if .Satellites.LatestCrossing}}, a few years past the
latest crossing of the target ({{.Satellites.LatestCrossing}}){{end}}; the projection continues to {{.Horizon}} in
` + "`analytics.fct_starlink_forecast_monthly`" + `. Also as [SVG]({{.Satellites.Stem}}.svg).*

![Starlink launches per month: observed until {{.AsOf}}, then projected per scenario]({{.LaunchesChart.Stem}}.png)

*Launches that carried Starlink satellites per calendar month (bars) until the as-of date,
then each scenario's projected launches per month (months after the as-of date) until
{{.LaunchesChart.ToYear}}. Scenarios with the same cadence share a line. Also as
[SVG]({{.LaunchesChart.Stem}}.svg).*

## Scenarios and assumptions

Every scenario starts from the {{.InOrbitAtAsOf}} satellites in orbit on {{.AsOf}} and adds the
projected launches month by month.

{{range .Scenarios}}- **{{.Name}}** (` + "`{{.Key}}`" + `): {{.Method}}
{{end}}
| driver |{{range .Scenarios}} {{.Name}} |{{end}}
|---|{{range .Scenarios}}---:|{{end}}
{{range .Drivers}}| {{.Label}} |{{range .Values}} {{.}} |{{end}}
{{end}}
The drivers are measured on the data up to the as-of date (the cadence and satellites per
launch over a trailing window, the early failures over the whole history); the numbers are
expected values, so a month can hold a fraction of a launch.

## What the data cannot tell

- **It stops on {{.AsOf}}.** The SpaceX API has been frozen since late 2022 and its satellite
  data was last refreshed on the as-of date: everything after it is projection, not
  observation. Launches after that day are not in the data, even when the API lists them.
- **The cadence is measured on a short, uneven window.** In the {{.RecentMonths}} months up to the
  as-of date the data holds {{.RecentLaunches}} that carried Starlink satellites{{if .RecentIdleMonths}}, and
  {{.RecentIdleMonths}} of those months had none{{end}}; the last launch in the data, {{.LastLaunch}}, flew on
  {{.LastLaunchDate}}. Months without launches pull the average down and the trend even more.{{range .Scenarios}}{{if .CadenceEnds}}
  In the {{.Name}} scenario the projected launches fall to zero from the month ending
  {{.CadenceEnds}}: nothing is launched after that, and the satellites in orbit retire one by one.{{end}}{{end}}
- **Only the past is extrapolated.** Satellites per launch, the failure rate and the lifetime
  are those of the satellites launched so far; new satellite generations, other rockets,
  changes of plans and of regulation are not modelled, nor are losses other than early failures
  and retirement at the end of the lifetime.
- **The target is a filing, not a plan.** {{.Target}} is the size of the constellation SpaceX has filed
  for; it carries no dates.
- **The horizon ends the projection.** A scenario that does not reach the target by {{.Horizon}}
  says "not reached" and shows the level it approaches instead.

## Change an assumption and re-run

The drivers are dbt vars, with their defaults in ` + "`dbt/dbt_project.yml`" + `:

| var | what it changes | default |
|---|---|---:|
{{range .Vars}}| ` + "`{{.Name}}`" + ` | {{.Effect}} | {{.Default}} |
{{end}}
To change one for good, edit its default in ` + "`dbt/dbt_project.yml`" + ` and run ` + "`just pipeline`" + `: it
rebuilds the marts and rewrites this report and its charts. To try a value once, rebuild the
forecast with it and rewrite the report (the next ` + "`just pipeline`" + ` goes back to the defaults):

` + "```sh" + `
just forecast '{starlink_satellite_lifetime_years: 7}'    # dbt build of the forecast models with --vars, then just report
just report                                               # only rewrite this report from the marts
` + "```" + `

## Start your own analysis

The marts are in schema ` + "`analytics`" + ` (` + "`just psql-analyst`" + ` opens psql as the analyst's login).
{{if .Queries}}Starting queries, compiled by dbt from ` + "`dbt/analyses/`" + ` into plain SQL:

{{range .Queries}}- [` + "`{{.File}}`" + `]({{.File}}): {{.Title}}
{{end}}
Run one with, e.g., ` + "`just psql-analyst -f analyses/{{(index .Queries 0).File}}`" + `.{{end}} ` + "`just docs`" + ` serves the dbt
documentation on http://127.0.0.1:8580: every mart and column, their lineage, and this report
as the exposure ` + "`starlink_forecast_report`" + `.
`))

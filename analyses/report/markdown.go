package report

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

// Query is a starting query for analysts: a compiled dbt analysis in the report's sql/ folder.
type Query struct {
	File  string // e.g. "sql/starlink_forecast_scenarios.sql", relative to the report
	Title string // the file's first comment line
}

// Paths of the report's files, relative to the report's folder.
const (
	ReportFile = "starlink-forecast.md"
	QueriesDir = "sql"
)

// Inputs are what the report shows beside the marts: the forecast's dbt vars (LoadVars), the
// seed of scenario axes if there is one (LoadSeed), the starting queries (ReadQueries).
type Inputs struct {
	Vars    []Var
	Seed    *Seed
	Queries []Query
}

// Markdown renders the report.
func Markdown(d Data, in Inputs) ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	v := newView(d, in)
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
	Target, AsOf, AsOfMonth, Horizon, InOrbitAtAsOf, Paths string
	DataSources                                            string
	WithCatalogue                                          bool
	Headline                                               scenarioView
	Scenarios                                              []scenarioView
	HeadlineMethod                                         string // the backtest method the headline uses, in words
	HeadlineScores                                         string // its error and coverage at each horizon
	Backtest                                               []backtestRow
	BacktestOrigins                                        string // "12 origins, 2020-01 to 2025-06"
	RequirementLifetimes                                   []string
	Requirements                                           []requirementRow
	Charts                                                 map[string]string
	Vars                                                   []varRow
	Seed                                                   *Seed
	SeedFile                                               string
	Queries                                                []Query
}

type scenarioView struct {
	Name, Label, Description, Answer string
	IsHeadline, IsNaive              bool
	ReachP10, ReachP50, ReachP90     string
	NeverReached                     string
	Launches, LaunchesP50            string
	By2030, By2035, By2040           string
}

type backtestRow struct {
	Method, Horizon, Origins, Error, Coverage string
	IsHeadline                                bool
}

type requirementRow struct {
	SatellitesPerLaunch string
	Cells               []string // one per lifetime
}

func newView(d Data, in Inputs) view {
	h := d.Headline()
	v := view{
		Target:        formatInt(h.Target),
		AsOf:          formatDate(h.AsOf),
		AsOfMonth:     formatMonth(h.AsOf),
		Horizon:       formatDate(h.Horizon),
		InOrbitAtAsOf: formatInt(h.InOrbitAtAsOf),
		Paths:         formatInt(h.SimulatedPaths),
		DataSources:   dataSources(h.DataSources),
		WithCatalogue: h.DataSources != "spacex_api",
		Vars:          varRows(in.Vars),
		Queries:       in.Queries,
		Charts: map[string]string{
			"fan": FanChartStem, "cadence": CadenceChartStem, "launches": LaunchesChartStem, "backtest": BacktestChartStem,
		},
	}
	if in.Seed != nil {
		v.SeedFile = "dbt/seeds/" + path.Base(in.Seed.Path)
		v.Seed = seedAxes(in.Seed)
	}
	for _, f := range d.Forecasts {
		s := scenarioView{
			Name: f.Name, Label: f.Label, Description: f.Description, Answer: f.Answer,
			IsHeadline: f.IsHeadline, IsNaive: f.IsNaive,
			ReachP10:     formatMonthOr(f.ReachP10, "not by the horizon"),
			ReachP50:     formatMonthOr(f.ReachP50, "not by the horizon"),
			ReachP90:     formatMonthOr(f.ReachP90, "not by the horizon"),
			NeverReached: formatPercent(f.ShareNeverReached),
			Launches:     formatRange(f.LaunchesP10, f.LaunchesP90),
			LaunchesP50:  formatIntOr(f.LaunchesP50, "–"),
			By2030:       formatPercent(f.ProbBy2030),
			By2035:       formatPercent(f.ProbBy2035),
			By2040:       formatPercent(f.ProbBy2040),
		}
		if f.IsHeadline {
			v.Headline = s
		}
		v.Scenarios = append(v.Scenarios, s)
	}

	// The backtest, the headline method first.
	horizons := d.Horizons()
	for _, m := range d.Methods() {
		for _, hm := range horizons {
			i := slices.IndexFunc(d.BacktestSummary, func(s BacktestScore) bool { return s.Method == m && s.HorizonMonths == hm })
			if i < 0 {
				continue
			}
			s := d.BacktestSummary[i]
			v.Backtest = append(v.Backtest, backtestRow{
				Method: methodName(m), Horizon: strconv.Itoa(hm) + " months", Origins: strconv.Itoa(s.Origins),
				Error: formatPercent1(s.MeanAbsPctError), Coverage: formatPercent(s.Coverage), IsHeadline: s.IsHeadlineMethod,
			})
			if s.IsHeadlineMethod {
				v.HeadlineMethod = methodName(m)
				if v.HeadlineScores != "" {
					v.HeadlineScores += ", "
				}
				v.HeadlineScores += fmt.Sprintf("%s off at %d months with %s covered", formatPercent1(s.MeanAbsPctError), hm, formatPercent(s.Coverage))
			}
		}
	}
	if len(d.Backtest) > 0 {
		first, last := d.Backtest[0].Origin, d.Backtest[0].Origin
		origins := map[string]bool{}
		for _, b := range d.Backtest {
			origins[formatDate(b.Origin)] = true
			if b.Origin.Before(first) {
				first = b.Origin
			}
			if b.Origin.After(last) {
				last = b.Origin
			}
		}
		v.BacktestOrigins = fmt.Sprintf("%d origins from %s to %s", len(origins), formatMonth(first), formatMonth(last))
	}

	// The requirements: satellites per launch down, lifetime across.
	for _, r := range d.Requirements {
		if l := strconv.Itoa(r.LifetimeYears); !slices.Contains(v.RequirementLifetimes, l) {
			v.RequirementLifetimes = append(v.RequirementLifetimes, l)
		}
	}
	slices.SortFunc(v.RequirementLifetimes, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	var perLaunch []int
	for _, r := range d.Requirements {
		if !slices.Contains(perLaunch, r.SatellitesPerLaunch) {
			perLaunch = append(perLaunch, r.SatellitesPerLaunch)
		}
	}
	slices.Sort(perLaunch)
	for _, s := range perLaunch {
		row := requirementRow{SatellitesPerLaunch: strconv.Itoa(s)}
		for _, l := range v.RequirementLifetimes {
			value := "–"
			for _, r := range d.Requirements {
				if r.SatellitesPerLaunch == s && strconv.Itoa(r.LifetimeYears) == l {
					value = formatFloat(r.LaunchesPerMonthNeeded, 1) + " (" + formatFloat(r.LaunchesPerYearNeeded, 0) + "/year)"
				}
			}
			row.Cells = append(row.Cells, value)
		}
		v.Requirements = append(v.Requirements, row)
	}
	return v
}

// seedAxes is the seed without the columns the scenarios table already shows from the mart
// (label, description).
func seedAxes(s *Seed) *Seed {
	shown := map[string]bool{"scenario_label": true, "scenario_description": true}
	var keep []int
	for i, h := range s.Header {
		if !shown[h] {
			keep = append(keep, i)
		}
	}
	out := &Seed{Path: s.Path}
	for _, i := range keep {
		out.Header = append(out.Header, s.Header[i])
	}
	for _, row := range s.Rows {
		var r []string
		for _, i := range keep {
			if i < len(row) {
				r = append(r, row[i])
			}
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

// varRow is one row of the vars table: a var, or a group of consecutive vars under one comment.
type varRow struct {
	Names, Defaults []string
	Effect          string
}

func varRows(vars []Var) []varRow {
	var rows []varRow
	for _, v := range vars {
		if n := len(rows); n > 0 && rows[n-1].Effect == v.Effect {
			rows[n-1].Names, rows[n-1].Defaults = append(rows[n-1].Names, v.Name), append(rows[n-1].Defaults, v.Default)
			continue
		}
		rows = append(rows, varRow{Names: []string{v.Name}, Defaults: []string{v.Default}, Effect: v.Effect})
	}
	return rows
}

// cell makes a value safe inside a Markdown table cell.
func cell(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "|", `\|`)), " ")
}

var reportTemplate = template.Must(template.New(ReportFile).Funcs(template.FuncMap{"cell": cell}).Parse(`# When will {{.Target}} Starlink satellites be in orbit, and how many launches will it take?

<!-- Written by analyses/cmd/report (` + "`just report`" + `, and at the end of ` + "`just pipeline`" + `) from the
marts in schema analytics. Do not edit by hand: change the models or the vars and re-run. -->

As of **{{.AsOf}}** (the latest event in the data, not today's date), **{{.InOrbitAtAsOf}}**
Starlink satellites were in orbit. Made from **{{.DataSources}}**. Each scenario simulates
{{.Paths}} paths month by month to {{.Horizon}}; the ranges below are P10–P90 across those
paths.

## The answer

> **{{.Headline.Answer}}**

{{if .HeadlineMethod}}The headline scenario is the one whose method had the best backtest among the methods allowed as headline (var starlink_headline_methods; the naive line is scored but never the headline) ({{.HeadlineMethod}}: {{.HeadlineScores}}; see [Backtest](#backtest)).{{end}}

Every scenario, in its own words:

{{range .Scenarios}}- {{.Answer}}{{if .IsNaive}} *(naive: for comparison with earlier answers)*{{end}}
{{end}}
| scenario | {{.Target}} in orbit: P10 | median | P90 | not by {{.Horizon}} | launches needed (P10–P90) | median launches | by 2030 | by 2035 | by 2040 |
|---|---|---|---|---:|---:|---:|---:|---:|---:|
{{range .Scenarios}}| {{if .IsHeadline}}**{{.Label}}** (headline){{else}}{{.Label}}{{end}} | {{.ReachP10}} | {{.ReachP50}} | {{.ReachP90}} | {{.NeverReached}} | {{.Launches}} | {{.LaunchesP50}} | {{.By2030}} | {{.By2035}} | {{.By2040}} |
{{end}}
Months are the month in which the target is first reached at that percentile of the paths; the
launches are those from the as-of date up to it; "by 2030" is the share of paths that reach the
target by the end of that year.

![Fan chart: Starlink satellites in orbit, observed to {{.AsOfMonth}}, then the {{.Headline.Label}} scenario's median and P10–P90 band, the other scenarios' medians and the {{.Target}} target]({{index .Charts "fan"}}.png)

*Satellites in orbit per month: observed (black) to the as-of date, then the
{{.Headline.Label}} scenario's median path (blue) and the band holding 80% of its paths
(P10–P90); the other scenarios' medians are dashed, the naive one dotted. On the target line,
the bar spans the months from P10 to P90 in which the headline reaches it. Also as
[SVG]({{index .Charts "fan"}}.svg); every month to the horizon is in
` + "`analytics.fct_starlink_forecast_monthly`" + `.*

## Launch cadence

![Starlink launches per month: every observed month, and the fitted cadence with its P10–P90 band]({{index .Charts "cadence"}}.png)

*Launches carrying Starlink satellites per calendar month (grey bars), every month the data
holds launches for (the SpaceX API lists launches after its satellite data ends), and the
cadence fitted by the growth model (blue) with its P10–P90 band, continued as the simulation
draws it. Also as [SVG]({{index .Charts "cadence"}}.svg).*

![Every Starlink launch: satellites deployed per launch]({{index .Charts "launches"}}.png)

*Every launch that carried Starlink satellites, by the satellites it deployed: the drop from
about 60 to about 20–30 per launch is the change of satellite generation the forecast's
satellites-per-launch driver follows. Also as [SVG]({{index .Charts "launches"}}.svg).*

## Backtest

The forecast was re-run as of {{.BacktestOrigins}}, each time with only what was known at
that origin, and scored on the satellites in orbit 6, 12 and 24 months later: the mean
absolute error of the median, and the coverage (the share of origins where the actual count
fell inside P10–P90; 80% is calibrated).

| method | horizon | origins | mean absolute error | coverage (P10–P90) |
|---|---|---:|---:|---:|
{{range .Backtest}}| {{if .IsHeadline}}**{{.Method}}** (headline){{else}}{{.Method}}{{end}} | {{.Horizon}} | {{.Origins}} | {{.Error}} | {{.Coverage}} |
{{end}}
![Backtest: each method's forecast against the count then in orbit, per origin and horizon]({{index .Charts "backtest"}}.png)

*One panel per horizon; each point is one origin's median forecast, as its error against the
count actually in orbit at the horizon, with the P10–P90 range as a bar (a bar crossing zero
covered the actual count). Errors beyond the axis are drawn at its edge. Also as
[SVG]({{index .Charts "backtest"}}.svg); every origin is in ` + "`analytics.fct_starlink_forecast_backtest`" + `.*

## Launches needed to hold {{.Target}} in orbit

At steady state, holding N satellites in orbit that each last L years takes N / (12 · s · L)
launches a month of s satellites each, whatever the path there:

| satellites per launch |{{range .RequirementLifetimes}} lifetime {{.}} years |{{end}}
|---:|{{range .RequirementLifetimes}}---:|{{end}}
{{range .Requirements}}| {{.SatellitesPerLaunch}} |{{range .Cells}} {{.}} |{{end}}
{{end}}
## Scenarios and assumptions

| scenario | what it assumes |
|---|---|
{{range .Scenarios}}| {{if .IsHeadline}}**{{.Label}}** (headline){{else}}{{.Label}}{{end}} (` + "`{{.Name}}`" + `{{if .IsNaive}}, naive{{end}}) | {{cell .Description}} |
{{end}}
{{if .Seed}}The scenarios' axes are the seed ` + "`{{.SeedFile}}`" + ` (labels and descriptions as above):

|{{range .Seed.Header}} ` + "`{{.}}`" + ` |{{end}}
|{{range .Seed.Header}}---|{{end}}
{{range .Seed.Rows}}|{{range .}} {{cell .}} |{{end}}
{{end}}{{end}}
The forecast's assumptions are dbt vars, with their defaults in ` + "`dbt/dbt_project.yml`" + `:

| var | what it does | default |
|---|---|---|
{{range .Vars}}|{{range $i, $n := .Names}}{{if $i}}<br>{{end}} ` + "`{{$n}}`" + `{{end}} | {{cell .Effect}} |{{range $i, $d := .Defaults}}{{if $i}}<br>{{end}} ` + "`{{cell $d}}`" + `{{end}} |
{{end}}
## What the data cannot tell

{{if .WithCatalogue}}- **The last weeks are a lower bound.** Space-Track catalogues new satellites days to weeks
  after their launch, so launches in the weeks before {{.AsOf}} may be missing or incomplete.
- **Two sources, one history.** Satellites come from the catalogue first and from the SpaceX
  API where the catalogue lacks them; launches are grouped by their international designator.
{{else}}- **It stops on {{.AsOf}}.** The SpaceX API has been frozen since late 2022 and its satellite
  data was last refreshed on the as-of date; everything after it is projection. Add
  Space-Track's catalogue (a free account, see the README) for a fresher answer.
{{end}}- **Only the past is extrapolated.** The cadence's growth, satellites per launch and the
  lifetime curve are fitted to what has happened; new rockets, changes of plans and of
  regulation enter only through the scenarios.
- **Ranges are the model's, not the world's.** P10–P90 spans the simulated paths; the backtest
  shows how often such ranges held in the past.
- **The target is a filing, not a plan.** {{.Target}} is the size of the constellation SpaceX has
  filed for; it carries no dates.

## Change an assumption and re-run

To change an assumption for good, edit its default in ` + "`dbt/dbt_project.yml`" + ` and run
` + "`just pipeline`" + `: it rebuilds the marts and rewrites this report and its charts. To try a value once:

` + "```sh" + `
just forecast '{starlink_target_satellites: 30000}'   # dbt build of the forecast with --vars, then just report
just report                                          # only rewrite this report from the marts
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

package report

import (
	"bytes"
	"fmt"
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

// Inputs are what the report shows beside the marts: the dbt vars of the requirements table
// (LoadVars) and the starting queries (ReadQueries).
type Inputs struct {
	Vars    []Var
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
	Run                                                    runStamp
	Headline                                               scenarioView
	Scenarios                                              []scenarioView
	Nowcast                                                string
	Authorised                                             []authorisedRow
	Backtest                                               []backtestRow
	BacktestOrigins                                        string // "12 origins, Jun 2020 to Dec 2024"
	MinHistory                                             string // assumption backtest_min_history_months
	Assumptions                                            []assumptionRow
	Estimates                                              []estimateRow
	RequirementLifetimes                                   []string
	Requirements                                           []requirementRow
	Runs                                                   []runRow
	RunsShown, RunsTotal                                   int
	Ledger                                                 []ledgerRow
	LedgerMovement                                         string // settling or drifting, in words
	Charts                                                 map[string]string
	Vars                                                   []varRow
	Queries                                                []Query
	SourcesLine                                            string     // the as-of date and the sources in words
	Shells                                                 shellsView // where the satellites are (shells.go)
}

// runStamp is what every result of the report is stamped with.
type runStamp struct {
	ID, Commit, Hash, Engine, Seed, Overridden string
}

type scenarioView struct {
	Name, Label, Description, ConditionalOn, Answer string
	IsHeadline, IsNaive                             bool
	ReachP10, ReachP50, ReachP90                    string
	NeverReached                                    string
	Launches, LaunchesP50                           string
	By2030, By2035, By2040                          string
	AtHorizon                                       string
}

type authorisedRow struct {
	Scenario, Authorisation, Total, Share, Month string
}

type backtestRow struct {
	Target, Horizon, Method, Origins, CRPS, Interval, Coverage, Error, AbsError string
}

type assumptionRow struct {
	Name, Value, Default, Unit, Source, Description string
	IsOverridden                                    bool
}

type estimateRow struct {
	Name, Value, Range, Unit, Description string
}

type runRow struct {
	ID, Finished, AsOf, Sources, Commit, Hash, Overridden, Reach, Launches string
	IsLatest                                                               bool
}

// ledgerRow is one point of how the answer moved.
type ledgerRow struct {
	AsOf, Point, InOrbit, ReachP10, ReachP50, ReachP90, Never, LaunchesP50, By2035, Widened string
	IsCurrent                                                                               bool
}

type requirementRow struct {
	SatellitesPerLaunch string
	Cells               []string // one per lifetime
}

// maxRuns is how many runs of the ledger the report lists (newest first).
const maxRuns = 20

func newView(d Data, in Inputs) view {
	h := d.Headline()
	v := view{
		Target:        formatInt(h.Target),
		AsOf:          formatDate(h.AsOf),
		AsOfMonth:     formatMonth(h.AsOf),
		Horizon:       formatMonth(h.Horizon),
		InOrbitAtAsOf: formatInt(h.InOrbitAtAsOf),
		Paths:         formatInt(h.Paths),
		DataSources:   dataSources(h.DataSources),
		WithCatalogue: h.DataSources != "spacex_api",
		Run: runStamp{
			ID: strconv.FormatInt(h.RunID, 10), Commit: stringOr(h.GitCommit, "unknown"), Hash: h.AssumptionsHash,
			Engine: h.EngineVersion, Seed: strconv.FormatInt(h.Seed, 10), Overridden: stringOr(h.OverriddenAssumptions, "none"),
		},
		Vars:        varRows(withoutVar(in.Vars, shellsVar)), // the requirements table's; the shells section names its own
		Queries:     in.Queries,
		SourcesLine: d.SourcesLine(),
		Shells:      newShellsView(d),
		Charts: map[string]string{
			"fan": FanChartStem, "launchesFan": LaunchesFanStem, "cadence": CadenceChartStem, "launches": LaunchesChartStem, "backtest": BacktestChartStem,
			"ledger": LedgerChartStem,
		},
	}
	labels := map[string]string{}
	for _, f := range d.Forecasts {
		labels[f.Name] = f.Label
		s := scenarioView{
			Name: f.Name, Label: f.Label, Description: f.Description, ConditionalOn: f.ConditionalOn, Answer: f.Answer,
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
			AtHorizon:    formatInt(f.InOrbitAtHorizonP10) + "–" + formatInt(f.InOrbitAtHorizonP90),
		}
		if f.IsHeadline {
			v.Headline = s
		}
		v.Scenarios = append(v.Scenarios, s)
	}
	v.Nowcast = fmt.Sprintf("%s launches with %s satellites", formatInt(h.NowcastLaunches), formatInt(h.NowcastSatellites))

	// Authorised totals in the scenarios' order (the headline first), then by total.
	authorised := slices.Clone(d.Authorised)
	order := func(name string) int {
		return slices.IndexFunc(d.Forecasts, func(f Forecast) bool { return f.Name == name })
	}
	slices.SortStableFunc(authorised, func(a, b Authorised) int { return order(a.Scenario) - order(b.Scenario) })
	for _, a := range authorised {
		v.Authorised = append(v.Authorised, authorisedRow{
			Scenario: labels[a.Scenario], Authorisation: a.Authorisation, Total: formatInt(a.Total),
			Share: formatPercent(a.ShareExceeded), Month: formatMonthOr(a.ExceededMonthP50, "–"),
		})
	}

	// The backtest's scores: by target and horizon in the engine's order, methods in theirs.
	scores := slices.Clone(d.BacktestSummary)
	slices.SortStableFunc(scores, func(a, b BacktestScore) int {
		if c := compareByOrder(targetOrder, a.Target, b.Target); c != 0 {
			return c
		}
		if a.HorizonMonths != b.HorizonMonths {
			return a.HorizonMonths - b.HorizonMonths
		}
		if a.Threshold != b.Threshold {
			return int(a.Threshold - b.Threshold)
		}
		return compareByOrder(methodOrder, a.Method, b.Method)
	})
	for _, s := range scores {
		title, unit := panelTitle(Panel{Target: s.Target, HorizonMonths: s.HorizonMonths})
		if s.Target == "threshold_crossing" {
			title = "first crossing of " + formatInt(s.Threshold) + " in orbit"
		}
		v.Backtest = append(v.Backtest, backtestRow{
			Target: title + " (" + unit + ")", Method: methodName(s.Method), Origins: strconv.Itoa(s.Origins),
			CRPS: formatScore(s.MeanCRPS), Interval: formatScore(s.MeanInterval), Coverage: formatPercent(s.Coverage),
			Error: formatSigned(s.MeanErrorP50), AbsError: formatScore(s.MeanAbsErrorP50),
		})
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
		v.BacktestOrigins = fmt.Sprintf("%s from %s to %s", plural(len(origins), "origin", "origins"), formatMonth(first), formatMonth(last))
	}

	for _, a := range d.Assumptions {
		if a.Name == "backtest_min_history_months" {
			v.MinHistory = a.Value
		}
		v.Assumptions = append(v.Assumptions, assumptionRow{Name: a.Name, Value: a.Value, Default: a.Default, Unit: a.Unit,
			Source: a.Source, Description: a.Description, IsOverridden: a.IsOverridden})
	}
	for _, e := range d.Estimates {
		r := estimateRow{Name: e.Name, Value: formatScore(e.Value), Range: "–", Unit: e.Unit, Description: e.Description}
		if e.P10 != nil && e.P90 != nil {
			r.Range = formatScore(*e.P10) + "–" + formatScore(*e.P90)
		}
		v.Estimates = append(v.Estimates, r)
	}
	v.RunsTotal = len(d.Runs)
	for i, r := range d.Runs {
		if i == maxRuns {
			break
		}
		row := runRow{
			ID: strconv.FormatInt(r.RunID, 10), Finished: r.FinishedAt.UTC().Format("2006-01-02 15:04"), AsOf: formatDate(r.AsOf),
			Sources: r.DataSources, Commit: shortCommit(r.GitCommit), Hash: shortHash(r.AssumptionsHash),
			Overridden: stringOr(r.OverriddenAssumptions, "–"), IsLatest: r.IsLatest,
			Reach:    formatMonthOr(r.ReachP10, "not reached") + " – " + formatMonthOr(r.ReachP90, "not reached") + " (median " + formatMonthOr(r.ReachP50, "not reached") + ")",
			Launches: formatRange(r.LaunchesP10, r.LaunchesP90),
		}
		v.Runs = append(v.Runs, row)
	}
	v.RunsShown = len(v.Runs)
	v.Ledger, v.LedgerMovement = ledgerView(d)

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

// ledgerView is every point of the ledger, oldest first, and its movement in words.
func ledgerView(d Data) ([]ledgerRow, string) {
	h := d.Headline()
	var rows []ledgerRow
	for _, p := range d.Ledger {
		point := "backtest origin"
		if p.Kind == pointRun {
			point = "run " + strconv.FormatInt(p.RunID, 10)
			if p.AssumptionsHash != h.AssumptionsHash {
				point += " (other assumptions)"
			}
		}
		rows = append(rows, ledgerRow{
			AsOf: formatDate(p.AsOf), Point: point, InOrbit: formatInt(p.InOrbit), IsCurrent: p.IsCurrent,
			ReachP10: formatMonthOr(p.ReachP10, "not reached"), ReachP50: formatMonthOr(p.ReachP50, "not reached"),
			ReachP90: formatMonthOr(p.ReachP90, "not reached"), Never: formatPercent(p.ShareNeverReached),
			LaunchesP50: formatIntOr(p.LaunchesP50, "–"), By2035: formatPercent(p.ProbBy2035), Widened: "–",
		})
		if p.CalibrationFactor != nil && p.ReachP50 != nil && *p.CalibrationFactor > 1 {
			rows[len(rows)-1].Widened = "×" + formatFloat(*p.CalibrationFactor, 2)
		}
	}
	m, ok := answerMovement(d)
	if !ok {
		return rows, "Too few points with the current assumptions to say whether the answer is settling or drifting."
	}
	return rows, m.sentence(formatInt(h.Target), formatMonth(h.Horizon))
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
marts in schema analytics. Do not edit by hand: change the engine's assumptions or the models and re-run. -->

As of **{{.AsOf}}** (the latest event in the data, not today's date), **{{.InOrbitAtAsOf}}**
Starlink satellites were in orbit. {{.SourcesLine}}

Every result below is stamped with the forecast engine's run {{.Run.ID}}: **data as of {{.AsOf}}**,
**commit ` + "`{{.Run.Commit}}`" + `**, **assumptions ` + "`{{.Run.Hash}}`" + `** (overridden: {{.Run.Overridden}}; see
[Assumptions](#assumptions)), engine ` + "`{{.Run.Engine}}`" + `, {{.Paths}} simulated paths per scenario to
{{.Horizon}}, seed {{.Run.Seed}}. Ranges are P10–P90 across those paths.

## The answer

> **{{.Headline.Answer}}**

It depends on the rockets. Each scenario, in its own words (the headline first):

{{range .Scenarios}}- {{.Answer}}{{if .IsNaive}} *(naive: for comparison with earlier answers, not a plausible future)*{{end}}
{{end}}
| scenario | conditional on | {{.Target}} in orbit: P10 | median | P90 | not by {{.Horizon}} | launches needed (P10–P90) | median launches | by 2030 | by 2035 | by 2040 | in orbit at the horizon (P10–P90) |
|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|
{{range .Scenarios}}| {{if .IsHeadline}}**{{.Label}}** (headline){{else}}{{.Label}}{{end}} | {{cell .ConditionalOn}} | {{.ReachP10}} | {{.ReachP50}} | {{.ReachP90}} | {{.NeverReached}} | {{.Launches}} | {{.LaunchesP50}} | {{.By2030}} | {{.By2035}} | {{.By2040}} | {{.AtHorizon}} |
{{end}}
Months are the month in which the target is first reached at that percentile of the paths; the
launches (all vehicles) are those from the as-of date up to it; "by 2030" is the share of paths
that reach the target by the end of that year. The catalogue lists launches days to weeks late:
the engine adds {{.Nowcast}} (median) between the last catalogued launch and the as-of date.

![Fan chart: Starlink satellites in orbit, observed to {{.AsOfMonth}}, then each scenario's median and P10–P90 band, and the {{.Target}} target]({{index .Charts "fan"}}.png)

*Satellites in orbit per month: observed (black) to the as-of date, then each scenario's median
path and the band holding 80% of its paths (P10–P90); the naive line is dotted. On the target
line, the bar spans the months from P10 to P90 in which the headline reaches it. Also as
[SVG]({{index .Charts "fan"}}.svg); every month to the horizon is in
` + "`analytics.fct_starlink_forecast_monthly`" + `.*

![Fan chart: Starlink launches from the as-of date, cumulative, each scenario's median and P10–P90 band]({{index .Charts "launchesFan"}}.png)

*Launches (all vehicles) from the as-of date, cumulative: each scenario's median and P10–P90
band; the dot marks the headline's median launches when it reaches the target. Also as
[SVG]({{index .Charts "launchesFan"}}.svg).*

## Authorised totals
{{if .Authorised}}
How {{.Target}} relates to what is authorised: the share of each scenario's paths whose count in
orbit exceeds an authorised total by the horizon, and the month by which half of them do.

| scenario | authorisation | total | paths exceeding it | month (median) |
|---|---|---:|---:|---|
{{range .Authorised}}| {{.Scenario}} | {{cell .Authorisation}} | {{.Total}} | {{.Share}} | {{.Month}} |
{{end}}{{else}}
The run compared no authorised totals.
{{end}}
{{template "shells" .Shells}}
## Launch cadence

![Starlink launches per month: every observed month, then the headline's median launches per vehicle]({{index .Charts "cadence"}}.png)

*Launches carrying Starlink satellites per calendar month (grey bars), every month the data
holds launches for (the SpaceX API lists launches after its satellite data ends), then the
{{.Headline.Label}} scenario's median launches per month of each vehicle as the engine
projects them. Also as [SVG]({{index .Charts "cadence"}}.svg).*

![Every Starlink launch: satellites deployed per launch]({{index .Charts "launches"}}.png)

*Every launch that carried Starlink satellites, by the satellites it deployed: the drop from
about 60 to about 20–30 per launch is the change of satellite generation. Also as
[SVG]({{index .Charts "launches"}}.svg).*

## Backtest
{{if .Backtest}}
The engine was re-run as of {{.BacktestOrigins}}, each time with only what was known at that
origin, and scored on what then happened: satellites in orbit 6, 12 and 24 months later,
launches and satellites per launch in the next 12 months, the 12-month losses of the fleet
existing at the origin, and the month the constellation first crossed thresholds it later
reached. CRPS and the interval score are proper scores (lower is better, in the target's unit);
coverage is the share of origins whose actual fell inside P10–P90 (80% is calibrated); the
mean error of the median shows its bias (positive: too high, or too late).

| target | method | origins | mean CRPS | mean interval score | coverage (P10–P90) | mean error of P50 | mean absolute error of P50 |
|---|---|---:|---:|---:|---:|---:|---:|
{{range .Backtest}}| {{.Target}} | {{.Method}} | {{.Origins}} | {{.CRPS}} | {{.Interval}} | {{.Coverage}} | {{.Error}} | {{.AbsError}} |
{{end}}
![Backtest: each origin's forecast against what happened, per target and method]({{index .Charts "backtest"}}.png)

*One panel per target; each point is one origin's median forecast as its error against what
happened, with the P10–P90 range as a bar (a bar crossing zero covered it). Also as
[SVG]({{index .Charts "backtest"}}.svg); every origin is in ` + "`analytics.fct_starlink_forecast_backtest`" + `.*
{{else}}
**Nothing could be backtested:** no origin before {{.AsOf}} had the history the engine asks of
one{{if .MinHistory}} ({{.MinHistory}} months of launches, assumption ` + "`backtest_min_history_months`" + `){{end}}
and a known outcome after it. These ranges have not been checked against what happened.
{{end}}
## What the engine estimated
{{if .Estimates}}
Fitted on the history up to {{.AsOf}} (` + "`analytics.fct_starlink_forecast_estimates`" + `):

| estimate | value | P10–P90 | unit | what it is |
|---|---:|---:|---|---|
{{range .Estimates}}| ` + "`{{.Name}}`" + ` | {{.Value}} | {{.Range}} | {{cell .Unit}} | {{cell .Description}} |
{{end}}{{else}}
The run reported no estimates.
{{end}}
## Assumptions

The assumptions of run {{.Run.ID}} (hash ` + "`{{.Run.Hash}}`" + `), from
` + "`analytics.dim_starlink_forecast_assumptions`" + `; the defaults are in ` + "`forecast/assumptions.yaml`" + `, an
overridden value is in bold.

| assumption | value | default | unit | source | what it means |
|---|---|---|---|---|---|
{{range .Assumptions}}| ` + "`{{.Name}}`" + ` | {{if .IsOverridden}}**{{cell .Value}}**{{else}}{{cell .Value}}{{end}} | {{cell .Default}} | {{cell .Unit}} | {{cell .Source}} | {{cell .Description}} |
{{end}}
## Launches needed to hold {{.Target}} in orbit

At steady state, holding N satellites in orbit that each last L years takes N / (12 · s · L)
launches a month of s satellites each, whatever the path there:

| satellites per launch |{{range .RequirementLifetimes}} lifetime {{.}} years |{{end}}
|---:|{{range .RequirementLifetimes}}---:|{{end}}
{{range .Requirements}}| {{.SatellitesPerLaunch}} |{{range .Cells}} {{.}} |{{end}}
{{end}}
{{if .Vars}}The table's dbt vars, with their defaults in ` + "`dbt/dbt_project.yml`" + `:

| var | what it does | default |
|---|---|---|
{{range .Vars}}|{{range $i, $n := .Names}}{{if $i}}<br>{{end}} ` + "`{{$n}}`" + `{{end}} | {{cell .Effect}} |{{range $i, $d := .Defaults}}{{if $i}}<br>{{end}} ` + "`{{cell $d}}`" + `{{end}} |
{{end}}{{end}}
## How the answer moved

![How the answer moved: the headline's month of reaching {{.Target}}, P10–P90 and median, and its share of paths not reaching it, by as-of date]({{index .Charts "ledger"}}.png)

*The headline as it would have been answered at each backtest origin (dots: the engine on the
data known then only, with this run's assumptions, so only the data moves it) and at each run
(squares): the month in which {{.Target}} is first reached (P10–P90 band and median; a
percentile not reached by {{.Horizon}} is drawn above the horizon's line) and the share of paths
not reaching it by then. When the median is reached, P10 and P90 are widened around it by the
backtest's threshold-crossing factor known at that point (column "widened"), as every run
widens its own: a factor learnt on crossings months ahead, stretched over a decade, can pull
P10 far earlier. Also as [SVG]({{index .Charts "ledger"}}.svg); every point is in
` + "`analytics.fct_starlink_forecast_ledger`" + `.*

{{.LedgerMovement}}

| as of | point | in orbit | reaches {{.Target}}: P10 | median | P90 | widened | not by {{.Horizon}} | launches needed (median) | by 2035 |
|---|---|---:|---|---|---|---:|---:|---:|---:|
{{range .Ledger}}| {{.AsOf}} | {{if .IsCurrent}}**{{.Point}}** (this report){{else}}{{.Point}}{{end}} | {{.InOrbit}} | {{.ReachP10}} | {{.ReachP50}} | {{.ReachP90}} | {{.Widened}} | {{.Never}} | {{.LaunchesP50}} | {{.By2035}} |
{{end}}
Every run of the engine is kept (` + "`analytics.fct_starlink_forecast_runs`" + `){{if lt .RunsShown .RunsTotal}}; the {{.RunsShown}} newest of {{.RunsTotal}}{{end}}:

| run | finished (UTC) | data as of | sources | commit | assumptions | overridden | headline reaches {{.Target}} (P10 – P90) | launches needed (P10–P90) |
|---:|---|---|---|---|---|---|---|---:|
{{range .Runs}}| {{if .IsLatest}}**{{.ID}}** (this report){{else}}{{.ID}}{{end}} | {{.Finished}} | {{.AsOf}} | {{.Sources}} | ` + "`{{.Commit}}`" + ` | ` + "`{{.Hash}}`" + ` | {{cell .Overridden}} | {{.Reach}} | {{.Launches}} |
{{end}}
## What the data cannot tell

{{if .WithCatalogue}}- **The last weeks are a lower bound.** Space-Track catalogues new satellites days to weeks
  after their launch; the engine's nowcast adds the launches it expects there, not a count.
- **Two sources, one history.** Satellites come from the catalogue first and from the SpaceX
  API where the catalogue lacks them; launches are grouped by their international designator.
{{else}}- **It stops on {{.AsOf}}.** The SpaceX API has been frozen since late 2022 and its satellite
  data was last refreshed in 2021; everything after the as-of date is projection. Add
  Space-Track's catalogue (a free account, see the README) for a fresher answer.
{{end}}- **Conditional on the rockets.** Each scenario assumes what the rockets do (see "conditional
  on"); the assumptions' values and sources are above, and none of them is known in advance.
- **Ranges are the model's, not the world's.** P10–P90 spans the simulated paths; the backtest
  shows how often such ranges held in the past.
- **The target is a filing, not a plan.** {{.Target}} is the size of the constellation SpaceX has
  filed for; it carries no dates.

## Change an assumption and re-run

The defaults are in ` + "`forecast/assumptions.yaml`" + ` (name, value, unit, source); change one there and
run ` + "`just pipeline`" + `. To try values once, ` + "`just forecast`" + ` runs the engine with overrides, rebuilds
the forecast marts and rewrites this report:

` + "```sh" + `
just forecast-assumptions                                  # the assumptions and their names
just forecast 'starship_first_starlink_month_p50=2028-06'  # spacex-forecast run -set ..., dbt build --selector forecast, just report
` + "```" + `

The run is kept in the ledger above with its assumptions hash and what it overrode.

## Start your own analysis

The marts are in schema ` + "`analytics`" + ` (` + "`just psql-analyst`" + ` opens psql as the analyst's login).
{{if .Queries}}Starting queries, compiled by dbt from ` + "`dbt/analyses/`" + ` into plain SQL:

{{range .Queries}}- [` + "`{{.File}}`" + `]({{.File}}): {{.Title}}
{{end}}
Run one with, e.g., ` + "`just psql-analyst -f analyses/{{(index .Queries 0).File}}`" + `.{{end}} ` + "`just docs`" + ` serves the dbt
documentation on http://127.0.0.1:8580: every mart and column, their lineage, and this report
as the exposure ` + "`starlink_forecast_report`" + `.
` + shellsTemplate))

package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Where the satellites are and where the data comes from: the shells of the constellation
// (analytics.fct_starlink_shells_monthly) and the satellites each source supplied
// (analytics.dim_starlink_satellites).

// ShellMonth is one month × orbital shell of analytics.fct_starlink_shells_monthly.
type ShellMonth struct {
	Month                      time.Time // first day
	MonthEnd                   time.Time // the day the count is taken: the month's last, or the as-of date
	Shell                      string    // "53°", ..., "other 40°", "unknown"
	ShellOrder                 int
	InclinationMin             *float64 // null outside var starlink_shells
	InclinationMax             *float64
	InOrbit, Launched, Decayed int64
	SharePercent               *float64 // share_of_constellation in percent, rounded to 0.1 by Postgres; null when none in orbit
	MedianAltitudeKm           *float64 // at the as-of date; null when none in orbit or no orbit data
}

// SourceCount is one source of analytics.dim_starlink_satellites: how many satellites (ever
// launched) the unified history took from it. Each satellite comes from one source:
// Space-Track's catalogue first, then CelesTrak's for satellites Space-Track lacks, then the
// SpaceX API for satellites neither catalogue has.
type SourceCount struct {
	Source     string // spacetrack, celestrak, spacex_api
	Satellites int64
}

// shellsVar is the dbt var that defines the shells' inclination bands: the shells section
// names it, so the requirements table's vars leave it out.
const shellsVar = "starlink_shells"

const (
	shellsQuery = `
select month_start, month_end, shell, shell_order, inclination_min_deg::float8, inclination_max_deg::float8,
       satellites_in_orbit, satellites_launched, satellites_decayed,
       round(share_of_constellation * 100, 1)::float8, median_altitude_km_at_as_of_date::float8
  from analytics.fct_starlink_shells_monthly
 order by month_start, shell_order, shell`
	sourcesQuery = `
select source, count(*)
  from analytics.dim_starlink_satellites
 group by source
 order by source`
)

// loadShells reads the shells and the sources within Load's transaction.
func loadShells(ctx context.Context, tx pgx.Tx, d *Data) error {
	var err error
	if d.Shells, err = collect(ctx, tx, "fct_starlink_shells_monthly", shellsQuery, func(row pgx.CollectableRow) (ShellMonth, error) {
		var s ShellMonth
		err := row.Scan(&s.Month, &s.MonthEnd, &s.Shell, &s.ShellOrder, &s.InclinationMin, &s.InclinationMax,
			&s.InOrbit, &s.Launched, &s.Decayed, &s.SharePercent, &s.MedianAltitudeKm)
		return s, err
	}); err != nil {
		return err
	}
	d.Sources, err = collect(ctx, tx, "dim_starlink_satellites", sourcesQuery, func(row pgx.CollectableRow) (SourceCount, error) {
		var s SourceCount
		err := row.Scan(&s.Source, &s.Satellites)
		return s, err
	})
	return err
}

// validateShells checks what the shells chart, the shells table and the sources line rely on.
func (d Data) validateShells() error {
	if len(d.Shells) == 0 {
		return errors.New("analytics.fct_starlink_shells_monthly has no rows: run `just pipeline` first")
	}
	if len(d.Sources) == 0 {
		return errors.New("analytics.dim_starlink_satellites has no rows: run `just pipeline` first")
	}
	for _, s := range d.Sources {
		if sourceOrder(s.Source) == len(sourcesInOrder) {
			return fmt.Errorf("analytics.dim_starlink_satellites: unknown source %q (want one of %s)", s.Source, strings.Join(sourcesInOrder, ", "))
		}
	}
	seen := map[string]map[time.Time]bool{}
	for _, s := range d.Shells {
		if seen[s.Shell] == nil {
			seen[s.Shell] = map[time.Time]bool{}
		}
		if seen[s.Shell][s.Month] {
			return fmt.Errorf("analytics.fct_starlink_shells_monthly: shell %s has two rows for %s", s.Shell, formatMonth(s.Month))
		}
		seen[s.Shell][s.Month] = true
	}
	months := len(seen[d.Shells[0].Shell])
	for shell, m := range seen {
		if len(m) != months {
			return fmt.Errorf("analytics.fct_starlink_shells_monthly: shell %s has %d months, shell %s %d: every shell has a row every month", shell, len(m), d.Shells[0].Shell, months)
		}
	}
	return nil
}

// ShellNames lists the shells in the mart's order (shell_order, then name).
func (d Data) ShellNames() []string {
	type shell struct {
		name  string
		order int
	}
	var shells []shell
	for _, s := range d.Shells {
		if !slices.ContainsFunc(shells, func(x shell) bool { return x.name == s.Shell }) {
			shells = append(shells, shell{s.Shell, s.ShellOrder})
		}
	}
	slices.SortFunc(shells, func(a, b shell) int { return cmp.Or(a.order-b.order, strings.Compare(a.name, b.name)) })
	names := make([]string, len(shells))
	for i, s := range shells {
		names[i] = s.name
	}
	return names
}

// ShellsAtAsOf are the rows of the latest month (the as-of date's), in the mart's order.
func (d Data) ShellsAtAsOf() []ShellMonth {
	var last time.Time
	for _, s := range d.Shells {
		if s.Month.After(last) {
			last = s.Month
		}
	}
	var out []ShellMonth
	for _, s := range d.Shells {
		if s.Month.Equal(last) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b ShellMonth) int { return cmp.Or(a.ShellOrder-b.ShellOrder, strings.Compare(a.Shell, b.Shell)) })
	return out
}

// shellRow is one row of the report's shells table.
type shellRow struct {
	Shell, InOrbit, Share, Altitude, Band, Launched, Decayed string
}

// shellsView is what the report's shells section shows.
type shellsView struct {
	AsOf, Since   string // the count's day; the first month
	InOrbit       string // all shells
	Rows          []shellRow
	Chart         string
	BandsVar      string // the dbt var of the bands
	HasUnknown    bool   // some satellites have no orbit data
	HasOtherShell bool   // some satellites are in no band of the var
}

func newShellsView(d Data) shellsView {
	v := shellsView{Chart: ShellsChartStem, BandsVar: shellsVar, Since: formatMonth(d.Shells[0].Month)}
	launched, decayed := map[string]int64{}, map[string]int64{}
	for _, s := range d.Shells {
		launched[s.Shell] += s.Launched
		decayed[s.Shell] += s.Decayed
	}
	var total int64
	for _, s := range d.ShellsAtAsOf() {
		v.AsOf = formatDate(s.MonthEnd)
		total += s.InOrbit
		row := shellRow{
			Shell: s.Shell, InOrbit: formatInt(s.InOrbit), Share: "–", Altitude: "–", Band: "–",
			Launched: formatInt(launched[s.Shell]), Decayed: formatInt(decayed[s.Shell]),
		}
		switch {
		case s.SharePercent == nil:
		case *s.SharePercent == 0 && s.InOrbit > 0:
			row.Share = "<0.1%" // a few satellites never read as none
		default:
			row.Share = formatFloat(*s.SharePercent, 1) + "%"
		}
		if s.MedianAltitudeKm != nil {
			row.Altitude = formatFloat(*s.MedianAltitudeKm, 1)
		}
		if s.InclinationMin != nil && s.InclinationMax != nil {
			row.Band = strconv.FormatFloat(*s.InclinationMin, 'f', -1, 64) + "–" + strconv.FormatFloat(*s.InclinationMax, 'f', -1, 64) + "°"
		}
		switch {
		case s.Shell == "unknown":
			v.HasUnknown = true
		case s.InclinationMin == nil:
			v.HasOtherShell = true
		}
		v.Rows = append(v.Rows, row)
	}
	v.InOrbit = formatInt(total)
	return v
}

// sourcesInOrder are the history's sources in its order of precedence.
var sourcesInOrder = []string{"spacetrack", "celestrak", "spacex_api"}

func sourceOrder(s string) int {
	if i := slices.Index(sourcesInOrder, s); i >= 0 {
		return i
	}
	return len(sourcesInOrder)
}

// SourcesLine says in words the as-of date and which sources the answer comes from, with the
// satellites each supplied, e.g. "Data as of 18 Jun 2025: Space-Track's catalogue (8,848
// satellites), the SpaceX API (2 satellites the catalogue lacks, launches to Dec 2022)."
// dbt/scripts/print_answer.sql prints the same line (the e2e tests compare them).
func (d Data) SourcesLine() string {
	counts := map[string]int64{}
	for _, s := range d.Sources {
		counts[s.Source] += s.Satellites
	}
	var lastAPILaunch *time.Time
	for _, l := range d.Launches {
		if l.SpacexLaunchID != nil && (lastAPILaunch == nil || l.Date.After(*lastAPILaunch)) {
			lastAPILaunch = &l.Date
		}
	}
	satellites := func(n int64) string {
		if n == 1 {
			return "1 satellite"
		}
		return formatInt(n) + " satellites"
	}
	var parts []string
	if n, ok := counts["spacetrack"]; ok {
		parts = append(parts, "Space-Track's catalogue ("+satellites(n)+")")
	}
	if n, ok := counts["celestrak"]; ok {
		lacks := ""
		if _, ok := counts["spacetrack"]; ok {
			lacks = " Space-Track's lacks"
		}
		parts = append(parts, "CelesTrak's catalogue ("+satellites(n)+lacks+")")
	}
	var api []string
	if n, ok := counts["spacex_api"]; ok {
		_, st := counts["spacetrack"]
		_, ct := counts["celestrak"]
		switch {
		case st && ct:
			api = append(api, satellites(n)+" the catalogues lack")
		case st || ct:
			api = append(api, satellites(n)+" the catalogue lacks")
		default:
			api = append(api, satellites(n))
		}
	}
	if lastAPILaunch != nil {
		api = append(api, "launches to "+formatMonth(*lastAPILaunch))
	}
	if len(api) > 0 {
		parts = append(parts, "the SpaceX API ("+strings.Join(api, ", ")+")")
	}
	return "Data as of " + d.Headline().AsOf.Format("2 Jan 2006") + ": " + strings.Join(parts, ", ") + "."
}

// withoutVar leaves one var out of a list.
func withoutVar(vars []Var, name string) []Var {
	return slices.DeleteFunc(slices.Clone(vars), func(v Var) bool { return v.Name == name })
}

// shellsTemplate is the report's section on the shells (template "shells", over a shellsView).
const shellsTemplate = `{{define "shells"}}## Where the satellites are

![Starlink satellites in orbit per orbital shell, month by month, stacked]({{.Chart}}.png)

*Satellites in orbit at each month's end (at the as-of date in its month) per orbital shell,
stacked, so the top edge is the whole constellation. A shell is an inclination band (dbt var
` + "`{{.BandsVar}}`" + `); a satellite's shell is its catalogue inclination, which hardly changes over its
life. Also as [SVG]({{.Chart}}.svg); every month is in ` + "`analytics.fct_starlink_shells_monthly`" + `.*

The shells on {{.AsOf}} ({{.InOrbit}} satellites in orbit), with the satellites launched into
each and re-entered from it since {{.Since}}:

| shell | in orbit | share | median altitude (km) | inclination band | launched | re-entered |
|---|---:|---:|---:|---|---:|---:|
{{range .Rows}}| {{cell .Shell}} | {{.InOrbit}} | {{.Share}} | {{.Altitude}} | {{.Band}} | {{.Launched}} | {{.Decayed}} |
{{end}}
The median altitude is (apogee + perigee) / 2 at the catalogue's last update, over the shell's
satellites in orbit on {{.AsOf}}: satellites still raising their orbit after launch, or lowering
it before re-entry, pull it down.{{if .HasOtherShell}} "other NN°" holds the satellites outside every band,
by their inclination rounded to a degree.{{end}}{{if .HasUnknown}} "unknown" holds the satellites without
orbit data: those only the SpaceX API lists (it gives no orbit), or an object not yet given elements.{{end}}
{{end}}`

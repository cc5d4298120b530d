package explore

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// Control is one assumption as the page shows it: the catalogue's entry (value, unit, source,
// description), its kind and the range the page accepts. The page builds its controls from
// these (GET /api/controls), so an assumption added to assumptions.yaml appears without a
// change here: in its group when its name matches one, else in the advanced list.
type Control struct {
	Name        string `json:"name"`
	Default     string `json:"default"`
	Unit        string `json:"unit"`
	Source      string `json:"source"`
	Description string `json:"description"`
	// Kind is "month" (YYYY-MM), "int" or "number".
	Kind string `json:"kind"`
	// Group names the main control group, "" for the advanced list.
	Group string `json:"group,omitempty"`
	// Range: numbers in [Min, Max] (Step for a slider), months in [MinMonth, MaxMonth].
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Step     float64 `json:"step"`
	MinMonth string  `json:"min_month,omitempty"`
	MaxMonth string  `json:"max_month,omitempty"`
	// Fixed is why the page cannot change it ("" when it can).
	Fixed string `json:"fixed,omitempty"`
	// Note says something about this history that matters for the assumption (e.g. the data
	// identifies the de-orbit age, so the design life is not used).
	Note string `json:"note,omitempty"`
}

// group is a main control group: the assumptions whose names start with one of its prefixes,
// in the catalogue's order within the group.
type group struct {
	name     string
	prefixes []string
}

// groups are the page's main controls (the list: Starship's first operational Starlink
// month, each vehicle's cadence ceiling, satellites per launch, lifetime and de-orbit age,
// authorised totals, the target). A prefix covers a distribution's _p10/_p50/_p90 too.
var groups = []group{
	{"Target", []string{"target_satellites"}},
	{"Starship", []string{"starship_first_starlink_month", "starship_never_share", "starship_ceiling_launches_per_month",
		"starship_satellites_per_launch", "starship_ramp_months"}},
	{"Falcon 9", []string{"falcon9_ceiling_launches_per_month", "falcon9_max_satellites_per_launch", "falcon9_taper_after_starship"}},
	{"Lifetimes", []string{"deorbit_design_life_months", "deorbit_design_life_sd_months", "lifetime_uncertainty"}},
	{"Authorised totals", []string{"authorised_fcc_gen1_gen2", "itu_filings"}},
	{"Run", []string{"horizon_month", "paths", "seed"}},
}

func groupOf(name string) string {
	for _, g := range groups {
		for _, p := range g.prefixes {
			if name == p || strings.HasPrefix(name, p+"_p") {
				return g.name
			}
		}
	}
	return ""
}

// maxPaths caps paths per scenario on the page: each request must answer within a second.
const maxPaths = 2000

// lastMonth is the latest month any month assumption may name.
const lastMonth = "2060-12"

// numberRange is the accepted range of a numeric assumption.
type numberRange struct{ min, max, step float64 }

// numberRanges by name (a name also covers its _p10/_p50/_p90), then by unit. Sensible bounds
// for a what-if: wide enough for any argued view, narrow enough to refuse typos (a negative
// cadence, a share above 1, a million paths).
var (
	rangesByName = map[string]numberRange{
		"target_satellites":                    {1000, 200000, 1000},
		"paths":                                {10, maxPaths, 10},
		"seed":                                 {0, math.MaxInt32, 1},
		"falcon9_regime_window_months":         {1, 60, 1},
		"falcon9_standdown_prior_months":       {0, 240, 1},
		"falcon9_ceiling_launches_per_month":   {0, 40, 0.5},
		"falcon9_growth_fit_months":            {3, 120, 1},
		"falcon9_satellites_window_months":     {1, 36, 1},
		"falcon9_max_satellites_per_launch":    {1, 80, 1},
		"starship_ramp_months":                 {1, 240, 1},
		"starship_ceiling_launches_per_month":  {0.5, 60, 0.5},
		"starship_satellites_per_launch":       {1, 400, 5},
		"hazard_age_band_months":               {1, 24, 1},
		"hazard_min_exposure_satellite_months": {1, 100000, 50},
		"deorbit_fit_min_age_months":           {0, 120, 1},
		"deorbit_design_life_months":           {12, 240, 1},
		"deorbit_design_life_sd_months":        {1, 120, 1},
		"authorised_fcc_gen1":                  {0, 100000, 100},
		"authorised_fcc_gen1_gen2":             {0, 100000, 100},
		"itu_filings":                          {0, 100000, 1000},
	}
	rangesByUnit = map[string]numberRange{
		"fraction":          {0, 1, 0.01},
		"share of paths":    {0, 1, 0.01},
		"log sd":            {0, 2, 0.01},
		"launches/month":    {0, 60, 0.5},
		"satellites/launch": {1, 400, 1},
		"months":            {0, 600, 1},
		"satellites":        {0, 1000000, 100},
		"paths":             {1, maxPaths, 10},
	}
)

// fixedPrefixes are assumptions the page cannot change, and why.
var fixedPrefixes = map[string]string{
	"backtest_": "the page skips the backtest: its intervals are widened with the calibration factors of the full run made at start-up on the default assumptions; change it with `just forecast`",
}

// controls builds the page's controls from the catalogue. asOf is the data's as-of date: months
// of the forecast (the horizon, Starship's start) may not be before its month.
func controls(cat []forecast.AssumptionInfo, defaults forecast.Assumptions, asOf time.Time, estimates []forecast.Estimate) ([]Control, error) {
	asOfMonth := asOf.Format("2006-01")
	out := make([]Control, 0, len(cat))
	for _, info := range cat {
		def, ok := defaults.Get(info.Name)
		if !ok {
			return nil, fmt.Errorf("assumption %s is in the catalogue but not in forecast.Assumptions", info.Name)
		}
		c := Control{Name: info.Name, Default: def, Unit: info.Unit, Source: info.Source, Description: info.Description, Group: groupOf(info.Name)}
		for p, why := range fixedPrefixes {
			if strings.HasPrefix(info.Name, p) {
				c.Fixed = why
			}
		}
		c.Kind = kindOf(defaults, info.Name)
		switch c.Kind {
		case "text":
		case "month":
			c.MinMonth, c.MaxMonth = "2000-01", lastMonth
			switch {
			case info.Name == "horizon_month":
				// At least a year past the data, at most lastMonth.
				c.MinMonth = asOf.AddDate(1, 0, 0).Format("2006-01")
			case strings.HasPrefix(info.Name, "starship_"):
				c.MinMonth = asOfMonth
			case strings.HasPrefix(info.Name, "generation_"):
				c.MinMonth = "2018-01"
			}
			// A range never refuses the default (e.g. a Starship month the data has passed).
			c.MinMonth, c.MaxMonth = min(c.MinMonth, def), max(c.MaxMonth, def)
		default:
			r, known := rangeOf(info.Name, info.Unit)
			if !known {
				// A new assumption with a unit the page does not know: any finite number.
				r = numberRange{-1e12, 1e12, 0}
			}
			c.Min, c.Max, c.Step = r.min, r.max, r.step
			if d, err := strconv.ParseFloat(def, 64); err == nil {
				c.Min, c.Max = math.Min(c.Min, d), math.Max(c.Max, d)
			}
			if c.Step == 0 {
				c.Step = 0.01
				if c.Kind == "int" {
					c.Step = 1
				}
			}
		}
		c.Note = note(info.Name, estimates)
		out = append(out, c)
	}
	return out, nil
}

// kindOf tells an assumption's kind by what forecast.Assumptions.Set accepts (a copy of a is
// set): "month" takes 2000-01 but not 1, "int" takes 1 but not 0.5, "number" takes 0.5, and
// "text" takes anything.
func kindOf(a forecast.Assumptions, name string) string {
	switch {
	case a.Set(name, "2000-01") == nil && a.Set(name, "1") != nil:
		return "month"
	case a.Set(name, "2000-01") == nil:
		return "text"
	case a.Set(name, "0.5") != nil:
		return "int"
	}
	return "number"
}

func rangeOf(name, unit string) (numberRange, bool) {
	if r, ok := rangesByName[name]; ok {
		return r, true
	}
	if base, ok := distributionBase(name); ok {
		if r, ok := rangesByName[base]; ok {
			return r, true
		}
	}
	r, ok := rangesByUnit[unit]
	return r, ok
}

// distributionBase is name without its _p10/_p50/_p90 suffix, when it has one.
func distributionBase(name string) (string, bool) {
	for _, s := range []string{"_p10", "_p50", "_p90"} {
		if base, ok := strings.CutSuffix(name, s); ok {
			return base, true
		}
	}
	return "", false
}

// note is what the start-up run's estimates say about an assumption on this history.
func note(name string, estimates []forecast.Estimate) string {
	if !strings.HasPrefix(name, "deorbit_design_life") {
		return ""
	}
	i := slices.IndexFunc(estimates, func(e forecast.Estimate) bool { return e.Name == "deorbit_identified" })
	if i < 0 {
		return ""
	}
	if estimates[i].Value == 1 {
		mu := ""
		if j := slices.IndexFunc(estimates, func(e forecast.Estimate) bool { return e.Name == "deorbit_mean_age_months" }); j >= 0 {
			mu = fmt.Sprintf(" (mean de-orbit age %.0f months)", estimates[j].Value)
		}
		return "This history identifies the de-orbit age" + mu + ", so the design life is not used: changing it changes nothing here."
	}
	return "This history does not identify the de-orbit age: the design life is used."
}

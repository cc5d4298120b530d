package forecast

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Assumptions are everything the engine is told rather than fits: each one a named value with
// its unit, its source and what it means, in assumptions.yaml (the defaults, embedded). A run
// may override any of them by name (Set), e.g. from `spacex-forecast -set name=value`.
//
// Every field's `name` tag is its name in assumptions.yaml, in the warehouse's
// forecast.assumptions table and on the command line. Months are "YYYY-MM".
type Assumptions struct {
	TargetSatellites int    `name:"target_satellites"`
	HorizonMonth     string `name:"horizon_month"`
	Paths            int    `name:"paths"`
	Seed             int64  `name:"seed"`
	// The engine's assumptions (cadence, vehicles, lifetimes, authorised totals, backtest)
	// follow in assumptions.yaml's order.
	Falcon9RegimeWindowMonths          int     `name:"falcon9_regime_window_months"`
	Falcon9StanddownFraction           float64 `name:"falcon9_standdown_fraction"`
	Falcon9StanddownPriorMonths        float64 `name:"falcon9_standdown_prior_months"`
	Falcon9CeilingLaunchesPerMonth     float64 `name:"falcon9_ceiling_launches_per_month"`
	Falcon9CeilingUncertainty          float64 `name:"falcon9_ceiling_uncertainty"`
	Falcon9GrowthFitMonths             int     `name:"falcon9_growth_fit_months"`
	Falcon9SatellitesWindowMonths      int     `name:"falcon9_satellites_window_months"`
	Falcon9MaxSatellitesPerLaunch      float64 `name:"falcon9_max_satellites_per_launch"`
	Falcon9TaperAfterStarship          float64 `name:"falcon9_taper_after_starship"`
	StarshipFirstStarlinkMonthP10      string  `name:"starship_first_starlink_month_p10"`
	StarshipFirstStarlinkMonthP50      string  `name:"starship_first_starlink_month_p50"`
	StarshipFirstStarlinkMonthP90      string  `name:"starship_first_starlink_month_p90"`
	StarshipNeverShare                 float64 `name:"starship_never_share"`
	StarshipRampMonths                 float64 `name:"starship_ramp_months"`
	StarshipCeilingLaunchesPerMonthP10 float64 `name:"starship_ceiling_launches_per_month_p10"`
	StarshipCeilingLaunchesPerMonthP50 float64 `name:"starship_ceiling_launches_per_month_p50"`
	StarshipCeilingLaunchesPerMonthP90 float64 `name:"starship_ceiling_launches_per_month_p90"`
	StarshipSatellitesPerLaunchP10     float64 `name:"starship_satellites_per_launch_p10"`
	StarshipSatellitesPerLaunchP50     float64 `name:"starship_satellites_per_launch_p50"`
	StarshipSatellitesPerLaunchP90     float64 `name:"starship_satellites_per_launch_p90"`
	GenerationV10FromMonth             string  `name:"generation_v1_0_from_month"`
	GenerationV15FromMonth             string  `name:"generation_v1_5_from_month"`
	GenerationV2MiniFromMonth          string  `name:"generation_v2_mini_from_month"`
	HazardAgeBandMonths                int     `name:"hazard_age_band_months"`
	HazardMinExposureSatelliteMonths   float64 `name:"hazard_min_exposure_satellite_months"`
	DeorbitFitMinAgeMonths             float64 `name:"deorbit_fit_min_age_months"`
	DeorbitDesignLifeMonths            float64 `name:"deorbit_design_life_months"`
	DeorbitDesignLifeSDMonths          float64 `name:"deorbit_design_life_sd_months"`
	LifetimeUncertainty                float64 `name:"lifetime_uncertainty"`
	AuthorisedFCCGen1                  int     `name:"authorised_fcc_gen1"`
	AuthorisedFCCGen1Month             string  `name:"authorised_fcc_gen1_month"`
	AuthorisedFCCGen1Gen2              int     `name:"authorised_fcc_gen1_gen2"`
	AuthorisedFCCGen1Gen2Month         string  `name:"authorised_fcc_gen1_gen2_month"`
	ITUFilings                         int     `name:"itu_filings"`
	ITUFilingsMonth                    string  `name:"itu_filings_month"`
	BacktestIntervalMonths             int     `name:"backtest_interval_months"`
	HistoryStartMonth                  string  `name:"history_start_month"`
	BacktestMinHistoryMonths           int     `name:"backtest_min_history_months"`
	BacktestPaths                      int     `name:"backtest_paths"`
	BacktestHorizonMonths              int     `name:"backtest_horizon_months"`
	BacktestThresholdStep              int     `name:"backtest_threshold_step"`
	BacktestCalibrationMinOrigins      int     `name:"backtest_calibration_min_origins"`
	LedgerPaths                        int     `name:"ledger_paths"`
}

//go:embed assumptions.yaml
var defaultAssumptionsYAML []byte

// AssumptionInfo is one assumption's entry in assumptions.yaml.
type AssumptionInfo struct {
	Name        string `yaml:"name"`
	Value       string `yaml:"value"`
	Unit        string `yaml:"unit"`
	Source      string `yaml:"source"`
	Description string `yaml:"description"`
}

// AssumptionRow is one assumption as a run used it (table forecast.assumptions).
type AssumptionRow struct {
	AssumptionInfo
	// Default is the value in assumptions.yaml; IsOverridden says Value differs from it.
	Default      string
	IsOverridden bool
}

// Catalogue returns assumptions.yaml's entries in their order.
func Catalogue() ([]AssumptionInfo, error) {
	var infos []AssumptionInfo
	if err := yaml.Unmarshal(defaultAssumptionsYAML, &infos); err != nil {
		return nil, fmt.Errorf("forecast: assumptions.yaml: %w", err)
	}
	return infos, nil
}

// DefaultAssumptions returns the assumptions of assumptions.yaml.
func DefaultAssumptions() (Assumptions, error) {
	infos, err := Catalogue()
	if err != nil {
		return Assumptions{}, err
	}
	return assumptionsOf(infos)
}

// assumptionsOf sets every assumption from the catalogue's values; each must have an entry.
func assumptionsOf(infos []AssumptionInfo) (Assumptions, error) {
	var a Assumptions
	seen := map[string]bool{}
	for _, info := range infos {
		if err := a.Set(info.Name, info.Value); err != nil {
			return a, fmt.Errorf("forecast: assumptions.yaml: %w", err)
		}
		seen[info.Name] = true
	}
	for _, name := range a.names() {
		if !seen[name] {
			return a, fmt.Errorf("forecast: assumptions.yaml has no entry for %q", name)
		}
	}
	return a, nil
}

func (a *Assumptions) names() []string {
	t := reflect.TypeOf(*a)
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		names = append(names, t.Field(i).Tag.Get("name"))
	}
	return names
}

// Set sets the assumption called name from its text form; an unknown name, a value of the
// wrong type or a month that is not YYYY-MM is an error naming the assumption. A former
// single-value name (starship_ceiling_launches_per_month, starship_satellites_per_launch) sets
// its p10, p50 and p90 to the value: a fixed value.
func (a *Assumptions) Set(name, value string) error {
	// Former single-value names of assumptions that are now distributions.
	if name == "starship_ceiling_launches_per_month" || name == "starship_satellites_per_launch" {
		for _, q := range []string{"_p10", "_p50", "_p90"} {
			if err := a.Set(name+q, value); err != nil {
				return err
			}
		}
		return nil
	}
	v := reflect.ValueOf(a).Elem()
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("name") != name {
			continue
		}
		f := v.Field(i)
		value = strings.TrimSpace(value)
		switch f.Kind() {
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return fmt.Errorf("assumption %s: %q is not a whole number", name, value)
			}
			f.SetInt(n)
		case reflect.Float64:
			x, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return fmt.Errorf("assumption %s: %q is not a number", name, value)
			}
			f.SetFloat(x)
		case reflect.String:
			if strings.HasSuffix(name, "_month") || strings.Contains(name, "_month_") {
				if _, err := time.Parse("2006-01", value); err != nil {
					return fmt.Errorf("assumption %s: %q is not a month (YYYY-MM)", name, value)
				}
			}
			f.SetString(value)
		default:
			return fmt.Errorf("assumption %s: unsupported kind %s", name, f.Kind())
		}
		return nil
	}
	return fmt.Errorf("unknown assumption %q", name)
}

// Get returns the assumption called name in its text form.
func (a Assumptions) Get(name string) (string, bool) {
	v := reflect.ValueOf(a)
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("name") == name {
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Float64:
				return strconv.FormatFloat(f.Float(), 'g', -1, 64), true
			default:
				return fmt.Sprint(f.Interface()), true
			}
		}
	}
	return "", false
}

// Table returns every assumption as this run uses it, in assumptions.yaml's order.
func (a Assumptions) Table() ([]AssumptionRow, error) {
	infos, err := Catalogue()
	if err != nil {
		return nil, err
	}
	defaults, err := assumptionsOf(infos)
	if err != nil {
		return nil, err
	}
	rows := make([]AssumptionRow, 0, len(infos))
	for _, info := range infos {
		value, _ := a.Get(info.Name)
		def, _ := defaults.Get(info.Name)
		row := AssumptionRow{AssumptionInfo: info, Default: def, IsOverridden: value != def}
		row.Value = value
		rows = append(rows, row)
	}
	return rows, nil
}

// Hash is a stable hash of the assumptions: hex sha256 of name=value lines in name order.
func (a Assumptions) Hash() string {
	m := map[string]string{}
	for _, name := range a.names() {
		m[name], _ = a.Get(name)
	}
	b, _ := json.Marshal(m) // map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

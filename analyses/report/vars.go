package report

import (
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Var is one dbt var of the forecast: its name, its default in dbt/dbt_project.yml and what
// changing it does.
type Var struct {
	Name    string
	Default string
	Effect  string
}

// varEffects says, for each forecast var of dbt/dbt_project.yml, what it changes. A forecast var
// missing here fails LoadVars (and the tests), so the report never leaves one out.
var varEffects = map[string]string{
	"starlink_target_satellites":           "The number of satellites in orbit to reach.",
	"starlink_trailing_window_months":      "The months before the as-of date over which launch cadence, its trend and satellites per launch are measured.",
	"starlink_early_failure_window_months": "A satellite that decays within this many months of its launch counts as an early failure.",
	"starlink_satellite_lifetime_years":    "Years after which a satellite that did not fail early is deorbited (not used by no_retirements).",
	"starlink_max_launches_per_month":      "Ceiling of trend_cadence's launch cadence.",
	"starlink_forecast_horizon_year":       "The projection stops on December 31 of this year; a target not reached by then is \"not reached\".",
}

// LoadVars reads the forecast vars (`starlink_*`) and their defaults from a dbt_project.yml, in
// the file's order.
func LoadVars(path string) ([]Var, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var project struct {
		Vars yaml.Node `yaml:"vars"`
	}
	if err := yaml.Unmarshal(raw, &project); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if project.Vars.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: no vars mapping", path)
	}
	var vars []Var
	nodes := project.Vars.Content
	for i := 0; i+1 < len(nodes); i += 2 {
		name, value := nodes[i].Value, nodes[i+1]
		if !strings.HasPrefix(name, "starlink_") {
			continue
		}
		effect, ok := varEffects[name]
		if !ok {
			return nil, fmt.Errorf("%s: var %s is not described in analyses/report/vars.go", path, name)
		}
		if value.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: var %s is not a scalar", path, name)
		}
		vars = append(vars, Var{Name: name, Default: value.Value, Effect: effect})
	}
	if len(vars) == 0 {
		return nil, fmt.Errorf("%s: no starlink_* vars", path)
	}
	return vars, nil
}

package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadVars_DescribesEveryForecastVarOfTheProject(t *testing.T) {
	vars, err := LoadVars(filepath.Join("..", "..", "dbt", "dbt_project.yml"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Var{}
	for _, v := range vars {
		got[v.Name] = v
		if !strings.HasPrefix(v.Name, "starlink_") || v.Effect == "" || v.Default == "" {
			t.Errorf("var %+v: want a starlink_ name, a default and an effect", v)
		}
	}
	if v := got["starlink_target_satellites"]; v.Default != "42000" {
		t.Errorf("starlink_target_satellites default = %q, want 42000", v.Default)
	}
	if _, ok := got["spacex_raw_schema"]; ok {
		t.Error("LoadVars returned a var that is not the forecast's")
	}
}

func TestLoadVars_TakesTheCommentRightAboveEachVar(t *testing.T) {
	path := writeTemp(t, "dbt_project.yml", `name: x
vars:
  spacex_streams: [launches]

  # Starlink forecast: a section heading, not a var's comment.
  # Override with --vars.

  # Satellites in orbit to reach.
  starlink_target_satellites: 42000
  # Satellites per launch of the heavy-lift era,
  # from its start date.
  starlink_heavy_lift_satellites_per_launch: 100
  starlink_paths: 500  # Simulated paths.
  # Lifetimes and satellites per launch to tabulate.
  starlink_lifetimes: [4, 5, 7]
  starlink_per_launch: [22, 60]
`)
	vars, err := LoadVars(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Var{
		{"starlink_target_satellites", "42000", "Satellites in orbit to reach."},
		{"starlink_heavy_lift_satellites_per_launch", "100", "Satellites per launch of the heavy-lift era, from its start date."},
		{"starlink_paths", "500", "Simulated paths."},
		{"starlink_lifetimes", "[4, 5, 7]", "Lifetimes and satellites per launch to tabulate."},
		{"starlink_per_launch", "[22, 60]", "Lifetimes and satellites per launch to tabulate."},
	}
	if len(vars) != len(want) {
		t.Fatalf("LoadVars = %+v, want %+v", vars, want)
	}
	for i := range want {
		if vars[i] != want[i] {
			t.Errorf("var %d = %+v, want %+v", i, vars[i], want[i])
		}
	}
}

func TestLoadVars_RejectsAForecastVarWithoutComment(t *testing.T) {
	path := writeTemp(t, "dbt_project.yml", "name: x\nvars:\n  # Raw schema.\n  spacex_raw_schema: x\n  starlink_new_driver: 3\n  # Satellites in orbit to reach.\n  starlink_target_satellites: 42000\n")
	_, err := LoadVars(path)
	if err == nil || !strings.Contains(err.Error(), "starlink_new_driver") {
		t.Errorf("LoadVars error = %v, want one naming starlink_new_driver", err)
	}
}

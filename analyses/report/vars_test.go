package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadVars_DescribesEveryForecastVarOfTheProject(t *testing.T) {
	vars, err := LoadVars(filepath.Join("..", "..", "dbt", "dbt_project.yml"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range vars {
		got[v.Name] = v.Default
		if v.Effect == "" {
			t.Errorf("var %s has no effect described", v.Name)
		}
	}
	if got["starlink_target_satellites"] != "42000" {
		t.Errorf("starlink_target_satellites default = %q, want 42000", got["starlink_target_satellites"])
	}
	for name := range varEffects {
		if _, ok := got[name]; !ok {
			t.Errorf("varEffects describes %s, which dbt_project.yml does not define", name)
		}
	}
}

func TestLoadVars_RejectsAForecastVarWithoutDescription(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dbt_project.yml")
	content := "name: x\nvars:\n  spacex_streams: [launches]\n  starlink_target_satellites: 42000\n  starlink_new_driver: 3\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadVars(path)
	if err == nil || !strings.Contains(err.Error(), "starlink_new_driver") {
		t.Errorf("LoadVars error = %v, want one naming starlink_new_driver", err)
	}
}

package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// svgText renders a chart as SVG, for tests that look for its texts.
func svgText(t *testing.T, p *plot.Plot) string {
	t.Helper()
	svg, err := SVG(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(svg)
}

func TestWrite_WritesTheReportAndBothChartsTheSameEachTime(t *testing.T) {
	vars, err := LoadVars(filepath.Join("..", "..", "dbt", "dbt_project.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		files, err := Write(dirs[i], fixtureData(t), vars)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"charts/launches-per-month.png", "charts/launches-per-month.svg",
			"charts/satellites-in-orbit.png", "charts/satellites-in-orbit.svg",
			"starlink-forecast.md",
		}
		if !slices.Equal(files, want) {
			t.Fatalf("Write wrote %v, want %v", files, want)
		}
	}
	for _, f := range []string{"starlink-forecast.md", "charts/satellites-in-orbit.svg", "charts/satellites-in-orbit.png", "charts/launches-per-month.png"} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs on the same rows", f)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dirs[0], "charts", ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestCopyQueries_ReplacesTheQueriesAndTheReportListsThem(t *testing.T) {
	compiled, dir := t.TempDir(), t.TempDir()
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(compiled, "b_by_launch.sql"), "-- Satellites by launch.\n-- More.\nselect 1\n\n")
	write(filepath.Join(compiled, "a_scenarios.sql"), "\n-- Scenarios side by side.\nselect 2")
	write(filepath.Join(dir, "sql", "gone.sql"), "-- An analysis since removed.\nselect 3\n")

	if err := CopyQueries(compiled, dir); err != nil {
		t.Fatal(err)
	}
	queries, err := ReadQueries(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Query{
		{File: "sql/a_scenarios.sql", Title: "Scenarios side by side."},
		{File: "sql/b_by_launch.sql", Title: "Satellites by launch."},
	}
	if !slices.Equal(queries, want) {
		t.Errorf("queries = %v, want %v", queries, want)
	}
	content, err := os.ReadFile(filepath.Join(dir, "sql", "b_by_launch.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if string(content) != "-- Satellites by launch.\n-- More.\nselect 1\n" {
		t.Errorf("copied query = %q, want the compiled SQL ending in one newline", content)
	}
}

func TestCopyQueries_FailsWithoutCompiledAnalyses(t *testing.T) {
	err := CopyQueries(t.TempDir(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no compiled analyses") {
		t.Errorf("CopyQueries error = %v, want \"no compiled analyses\"", err)
	}
}

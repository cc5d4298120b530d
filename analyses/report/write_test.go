package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWrite_WritesTheReportAndEveryChartTheSameEachTime(t *testing.T) {
	vars, err := LoadVars(filepath.Join("..", "..", "dbt", "dbt_project.yml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"charts/starlink-answer-history.png", "charts/starlink-answer-history.svg",
		"charts/starlink-backtest.png", "charts/starlink-backtest.svg",
		"charts/starlink-fan-chart.png", "charts/starlink-fan-chart.svg",
		"charts/starlink-launch-cadence.png", "charts/starlink-launch-cadence.svg",
		"charts/starlink-launches-fan-chart.png", "charts/starlink-launches-fan-chart.svg",
		"charts/starlink-satellites-per-launch.png", "charts/starlink-satellites-per-launch.svg",
		"charts/starlink-shells.png", "charts/starlink-shells.svg",
		"starlink-forecast.md",
	}
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		files, err := Write(dirs[i], fixtureData(t), vars)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(files, want) {
			t.Fatalf("Write wrote %v, want %v", files, want)
		}
	}
	for _, f := range want {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f))
		if err != nil {
			t.Fatal(err)
		}
		if len(a) < 1000 || !bytes.Equal(a, b) {
			t.Errorf("%s: %d bytes, differs between two runs on the same rows: %v", f, len(a), !bytes.Equal(a, b))
		}
	}
	md, err := os.ReadFile(filepath.Join(dirs[0], ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte(fixtureAnswers["overall"])) || !bytes.Contains(md, []byte("`starlink_target_satellites`")) {
		t.Error("the written report lacks the headline answer or the project's vars")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dirs[0], "charts", ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestWrite_WritesNothingWhenAChartCannotBeDrawn(t *testing.T) {
	d := fixtureData(t)
	for i := range d.Months {
		if d.Months[i].Scenario == "overall" {
			d.Months[i].CumLaunchesP90 = nil
		}
	}
	dir := t.TempDir()
	_, err := Write(dir, d, fixtureInputs.Vars)
	if err == nil || !strings.Contains(err.Error(), "scenario overall has 0 projected months of launches") {
		t.Errorf("Write error = %v, want one naming the scenario without launches", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("Write left %d files behind after failing", len(entries))
	}
}

func TestWrite_SaysWhenNothingCouldBeBacktestedAndDropsTheOldChart(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, fixtureData(t), fixtureInputs.Vars); err != nil {
		t.Fatal(err)
	}
	d := fixtureData(t)
	d.Backtest, d.BacktestSummary = nil, nil
	d.Assumptions = append(d.Assumptions, Assumption{Name: "backtest_min_history_months", Value: "30", Default: "30", Unit: "months", Source: "Project choice.", Description: "History an origin needs."})
	files, err := Write(dir, d, fixtureInputs.Vars)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(files, BacktestChartStem+".png") {
		t.Errorf("Write wrote %v: a backtest chart without a backtest", files)
	}
	for _, ext := range []string{".png", ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, BacktestChartStem+ext)); err == nil {
			t.Errorf("the earlier report's %s%s is still there", BacktestChartStem, ext)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("**Nothing could be backtested:** no origin before 2025-06-18 had the history the engine asks of\none (30 months of launches, assumption `backtest_min_history_months`)")) ||
		bytes.Contains(md, []byte(BacktestChartStem)) {
		t.Error("the report does not say that nothing could be backtested, or still shows the chart")
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

package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Charts builds every chart of the report, in the report's order.
func Charts(d Data) ([]Chart, error) {
	var charts []Chart
	builds := []func(Data) (Chart, error){FanChart, LaunchesFanChart, ShellsChart, CadenceChart, LaunchesChart, BacktestChart}
	if len(d.Backtest) == 0 {
		builds = builds[:len(builds)-1] // nothing was backtested: no chart (the report says so)
	}
	builds = append(builds, LedgerChart)
	for _, build := range builds {
		c, err := build(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Stem, err)
		}
		charts = append(charts, c)
	}
	return charts, nil
}

// Write writes the report and its charts (SVG and PNG) into dir, listing the starting queries
// found in dir/sql. It returns the files written, relative to dir. Nothing is written unless
// everything renders.
func Write(dir string, d Data, vars []Var) ([]string, error) {
	queries, err := ReadQueries(dir)
	if err != nil {
		return nil, err
	}
	md, err := Markdown(d, Inputs{Vars: vars, Queries: queries})
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{ReportFile: md}
	charts, err := Charts(d)
	if err != nil {
		return nil, err
	}
	for _, c := range charts {
		if files[c.Stem+".svg"], err = c.SVG(); err != nil {
			return nil, fmt.Errorf("%s.svg: %w", c.Stem, err)
		}
		if files[c.Stem+".png"], err = c.PNG(); err != nil {
			return nil, fmt.Errorf("%s.png: %w", c.Stem, err)
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeFile(filepath.Join(dir, name), files[name]); err != nil {
			return nil, err
		}
	}
	// A chart this report does not draw must not linger from an earlier one.
	for _, stem := range []string{BacktestChartStem} {
		for _, ext := range []string{".svg", ".png"} {
			if _, drawn := files[stem+ext]; !drawn {
				if err := os.Remove(filepath.Join(dir, stem+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return nil, err
				}
			}
		}
	}
	return names, nil
}

// writeFile writes through a temporary file, so a reader never sees half a file.
func writeFile(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// CopyQueries replaces the starting queries in dir/sql with the compiled dbt analyses in from
// (e.g. dbt/target/compiled/spacex/analyses).
func CopyQueries(from, dir string) error {
	compiled, err := filepath.Glob(filepath.Join(from, "*.sql"))
	if err != nil {
		return err
	}
	if len(compiled) == 0 {
		return fmt.Errorf("no compiled analyses in %s: compile them first (dbt compile --select resource_type:analysis)", from)
	}
	old, err := filepath.Glob(filepath.Join(dir, QueriesDir, "*.sql"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for _, f := range compiled {
		content, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		content = append(bytes.TrimRight(content, "\n"), '\n')
		if err := writeFile(filepath.Join(dir, QueriesDir, filepath.Base(f)), content); err != nil {
			return err
		}
	}
	return nil
}

// ReadQueries lists the starting queries in dir/sql, by file name, each titled by its first
// comment line.
func ReadQueries(dir string) ([]Query, error) {
	files, err := filepath.Glob(filepath.Join(dir, QueriesDir, "*.sql"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var queries []Query
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		q := Query{File: QueriesDir + "/" + filepath.Base(f)}
		sc := bufio.NewScanner(bytes.NewReader(content))
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "--") {
				q.Title = strings.TrimSpace(strings.TrimPrefix(line, "--"))
				break
			}
		}
		if q.Title == "" {
			return nil, fmt.Errorf("%s: no comment line to title it", f)
		}
		queries = append(queries, q)
	}
	return queries, nil
}

//go:build e2e

package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkJob_WarmOnBothSnapshots times the daily job as `just pipeline` runs it on both
// snapshots, warm (the plugins installed, the warehouse built once before): each block of the
// Meltano run (each tap with its load, each dbt invocation, each other utility) from Meltano's
// JSON log, Meltano's own time around them, and the report. `just bench` runs it (it needs the
// warehouse Postgres, as `just test` does):
//
//	job_s         the whole run of `meltano/meltano.sh --environment snapshot run <job>`: job
//	              spacex-elt-spacetrack (SpaceX API + Space-Track), or spacex-elt (all three
//	              sources) when CELESTRAK_SNAPSHOT names a CelesTrak snapshot too
//	el_s          the taps and their loads (sum of the extract-load blocks)
//	dbt_s         the dbt invocations (sum)
//	meltano_s     the rest of the run: Meltano's start and the wrapper around the blocks
//	report_s      `just report` (the analysts' report and charts, into a temporary folder)
//
// Each block's own time is logged too.
func BenchmarkJob_WarmOnBothSnapshots(b *testing.B) {
	e := benchEnv(b)
	job := "spacex-elt-spacetrack"
	if os.Getenv("CELESTRAK_SNAPSHOT") != "" {
		job = "spacex-elt"
	}
	b.Logf("job %s", job)
	run := func() (blocks []block, wall float64) {
		log := filepath.Join(b.TempDir(), "meltano.json")
		vars := append(e.vars, "SPACEX_ELT_JSON_LOG="+log)
		start := time.Now()
		if out, err := runIn(b, e.root, vars, 20*time.Minute, "meltano/meltano.sh", "--environment", "snapshot", "run", job); err != nil {
			b.Fatalf("the job: %v\n%s", err, lastLines(out, 40))
		}
		wall = time.Since(start).Seconds()
		blocks, err := readBlocks(log)
		if err != nil {
			b.Fatal(err)
		}
		return blocks, wall
	}
	run() // warm: the state, the tables and dbt's partial parse exist, as on any day but the first
	b.ResetTimer()
	for range b.N {
		blocks, total := run()
		start := time.Now()
		if out, err := runIn(b, e.root, e.vars, 10*time.Minute, "just", "report", b.TempDir()); err != nil {
			b.Fatalf("just report: %v\n%s", err, lastLines(out, 40))
		}
		report := time.Since(start).Seconds()
		var el, dbt float64
		for _, bl := range blocks {
			b.Logf("block %d %-45s %6.1f s", bl.set, bl.name, bl.seconds)
			switch {
			case bl.extractLoad:
				el += bl.seconds
			case strings.HasPrefix(bl.name, "dbt-"):
				dbt += bl.seconds
			}
		}
		b.ReportMetric(total, "job_s")
		b.ReportMetric(el, "el_s")
		b.ReportMetric(dbt, "dbt_s")
		b.ReportMetric(total-sumSeconds(blocks), "meltano_s")
		b.ReportMetric(report, "report_s")
	}
}

// benchEnv is a fresh database for the benchmark, with both snapshots.
func benchEnv(b *testing.B) env {
	b.Helper()
	for _, v := range []string{"SPACEX_SNAPSHOT", "SPACETRACK_SNAPSHOT", "PGHOST"} {
		if os.Getenv(v) == "" {
			b.Fatalf("%s is not set: run the benchmark through `just bench` with both snapshots", v)
		}
	}
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	const db = "spacex_e2e_bench"
	vars := append(os.Environ(), "PGDATABASE="+db)
	for _, sql := range []string{"drop database if exists " + db + " with (force)", "create database " + db} {
		if out, err := runIn(b, root, vars, time.Minute, "psql", "-X", "-q", "-d", "postgres", "-c", sql); err != nil {
			b.Fatalf("%s: %v\n%s", sql, err, out)
		}
	}
	if out, err := runIn(b, root, vars, 2*time.Minute, "bin/spacex-migrate", "up"); err != nil {
		b.Fatalf("spacex-migrate up: %v\n%s", err, lastLines(out, 20))
	}
	return env{root: root, vars: vars}
}

// block is one block of a Meltano run: an extract-load (named by its state id) or a command
// (named by its plugin), with how long it took.
type block struct {
	set         int
	name        string
	extractLoad bool
	seconds     float64
}

// readBlocks reads the blocks of a run from Meltano's JSON log.
func readBlocks(path string) ([]block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("meltano.sh kept no JSON log: %w", err)
	}
	defer f.Close()
	var blocks []block
	var current string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev struct {
			Event     string   `json:"event"`
			Name      string   `json:"name"`
			JobName   string   `json:"job_name"`
			SetNumber *int     `json:"set_number"`
			BlockType string   `json:"block_type"`
			Duration  *float64 `json:"duration_seconds"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		switch {
		case ev.JobName != "":
			current = ev.JobName
		case ev.Name != "":
			current = ev.Name
		case ev.Event == "Block run completed" && ev.SetNumber != nil && ev.Duration != nil:
			blocks = append(blocks, block{set: *ev.SetNumber, name: current, extractLoad: ev.BlockType == "ExtractLoadBlocks", seconds: *ev.Duration})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%s: no completed block in Meltano's log", path)
	}
	return blocks, nil
}

func sumSeconds(blocks []block) float64 {
	var s float64
	for _, b := range blocks {
		s += b.seconds
	}
	return s
}

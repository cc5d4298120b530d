// Command report writes the analyst-facing answer of the pipeline from the marts in schema
// `analytics`: analyses/starlink-forecast.md and its charts analyses/charts/*.{svg,png}, with
// the requirements table's dbt vars, and copies the compiled dbt analyses into
// analyses/sql/. It connects with the libpq variables (PGHOST, PGPORT, PGDATABASE, PGUSER,
// PGPASSWORD); the analyst's login is enough, since it only reads `analytics`. Run it with
// `just report`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/analyses/report"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("out", "analyses", "folder of the report: writes "+report.ReportFile+", charts/ and sql/ there")
	project := flag.String("dbt-project", "dbt/dbt_project.yml", "the dbt project file, for the requirements table's vars and their defaults")
	sqlFrom := flag.String("sql-from", "", "folder of the compiled dbt analyses to copy into <out>/sql (e.g. dbt/target/compiled/spacex/analyses); empty keeps <out>/sql as it is")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}

	vars, err := report.LoadVars(*project)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		return fmt.Errorf("connecting to the warehouse (PG* variables): %w", err)
	}
	defer conn.Close(context.Background()) //nolint:errcheck // read-only session
	data, err := report.Load(ctx, conn)
	if err != nil {
		return err
	}
	if *sqlFrom != "" {
		if err := report.CopyQueries(*sqlFrom, *out); err != nil {
			return err
		}
	}
	files, err := report.Write(*out, data, vars)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Println(filepath.Join(*out, f))
	}
	return nil
}

// Command spacex-forecast runs the forecast engine on the warehouse:
//
//	spacex-forecast run [-set name=value ...] [-assumptions file.yaml]
//	spacex-forecast assumptions [-set name=value ...] [-assumptions file.yaml]
//
// run reads the history from the marts (analytics.dim_starlink_satellites and
// fct_starlink_launches), runs every scenario and the backtest with the default assumptions
// (forecast/assumptions.yaml) and the overrides, and writes the run into schema forecast in one
// transaction. It connects with PGHOST, PGPORT and PGDATABASE as the forecaster's login user,
// SPACEX_FORECASTER_USER with SPACEX_FORECASTER_PASSWORD (never the admin's PGUSER/PGPASSWORD).
// It logs to stderr (log/slog: rows written, run_id, time per stage) and prints nothing else.
//
// assumptions prints the assumptions a run would use (name, value, unit, source) to stdout.
//
// Overrides: -assumptions reads a YAML mapping of name: value; each -set name=value comes
// after it. An unknown name or a bad value is a usage error naming it. Exit status: 0 on
// success, 1 on failure (one line saying why), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.yaml.in/yaml/v3"

	"github.com/spacex-elt/spacex-elt/forecast"
	"github.com/spacex-elt/spacex-elt/forecast/store"
	"github.com/spacex-elt/spacex-elt/warehouse"
)

const usage = `usage: spacex-forecast run [-set name=value ...] [-assumptions file.yaml]
       spacex-forecast assumptions [-set name=value ...] [-assumptions file.yaml]

  run          forecast from the warehouse's marts and write the run into schema forecast
  assumptions  print the assumptions a run would use (name, value, unit, source)

  -set name=value        override one assumption (repeatable; after -assumptions)
  -assumptions file.yaml override assumptions from a YAML mapping of name: value

run connects with PGHOST, PGPORT and PGDATABASE as SPACEX_FORECASTER_USER
(password SPACEX_FORECASTER_PASSWORD).
`

// ApplicationName is the application_name of the command's sessions.
const ApplicationName = "spacex-forecast"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line or the overrides: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run is the command; it returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if len(args) == 0 || (args[0] != "run" && args[0] != "assumptions") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, usage)
			return 0
		}
		what := "no command"
		if len(args) > 0 {
			what = fmt.Sprintf("unknown command %q", args[0])
		}
		fmt.Fprintf(stderr, "spacex-forecast: %s\n%s", what, usage)
		return 2
	}
	command := args[0]
	a, err := parseAssumptions(args[1:], stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "spacex-forecast: %v\n", err)
		return 2
	}
	if command == "assumptions" {
		if err := printAssumptions(stdout, a); err != nil {
			fmt.Fprintf(stderr, "spacex-forecast: %v\n", err)
			return 1
		}
		return 0
	}
	cfg, err := connConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "spacex-forecast: %v\n", err)
		return 2
	}
	if err := forecastRun(ctx, cfg, a, logger); err != nil {
		logger.Error("spacex-forecast run failed", "error", err.Error())
		return 1
	}
	return 0
}

// setFlags collects -set name=value in order.
type setFlags []string

func (s *setFlags) String() string { return strings.Join(*s, " ") }
func (s *setFlags) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// parseAssumptions parses the flags and returns the default assumptions with the overrides:
// the file's first, then each -set in order.
func parseAssumptions(args []string, stderr io.Writer) (forecast.Assumptions, error) {
	fs := flag.NewFlagSet("spacex-forecast", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var sets setFlags
	fs.Var(&sets, "set", "override one assumption: name=value (repeatable)")
	file := fs.String("assumptions", "", "YAML mapping of name: value overriding assumptions")
	var a forecast.Assumptions
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return a, err
		}
		return a, usageError{err.Error()} // the flag package printed the usage already
	}
	if fs.NArg() > 0 {
		return a, usageError{fmt.Sprintf("unexpected argument %q (overrides are -set name=value)", fs.Arg(0))}
	}
	a, err := forecast.DefaultAssumptions()
	if err != nil {
		return a, err
	}
	if *file != "" {
		if err := applyFile(&a, *file); err != nil {
			return a, err
		}
	}
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return a, usageError{fmt.Sprintf("-set %q: want name=value", s)}
		}
		if err := a.Set(name, value); err != nil {
			return a, usageError{fmt.Sprintf("-set %s: %v", s, err)}
		}
	}
	return a, nil
}

// applyFile applies a YAML mapping of name: value, naming the file and line of a bad entry.
func applyFile(a *forecast.Assumptions, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return usageError{fmt.Sprintf("-assumptions: %v", err)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return usageError{fmt.Sprintf("%s: %v", path, err)}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file overrides nothing
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return usageError{fmt.Sprintf("%s:%d: want a mapping of assumption name: value", path, m.Line)}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return usageError{fmt.Sprintf("%s:%d: assumption %s: want a single value", path, v.Line, k.Value)}
		}
		if line, ok := seen[k.Value]; ok {
			return usageError{fmt.Sprintf("%s:%d: assumption %s is already set on line %d", path, k.Line, k.Value, line)}
		}
		seen[k.Value] = k.Line
		if err := a.Set(k.Value, v.Value); err != nil {
			return usageError{fmt.Sprintf("%s:%d: %v", path, k.Line, err)}
		}
	}
	return nil
}

func printAssumptions(w io.Writer, a forecast.Assumptions) error {
	rows, err := a.Table()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tvalue\tunit\tsource")
	for _, r := range rows {
		value := r.Value
		if r.IsOverridden {
			value += " (default " + r.Default + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, value, r.Unit, r.Source)
	}
	return tw.Flush()
}

// connConfig is the libpq environment's server and database, with the forecaster's login user
// and password: never the admin's PGUSER and PGPASSWORD.
func connConfig(getenv func(string) string) (*pgx.ConnConfig, error) {
	cfg, err := warehouse.LoginConfig(getenv, "SPACEX_FORECASTER", ApplicationName)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return cfg, nil
}

// buildInfo is the commit (forecast.Commit) and the version the binary was built from, as the
// Go toolchain recorded them; the version "unknown" when it recorded none.
func buildInfo() (commit, version string) {
	version = "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	return forecast.Commit(), version
}

func forecastRun(ctx context.Context, cfg *pgx.ConnConfig, a forecast.Assumptions, logger *slog.Logger) error {
	started := time.Now()
	commit, version := buildInfo()
	where := fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return loginError(cfg.User, where, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	t := time.Now()
	h, err := store.LoadHistory(ctx, conn)
	if err != nil {
		return fmt.Errorf("loading the history: %w", err)
	}
	logger.Info("history loaded", "satellites", len(h.Satellites), "launches", len(h.Launches),
		"as_of", h.AsOf.Format(time.DateOnly), "sources", h.Sources, "duration", time.Since(t).Round(time.Millisecond))

	t = time.Now()
	r, err := forecast.Run(ctx, h, a)
	if err != nil {
		return fmt.Errorf("forecasting: %w", err)
	}
	logger.Info("forecast computed", "scenarios", len(r.Scenarios), "monthly_rows", len(r.Monthly),
		"backtest_rows", len(r.Backtest), "estimates", len(r.Estimates), "paths", a.Paths, "seed", a.Seed,
		"duration", time.Since(t).Round(time.Millisecond))

	t = time.Now()
	runID, n, err := store.SaveCounts(ctx, conn, r, store.RunInfo{StartedAt: started, FinishedAt: time.Now(), GitCommit: commit, EngineVersion: version})
	if err != nil {
		return fmt.Errorf("saving the run: %w", err)
	}
	commitAttr := slog.Any("git_commit", nil)
	if commit != "" {
		commitAttr = slog.String("git_commit", commit)
	}
	logger.Info("forecast saved", "run_id", runID, "assumptions", n.Assumptions, "scenarios", n.Scenarios,
		"authorised", n.Authorised, "monthly", n.Monthly, "backtest", n.Backtest, "estimates", n.Estimates,
		"origin_ledger", n.OriginLedger, "deleted_monthly", n.DeletedMonthly, "deleted_backtest", n.DeletedBacktest,
		"deleted_origin_ledger", n.DeletedOriginLedger, commitAttr,
		"engine_version", version, "duration", time.Since(t).Round(time.Millisecond),
		"total", time.Since(started).Round(time.Millisecond))
	return nil
}

// loginError says that connecting failed, naming the user and the server (never the password:
// pgx's errors do not hold it, and the server's message is used when there is one).
func loginError(user, where string, err error) error {
	reason := err.Error()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		reason = fmt.Sprintf("%s (SQLSTATE %s)", pgErr.Message, pgErr.Code)
	}
	return fmt.Errorf("cannot log in to the warehouse at %s as %s (SPACEX_FORECASTER_USER): %s", where, user, reason)
}

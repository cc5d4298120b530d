// Command spacex-migrate sets up the warehouse: it applies the SQL migrations of package
// warehouse (schemas, group roles, grants) and creates the components' login users.
//
//	spacex-migrate up        apply the pending migrations, then create/update the login users
//	spacex-migrate down N    revert the last N migrations (data is never deleted)
//	spacex-migrate version   print the database's migration version (0: none)
//	spacex-migrate force V   record version V without running anything (after a failure)
//
// It connects with the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...) as
// an admin able to create roles and schemas. The login users come from SPACEX_LOADER_USER,
// SPACEX_TRANSFORMER_USER, SPACEX_ANALYST_USER, SPACEX_MELTANO_USER, SPACEX_FORECASTER_USER and
// their _PASSWORD variables. It logs to stderr;
// it exits 0 on success, 1 on failure (with the reason), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/spacex-elt/spacex-elt/warehouse"
)

const usage = `usage: spacex-migrate up | down N | version | force V

  up        apply the pending migrations (schemas, group roles, grants), then create or update
            the login users from SPACEX_{LOADER,TRANSFORMER,ANALYST,MELTANO,FORECASTER}_{USER,PASSWORD}
  down N    revert the last N migrations (refuses to drop schemas that still hold data)
  version   print the migration version of the database (0: none applied)
  force V   record version V (0: none) without running anything, once a failed migration's
            cause is fixed: the error of the failed run says which V

Connects with the PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...) as an
admin able to create roles and schemas.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, usage)
		return 0
	}
	err := command(ctx, args, getenv, stdout, logger)
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "spacex-migrate: %v\n\n%s", err, usage)
		return 2
	default:
		logger.Error("spacex-migrate failed", "error", err.Error())
		return 1
	}
}

func command(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	if len(args) == 0 {
		return usagef("no command given")
	}
	name, rest := args[0], args[1:]
	var n int
	switch name {
	case "up", "version":
		if len(rest) != 0 {
			return usagef("%s takes no argument", name)
		}
	case "down", "force":
		if len(rest) != 1 {
			return usagef("%s takes one number", name)
		}
		var err error
		n, err = strconv.Atoi(rest[0])
		if err != nil || n < 0 || (name == "down" && n == 0) {
			return usagef("%s needs a %s number, not %q", name,
				map[string]string{"down": "positive", "force": "non-negative"}[name], rest[0])
		}
	default:
		return usagef("unknown command %q", name)
	}

	// Users are read (and checked) before anything is changed.
	var users []warehouse.LoginUser
	if name == "up" {
		var err error
		if users, err = warehouse.LoginUsersFromEnv(getenv); err != nil {
			return err
		}
	}
	cfg, err := warehouse.ConfigFromEnv()
	if err != nil {
		return err
	}
	logger.Info("connecting", "host", cfg.Host, "port", cfg.Port, "database", cfg.Database, "user", cfg.User)

	switch name {
	case "up":
		if err := warehouse.Up(ctx, cfg, logger); err != nil {
			return err
		}
		return warehouse.EnsureUsers(ctx, cfg, users, logger)
	case "down":
		return warehouse.Down(ctx, cfg, n, logger)
	case "force":
		return warehouse.Force(ctx, cfg, uint(n), logger)
	default: // version
		s, err := warehouse.Version(ctx, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, s.Version)
		logger.Info("warehouse version", "database", cfg.Database, "version", s.Version, "latest", s.Latest,
			"pending", s.Latest-min(s.Version, s.Latest), "dirty", s.Dirty)
		return s.Problem()
	}
}

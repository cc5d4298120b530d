// Command spacex-explore serves the analysts' what-if page (package analyses/explore) on
// 127.0.0.1: it reads the engine's history from the warehouse's marts as the analyst's login
// user, runs the full engine once for its calibration factors, then answers each change of an
// assumption with the engine's fast path.
//
//	spacex-explore [-port 8581]
//
// It connects with PGHOST, PGPORT and PGDATABASE as SPACEX_ANALYST_USER (password
// SPACEX_ANALYST_PASSWORD): never the admin's PGUSER and PGPASSWORD. `just explore` sets them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/analyses/explore"
	"github.com/spacex-elt/spacex-elt/forecast"
	"github.com/spacex-elt/spacex-elt/forecast/store"
	"github.com/spacex-elt/spacex-elt/warehouse"
)

// ApplicationName is how the server's connection shows in pg_stat_activity.
const ApplicationName = "spacex-explore"

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log, os.Args[1:], os.Getenv); err != nil {
		log.Error("spacex-explore", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, args []string, getenv func(string) string) error {
	fs := flag.NewFlagSet("spacex-explore", flag.ContinueOnError)
	port := fs.Int("port", 8581, "TCP port on 127.0.0.1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *port < 1 || *port > 65535 {
		return fmt.Errorf("-port %d: want 1 to 65535", *port)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := connConfig(getenv)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to the warehouse as %s: %w", cfg.User, err)
	}
	h, err := store.LoadHistory(ctx, conn)
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("reading the history as %s: %w", cfg.User, err)
	}
	// The ledger is shown when it can be read; the page works without it.
	ledger, ledgerErr := explore.LoadLedger(ctx, conn)
	conn.Close(context.WithoutCancel(ctx))
	if ledgerErr != nil {
		log.Warn("the ledger is not shown", "err", ledgerErr)
	}
	log.Info("history read", "user", cfg.User, "as_of", h.AsOf.Format(time.DateOnly), "sources", h.Sources,
		"satellites", len(h.Satellites), "launches", len(h.Launches))

	srv, err := explore.New(ctx, explore.Config{History: h, Commit: forecast.Commit(), Logger: log, Ledger: ledger, LedgerError: ledgerErr})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("listening on 127.0.0.1:%d: %w", *port, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("The what-if page: http://%s/ (Ctrl-C stops it)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// connConfig is the libpq environment's server and database with the analyst's login user and
// password: the page reads what analysts may read, nothing more.
func connConfig(getenv func(string) string) (*pgx.ConnConfig, error) {
	return warehouse.LoginConfig(getenv, "SPACEX_ANALYST", ApplicationName)
}

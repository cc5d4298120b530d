// Command tap-spacex is a Singer tap for the r-spacex SpaceX API.
//
//	tap-spacex --about [--format json|markdown]
//	tap-spacex --config config.json --discover > catalog.json
//	tap-spacex --config config.json [--catalog catalog.json] [--state state.json]
//
// Singer messages go to stdout, logs to stderr.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spacex-elt/spacex-elt/openapi"
	"github.com/spacex-elt/spacex-elt/tap"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
	if err := run(ctx, os.Args[1:], os.Stdout, logger); err != nil {
		logger.Error("tap-spacex failed", "error", err)
		os.Exit(1)
	}
}

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("TAP_SPACEX_LOG_LEVEL"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

func run(ctx context.Context, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("tap-spacex", flag.ContinueOnError)
	var (
		configPath   = fs.String("config", "", "path to the config JSON file")
		discover     = fs.Bool("discover", false, "print the catalog and exit")
		catalogPath  = fs.String("catalog", "", "path to a catalog JSON file selecting streams and properties")
		propertyPath = fs.String("properties", "", "legacy name of --catalog")
		statePath    = fs.String("state", "", "path to a state JSON file to resume from")
		about        = fs.Bool("about", false, "describe the tap and exit")
		format       = fs.String("format", "json", "format of --about: json or markdown")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}

	if *about {
		a := tap.NewAbout(version)
		switch *format {
		case "json":
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(a)
		case "markdown":
			return a.WriteMarkdown(stdout)
		default:
			return fmt.Errorf("--format %q: want json or markdown", *format)
		}
	}

	if *configPath == "" {
		return errors.New("--config is required")
	}
	cfg, err := tap.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	spec, err := openapi.Load()
	if err != nil {
		return fmt.Errorf("loading the embedded OpenAPI spec: %w", err)
	}
	discovered, err := tap.Discover(spec)
	if err != nil {
		return err
	}
	if *discover {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(discovered)
	}

	catalog, selection := discovered, tap.SelectAll()
	if *catalogPath == "" {
		catalogPath = propertyPath
	}
	if *catalogPath != "" {
		if catalog, err = tap.ReadCatalog(*catalogPath); err != nil {
			return err
		}
		selection = catalog.Select()
	}
	state := tap.State{}
	if *statePath != "" {
		if state, err = tap.ReadState(*statePath); err != nil {
			return err
		}
	}

	logger.Info("sync starting", "base_url", cfg.BaseURL, "streams", len(selection), "page_size", cfg.PageSize)
	s := &tap.Syncer{Config: cfg, Catalog: catalog, Selection: selection, Out: tap.NewOutput(stdout), Logger: logger}
	return s.Run(ctx, state)
}

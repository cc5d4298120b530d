package singer

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
	"strings"
	"syscall"
	"time"
)

// Tap is what a tap binary provides; Run does the rest: the command line, --about,
// discovery, catalog selection, state, and the sync.
type Tap interface {
	// About describes the tap: name, capabilities, the settings table, the stream names.
	About() About
	// Open parses the --config document (ParseSettings over the tap's settings table) and
	// returns the tap's streams, ready to read. It must not touch the network, and must
	// succeed with what discovery needs only (Source.CheckSync refuses the rest).
	Open(config []byte, logger *slog.Logger) (*Source, error)
}

// Source is an opened tap.
type Source struct {
	// Streams are every stream of the tap, in the order discovery lists them.
	Streams []Stream
	// LogAttrs, when set, describes the run in the log once it starts (never a secret).
	LogAttrs []any
	// Summary, when set, is called after the sync; what it returns is logged with the
	// "sync summary" line (e.g. request and retry counts).
	Summary func() []any
	// CheckSync, when set, is called before a sync, never before discovery: it refuses what a
	// sync needs and discovery does not (e.g. credentials), naming the settings.
	CheckSync func() error
}

// Main runs a tap as a process: logs on stderr (level from <NAME>_LOG_LEVEL, e.g.
// TAP_SPACEX_LOG_LEVEL; Singer METRIC lines at INFO, see NewLogHandler), Singer messages on
// stdout, a first SIGINT or SIGTERM cancels the
// sync (every message already started is still written whole; a second one ends the
// process at once), exit status 1 on any error.
func Main(tap Tap) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal the sync winds down, writing out whole what it started; a
		// second signal has its default effect again (it ends the process at once).
		<-ctx.Done()
		stop()
	}()
	name := tap.About().Name
	logger := slog.New(NewLogHandler(os.Stderr, logLevel(name)))
	err := Run(ctx, tap, os.Args[1:], os.Stdout, logger, os.Getenv)
	stop()
	if err != nil {
		logger.Error(name+" failed", "error", err)
		os.Exit(1)
	}
}

func logLevel(name string) slog.Level {
	env := strings.ToUpper(strings.ReplaceAll(name, "-", "_")) + "_LOG_LEVEL"
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv(env))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// Run runs a tap with the command line args (without the program name):
//
//	--about [--format json|markdown]
//	--config config.json --discover
//	--config config.json [--catalog catalog.json] [--state state.json]
//
// getenv reads the environment Meltano runs the tap in (nil: none): before a sync, select
// patterns that match no stream are refused (CheckSelectEnv).
func Run(ctx context.Context, tap Tap, args []string, stdout io.Writer, logger *slog.Logger, getenv func(string) string) error {
	about := tap.About()
	fs := flag.NewFlagSet(about.Name, flag.ContinueOnError)
	var (
		configPath   = fs.String("config", "", "path to the config JSON file")
		discover     = fs.Bool("discover", false, "print the catalog and exit")
		catalogPath  = fs.String("catalog", "", "path to a catalog JSON file selecting streams and properties")
		propertyPath = fs.String("properties", "", "legacy name of --catalog")
		statePath    = fs.String("state", "", "path to a state JSON file to resume from")
		aboutFlag    = fs.Bool("about", false, "describe the tap and exit")
		format       = fs.String("format", "json", "format of --about: json or markdown")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}

	if *aboutFlag {
		switch *format {
		case "json":
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(about)
		case "markdown":
			return about.WriteMarkdown(stdout)
		default:
			return fmt.Errorf("--format %q: want json or markdown", *format)
		}
	}

	if *configPath == "" {
		return errors.New("--config is required")
	}
	raw, err := os.ReadFile(*configPath)
	if err != nil {
		return fmt.Errorf("reading config: %w", err)
	}
	src, err := tap.Open(raw, logger)
	if err != nil {
		return err
	}
	discovered := Discover(src.Streams)
	if *discover {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(discovered)
	}

	if src.CheckSync != nil {
		if err := src.CheckSync(); err != nil {
			return err
		}
	}
	if err := CheckSelectEnv(getenv, about.Name, src.Streams); err != nil {
		return err
	}
	catalog, selection := discovered, SelectAll(src.Streams)
	if *catalogPath == "" {
		catalogPath = propertyPath
	}
	if *catalogPath != "" {
		if catalog, err = ReadCatalog(*catalogPath); err != nil {
			return err
		}
		if err := catalog.Check(src.Streams); err != nil {
			return fmt.Errorf("catalog %s: %w", *catalogPath, err)
		}
		selection = catalog.Select()
	}
	state := State{}
	if *statePath != "" {
		if state, err = ReadState(*statePath); err != nil {
			return err
		}
	}

	logger.Info("sync starting", append([]any{"streams", len(selection)}, src.LogAttrs...)...)
	started := time.Now()
	s := &Syncer{Streams: src.Streams, Catalog: catalog, Selection: selection, Out: NewOutput(stdout), Logger: logger}
	err = s.Run(ctx, state)
	attrs := []any{"streams", len(selection)}
	if src.Summary != nil {
		attrs = append(attrs, src.Summary()...)
	}
	logger.Info("sync summary", append(attrs, "seconds", time.Since(started).Round(time.Millisecond).Seconds())...)
	return err
}

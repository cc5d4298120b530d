// Command tap-spacex is a Singer tap for the r-spacex SpaceX API.
//
//	tap-spacex --about [--format json|markdown]
//	tap-spacex --config config.json --discover > catalog.json
//	tap-spacex --config config.json [--catalog catalog.json] [--state state.json]
//
// Singer messages go to stdout, logs to stderr. The tap is package spacex over the Singer
// machinery of package singer.
package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/spacex"
)

func main() {
	singer.Main(spacex.Tap{Version: singer.Version()})
}

// run runs the tap as main does, with the given arguments, stdout, logger and environment.
func run(ctx context.Context, args []string, stdout io.Writer, logger *slog.Logger, getenv func(string) string) error {
	return singer.Run(ctx, spacex.Tap{Version: singer.Version()}, args, stdout, logger, getenv)
}

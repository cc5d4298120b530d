// Command tap-celestrak is a Singer tap for CelesTrak's satellite catalogue (no account needed).
//
//	tap-celestrak --about [--format json|markdown]
//	tap-celestrak --config config.json --discover > catalog.json
//	tap-celestrak --config config.json [--catalog catalog.json] [--state state.json]
//
// Singer messages go to stdout, logs to stderr. The tap is package celestrak over the Singer
// machinery of package singer.
package main

import (
	"github.com/spacex-elt/spacex-elt/tap/celestrak"
	"github.com/spacex-elt/spacex-elt/tap/singer"
)

func main() {
	singer.Main(celestrak.Tap{Version: singer.Version()})
}

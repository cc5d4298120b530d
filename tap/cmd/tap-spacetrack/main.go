// Command tap-spacetrack is a Singer tap for Space-Track's satellite catalogue.
//
//	tap-spacetrack --about [--format json|markdown]
//	tap-spacetrack --config config.json --discover > catalog.json
//	tap-spacetrack --config config.json [--catalog catalog.json] [--state state.json]
//
// Singer messages go to stdout, logs to stderr. identity and password come from the config
// (Meltano: TAP_SPACETRACK_IDENTITY, TAP_SPACETRACK_PASSWORD) and are never logged. The tap is
// package spacetrack over the Singer machinery of package singer.
package main

import (
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"github.com/spacex-elt/spacex-elt/tap/spacetrack"
)

func main() {
	singer.Main(spacetrack.Tap{Version: singer.Version()})
}

package singer

import "runtime/debug"

// Version is the running binary's version as the Go toolchain recorded it (see VersionOf).
func Version() string {
	info, _ := debug.ReadBuildInfo()
	return VersionOf(info)
}

// VersionOf reads a version from a binary's build info: the main module's version when the
// toolchain gave it one (a tag, or the pseudo-version `go build` derives from the commit,
// "+dirty" when the tree had uncommitted changes), else the commit (vcs.revision, "+dirty"
// when vcs.modified), else "(devel)", the toolchain's own word for a build with neither
// (go test, -buildvcs=false, a tree without .git). Never a made-up number.
func VersionOf(info *debug.BuildInfo) string {
	const devel = "(devel)"
	if info == nil {
		return devel
	}
	if v := info.Main.Version; v != "" && v != devel {
		return v
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case rev == "":
		return devel
	case modified:
		return rev + "+dirty"
	}
	return rev
}

package forecast

import "runtime/debug"

// Commit is the commit the running binary was built from, as the Go toolchain recorded it
// ("-dirty" when the working tree had uncommitted changes); "" when it recorded none (go run,
// go test, a build outside the repository or in a git worktree). Every result the engine's
// commands write or serve is stamped with it; never made up.
func Commit() string {
	info, _ := debug.ReadBuildInfo()
	return commitOf(info)
}

func commitOf(info *debug.BuildInfo) string {
	if info == nil {
		return ""
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += "-dirty"
	}
	return rev
}

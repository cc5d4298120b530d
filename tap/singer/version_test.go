package singer

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf_ModuleVersionThenRevisionNeverMadeUp(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "52d9a149c634f2d395c0242bbd9c2e68ccea1a1c"}}
	for name, c := range map[string]struct {
		info *debug.BuildInfo
		want string
	}{
		"tag":            {&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: rev}, "v1.2.0"},
		"pseudo-version": {&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261206063656-52d9a149c634+dirty"}}, "v0.0.0-20261206063656-52d9a149c634+dirty"},
		"revision":       {&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "52d9a149c634f2d395c0242bbd9c2e68ccea1a1c"},
		"modified": {&debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: append(rev[:2:2], debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, "52d9a149c634f2d395c0242bbd9c2e68ccea1a1c+dirty"},
		"neither":       {&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		"no build info": {nil, "(devel)"},
	} {
		if got := VersionOf(c.info); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

package forecast

import (
	"runtime/debug"
	"testing"
)

func TestCommitOf_TheRecordedRevisionDirtyWhenModified(t *testing.T) {
	for _, tc := range []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, ""},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}, "abc"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}, "abc-dirty"},
		{[]debug.BuildSetting{{Key: "vcs.modified", Value: "true"}}, ""},
	} {
		if got := commitOf(&debug.BuildInfo{Settings: tc.settings}); got != tc.want {
			t.Errorf("commitOf(%v) = %q, want %q", tc.settings, got, tc.want)
		}
	}
	if got := commitOf(nil); got != "" {
		t.Errorf("commitOf(nil) = %q", got)
	}
}

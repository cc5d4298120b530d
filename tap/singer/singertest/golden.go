package singertest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CheckGolden compares got with the golden file at path, or, when update is set, rewrites the
// file with got. A difference fails t at its first differing line, showing both.
func CheckGolden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it: go test -run %s -update in the test's package)", err, t.Name())
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("output differs from %s at line %d (%d lines, golden %d):\n got %.300s\nwant %.300s\n"+
				"If the change is intended: go test -run %s -update in the test's package, and review the diff.",
				path, i+1, len(gl), len(wl), g, w, t.Name())
		}
	}
}

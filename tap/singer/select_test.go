package singer

import (
	"slices"
	"strings"
	"testing"
)

func TestUnmatchedSelect_MeltanosPatternSyntax(t *testing.T) {
	streams := []string{"launches", "starlink", "rockets", "a.b"}
	patterns := []string{
		"launches.*", "!rockets.flickr_images", "star*", "[lr]*.id", "[!x]ockets", `a\.b.c`, "rocket?", // match
		"starlinks.*", "!nosuch.id", "a.b", "Launches", // do not
	}
	got := UnmatchedSelect(patterns, streams)
	want := []string{"starlinks.*", "!nosuch.id", "a.b", "Launches"}
	if !slices.Equal(got, want) {
		t.Errorf("unmatched %v, want %v", got, want)
	}
}

func TestCheckSelectEnv_NamesThePatternAndTheStreams(t *testing.T) {
	streams := []Stream{&fakeStream{name: "a"}, &fakeStream{name: "b"}}
	env := func(v string) func(string) string { return func(string) string { return v } }
	if err := CheckSelectEnv(env(""), "tap-x", streams); err != nil {
		t.Errorf("unset: %v", err)
	}
	if err := CheckSelectEnv(env(`["a.*","b"]`), "tap-x", streams); err != nil {
		t.Errorf("matching: %v", err)
	}
	err := CheckSelectEnv(env(`["a.*","c.*"]`), "tap-x", streams)
	if err == nil || !strings.Contains(err.Error(), `"c.*" selects no stream of tap-x (it has: a, b)`) {
		t.Errorf("c.*: %v", err)
	}
	if err := CheckSelectEnv(env(`a.*`), "tap-x", streams); err == nil || !strings.Contains(err.Error(), SelectEnv) {
		t.Errorf("not JSON: %v", err)
	}
}

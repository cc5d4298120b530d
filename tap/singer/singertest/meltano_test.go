package singertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer"
)

func TestMeltanoSettingsDiff_ReportsEachDisagreement(t *testing.T) {
	dir := t.TempDir()
	yml := `include_paths: ["plugins/*.yml"]
plugins:
  extractors:
  - name: tap-other
    settings:
    - {name: x, kind: string}
`
	inc := `plugins:
  extractors:
  - name: tap-demo
    settings:
    - {name: page_size, kind: integer, value: 50}
    - {name: password, kind: string, sensitive: false}
    - {name: extra, kind: string}
    - {name: agreed, kind: string, value: abc, sensitive: true}
`
	if err := os.MkdirAll(filepath.Join(dir, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "meltano.yml")
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plugins", "extractors.yml"), []byte(inc), 0o644); err != nil {
		t.Fatal(err)
	}
	about := singer.About{Name: "tap-demo", Settings: []singer.Setting{
		{Name: "page_size", Kind: singer.KindInteger, Default: 100},
		{Name: "password", Kind: singer.KindString, Sensitive: true},
		{Name: "start_date", Kind: singer.KindDate},
		{Name: "agreed", Kind: singer.KindString, Default: "abc", Sensitive: true},
	}}
	diffs, err := MeltanoSettingsDiff(path, about)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(diffs, "\n")
	for _, want := range []string{
		"setting page_size: default 50 in meltano.yml, 100 in --about",
		"setting password: sensitive false in meltano.yml, true in --about",
		"setting start_date: in --about, not in",
		"setting extra: in " + path + ", not in --about",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diffs lack %q:\n%s", want, got)
		}
	}
	if len(diffs) != 4 {
		t.Errorf("%d differences, want 4:\n%s", len(diffs), got)
	}
	if _, err := MeltanoSettingsDiff(path, singer.About{Name: "tap-missing"}); err == nil {
		t.Error("want an error for an extractor that is not declared")
	}
}

func TestMeltanoSelectDiff_NamesEachPatternMatchingNoStream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meltano.yml")
	yml := `plugins:
  extractors:
  - name: tap-demo
    select: ["launches.*", "starlinks.*"]
  - name: tap-other
    select: ["nothing.*"]
environments:
- name: dev
- name: snapshot
  config:
    plugins:
      extractors:
      - name: tap-demo
        select: ["launches.id", "!rocket.x"]
`
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	diffs, err := MeltanoSelectDiff(path, singer.About{Name: "tap-demo", Streams: []string{"launches", "starlink"}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(diffs, "\n")
	if len(diffs) != 2 || !strings.Contains(got, `plugins: select pattern "starlinks.*" selects no stream`) ||
		!strings.Contains(got, `environment snapshot: select pattern "!rocket.x" selects no stream`) {
		t.Errorf("diffs:\n%s\nwant starlinks.* and !rocket.x", got)
	}
}

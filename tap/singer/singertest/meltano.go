// Package singertest holds test helpers for taps built on package singer.
package singertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/spacex-elt/spacex-elt/tap/singer"
)

// meltanoProject is the part of a meltano.yml these helpers read.
type meltanoProject struct {
	IncludePaths []string `yaml:"include_paths"`
	Plugins      struct {
		Extractors []meltanoExtractor `yaml:"extractors"`
	} `yaml:"plugins"`
	Environments []struct {
		Name   string `yaml:"name"`
		Config struct {
			Plugins struct {
				Extractors []meltanoExtractor `yaml:"extractors"`
			} `yaml:"plugins"`
		} `yaml:"config"`
	} `yaml:"environments"`
}

type meltanoExtractor struct {
	Name     string           `yaml:"name"`
	Settings []meltanoSetting `yaml:"settings"`
	Select   []string         `yaml:"select"`
}

type meltanoSetting struct {
	Name      string `yaml:"name"`
	Kind      string `yaml:"kind"`
	Value     any    `yaml:"value"`
	Sensitive bool   `yaml:"sensitive"`
}

// MeltanoSettingsDiff compares the settings of the extractor called about.Name in a Meltano
// project file (and the files its include_paths name) with the tap's --about: the same names,
// and for each the same kind, default (Meltano's value) and sensitive flag. It returns one
// line per difference, none when they agree.
func MeltanoSettingsDiff(meltanoYML string, about singer.About) ([]string, error) {
	ext, err := findExtractor(meltanoYML, about.Name)
	if err != nil {
		return nil, err
	}
	var diffs []string
	declared := map[string]meltanoSetting{}
	for _, s := range ext.Settings {
		declared[s.Name] = s
	}
	var names []string
	for _, s := range about.Settings {
		names = append(names, s.Name)
		m, ok := declared[s.Name]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("setting %s: in --about, not in %s", s.Name, meltanoYML))
			continue
		}
		if m.Kind != s.Kind {
			diffs = append(diffs, fmt.Sprintf("setting %s: kind %q in meltano.yml, %q in --about", s.Name, m.Kind, s.Kind))
		}
		if got, want := canonical(m.Value), canonical(s.Default); got != want {
			diffs = append(diffs, fmt.Sprintf("setting %s: default %s in meltano.yml, %s in --about", s.Name, got, want))
		}
		if m.Sensitive != s.Sensitive {
			diffs = append(diffs, fmt.Sprintf("setting %s: sensitive %v in meltano.yml, %v in --about", s.Name, m.Sensitive, s.Sensitive))
		}
	}
	for _, s := range ext.Settings {
		if !slices.Contains(names, s.Name) {
			diffs = append(diffs, fmt.Sprintf("setting %s: in %s, not in --about", s.Name, meltanoYML))
		}
	}
	return diffs, nil
}

// CheckMeltanoSettings fails t for every difference MeltanoSettingsDiff finds.
func CheckMeltanoSettings(t testing.TB, meltanoYML string, about singer.About) {
	t.Helper()
	diffs, err := MeltanoSettingsDiff(meltanoYML, about)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("%s: %s", about.Name, d)
	}
}

// MeltanoSelectDiff returns one line per select pattern of the extractor called about.Name in a
// Meltano project file (and its include_paths), in its plugin definition or in any
// environment, that matches none of the tap's streams (singer.UnmatchedSelect). Meltano only
// warns of such a pattern; the tap refuses it at run time (singer.CheckSelectEnv).
func MeltanoSelectDiff(meltanoYML string, about singer.About) ([]string, error) {
	files, err := projectFiles(meltanoYML)
	if err != nil {
		return nil, err
	}
	var diffs []string
	check := func(where string, e meltanoExtractor) {
		if e.Name != about.Name {
			return
		}
		for _, p := range singer.UnmatchedSelect(e.Select, about.Streams) {
			diffs = append(diffs, fmt.Sprintf("%s: select pattern %q selects no stream (the tap has: %v)", where, p, about.Streams))
		}
	}
	for _, f := range files {
		for _, e := range f.Plugins.Extractors {
			check("plugins", e)
		}
		for _, env := range f.Environments {
			for _, e := range env.Config.Plugins.Extractors {
				check("environment "+env.Name, e)
			}
		}
	}
	return diffs, nil
}

// CheckMeltanoSelect fails t for every select pattern MeltanoSelectDiff finds.
func CheckMeltanoSelect(t testing.TB, meltanoYML string, about singer.About) {
	t.Helper()
	diffs, err := MeltanoSelectDiff(meltanoYML, about)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("%s in %s: %s", about.Name, meltanoYML, d)
	}
}

// findExtractor finds the extractor called name in a project file or its included files.
func findExtractor(path, name string) (meltanoExtractor, error) {
	files, err := projectFiles(path)
	if err != nil {
		return meltanoExtractor{}, err
	}
	for _, f := range files {
		for _, e := range f.Plugins.Extractors {
			if e.Name == name {
				return e, nil
			}
		}
	}
	return meltanoExtractor{}, fmt.Errorf("%s: no extractor named %s", path, name)
}

// projectFiles reads a project file and the files its include_paths name.
func projectFiles(path string) ([]meltanoProject, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading Meltano project: %w", err)
	}
	var p meltanoProject
	if err := yaml.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	files := []meltanoProject{p}
	for _, pattern := range p.IncludePaths {
		matches, err := filepath.Glob(filepath.Join(filepath.Dir(path), pattern))
		if err != nil {
			return nil, fmt.Errorf("%s: include_paths %q: %w", path, pattern, err)
		}
		for _, m := range matches {
			raw, err := os.ReadFile(m)
			if err != nil {
				return nil, err
			}
			var inc meltanoProject
			if err := yaml.Unmarshal(raw, &inc); err != nil {
				return nil, fmt.Errorf("%s: %w", m, err)
			}
			files = append(files, inc)
		}
	}
	return files, nil
}

// canonical writes a default as JSON, so that YAML's 100 and Go's 100 compare equal; no
// default is "none".
func canonical(v any) string {
	if v == nil {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}

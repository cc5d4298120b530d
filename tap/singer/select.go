package singer

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// SelectEnv is the variable in which Meltano hands an extractor its `select` patterns (the
// extra's value in meltano.yml or its environment, or TAP_<NAME>__SELECT), as a JSON list.
const SelectEnv = "MELTANO_EXTRACT__SELECT"

// unescapedDot splits a select pattern into its stream and property parts, as Meltano does.
var unescapedDot = regexp.MustCompile(`(^|[^\\])\.`)

// UnmatchedSelect returns the select patterns (Meltano's syntax: [!]stream[.property], fnmatch
// wildcards) whose stream part matches none of streams, in their order. Meltano only warns of
// such a pattern and runs on without it: a misspelt stream next to valid ones silently
// extracts less.
func UnmatchedSelect(patterns []string, streams []string) []string {
	var out []string
	for _, p := range patterns {
		stream := strings.TrimPrefix(p, "!")
		if loc := unescapedDot.FindStringIndex(stream); loc != nil {
			stream = stream[:loc[1]-1]
		}
		stream = strings.ReplaceAll(stream, `\.`, ".")
		glob := strings.ReplaceAll(stream, "[!", "[^") // fnmatch's negated class in Go's syntax
		matched := false
		for _, s := range streams {
			if ok, err := path.Match(glob, s); ok && err == nil {
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, p)
		}
	}
	return out
}

// CheckSelectEnv refuses the select patterns in the environment variable SelectEnv that match
// none of the tap's streams, naming each pattern and the streams there are. An unset variable
// (the tap run outside Meltano) passes.
func CheckSelectEnv(getenv func(string) string, tap string, streams []Stream) error {
	if getenv == nil || getenv(SelectEnv) == "" {
		return nil
	}
	var patterns []string
	if err := json.Unmarshal([]byte(getenv(SelectEnv)), &patterns); err != nil {
		return fmt.Errorf("%s is not a JSON list of select patterns: %w", SelectEnv, err)
	}
	var names []string
	for _, s := range streams {
		names = append(names, s.Name())
	}
	bad := UnmatchedSelect(patterns, names)
	if len(bad) == 0 {
		return nil
	}
	quoted := make([]string, len(bad))
	for i, b := range bad {
		quoted[i] = fmt.Sprintf("%q", b)
	}
	return fmt.Errorf("the extractor's select pattern %s selects no stream of %s (it has: %s): fix meltano.yml's select (%s)",
		strings.Join(quoted, ", "), tap, strings.Join(names, ", "), SelectEnv)
}

package report

import (
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Var is one dbt var of the forecast marts (`starlink_*`: the requirements table's), its
// default in dbt/dbt_project.yml and what it does, from the comment above it there. The
// forecast's own assumptions are the engine's (Data.Assumptions), not dbt vars.
type Var struct {
	Name    string
	Default string
	Effect  string
}

// LoadVars reads the forecast vars (`starlink_*`), their defaults and their comments from a
// dbt_project.yml, in the file's order. A comment describes the var under it and the vars that
// follow it without a comment of their own (a group); a first var without a comment is an
// error: the report documents every one.
func LoadVars(path string) ([]Var, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var project struct {
		Vars yaml.Node `yaml:"vars"`
	}
	if err := yaml.Unmarshal(raw, &project); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if project.Vars.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: no vars mapping", path)
	}
	var vars []Var
	nodes := project.Vars.Content
	for i := 0; i+1 < len(nodes); i += 2 {
		key, value := nodes[i], nodes[i+1]
		if !strings.HasPrefix(key.Value, "starlink_") {
			continue
		}
		effect := commentText(key.HeadComment)
		if effect == "" {
			effect = commentText(key.LineComment + value.LineComment)
		}
		if effect == "" && len(vars) > 0 {
			effect = vars[len(vars)-1].Effect // one comment over a group of vars
		}
		if effect == "" {
			return nil, fmt.Errorf("%s: var %s has no comment saying what it does (write one on the line above it)", path, key.Value)
		}
		def, err := flowYAML(value)
		if err != nil {
			return nil, fmt.Errorf("%s: var %s: %w", path, key.Value, err)
		}
		vars = append(vars, Var{Name: key.Value, Default: def, Effect: effect})
	}
	if len(vars) == 0 {
		return nil, fmt.Errorf("%s: no starlink_* vars", path)
	}
	return vars, nil
}

// commentText is the last paragraph of a YAML comment (the one right above the key, not a
// section's heading before a blank line), without the '#'s, on one line.
func commentText(comment string) string {
	paragraphs := strings.Split(strings.TrimSpace(comment), "\n\n")
	var words []string
	for line := range strings.SplitSeq(paragraphs[len(paragraphs)-1], "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line != "" {
			words = append(words, line)
		}
	}
	return strings.Join(words, " ")
}

// flowYAML writes a var's default on one line: a scalar as it is, a list or map in flow style.
func flowYAML(n *yaml.Node) (string, error) {
	if n.Kind == yaml.ScalarNode {
		return n.Value, nil
	}
	c := *n
	c.Style = yaml.FlowStyle
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	out, err := yaml.Marshal(&c)
	if err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(string(out)), " "), nil
}

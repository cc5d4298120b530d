package singer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Kinds of settings, as Meltano names them.
const (
	KindString  = "string"
	KindInteger = "integer"
	KindBoolean = "boolean"
	KindDate    = "date_iso8601"
)

// Setting is one row of a tap's settings table: the one place a setting is written. Both
// --about and config parsing (ParseSettings) derive from the table.
type Setting struct {
	Name string `json:"name"`
	// Kind is KindString, KindInteger, KindBoolean or KindDate.
	Kind string `json:"kind"`
	// Default is the value when the config leaves the setting out (or null): a string, int or
	// bool matching Kind; nil for none.
	Default     any    `json:"default,omitempty"`
	Description string `json:"description"`
	// Sensitive settings (passwords, tokens) are never quoted in errors.
	Sensitive bool `json:"sensitive"`
	// Required settings must be given a non-empty value.
	Required bool `json:"required"`
	// Into is where ParseSettings stores the value: a *string (KindString), *int (KindInteger),
	// *bool (KindBoolean) or *time.Time (KindDate, UTC).
	Into any `json:"-"`
	// Check, when set, validates the value stored in Into; its error is reported as
	// "config <name>: <error>".
	Check func() error `json:"-"`
}

// About is what --about prints.
type About struct {
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Version      string    `json:"version"`
	Capabilities []string  `json:"capabilities"`
	Settings     []Setting `json:"settings"`
	Streams      []string  `json:"streams"`
}

// WriteMarkdown prints the description as Markdown.
func (a About) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\nVersion: %s\n\n## Capabilities\n\n", a.Name, a.Description, a.Version)
	for _, c := range a.Capabilities {
		fmt.Fprintf(&b, "- `%s`\n", c)
	}
	b.WriteString("\n## Settings\n\n| name | kind | default | description |\n|---|---|---|---|\n")
	for _, s := range a.Settings {
		desc := s.Description
		if s.Sensitive {
			desc += " (sensitive)"
		}
		if s.Required {
			desc += " (required)"
		}
		def := "–" // no default
		if s.Default != nil {
			def = fmt.Sprintf("`%v`", s.Default)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.Name, s.Kind, def, desc)
	}
	b.WriteString("\n## Streams\n\n")
	for _, s := range a.Streams {
		fmt.Fprintf(&b, "- `%s`\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParseSettings decodes a config document (a JSON object) into the settings' Into fields:
// defaults first, then the config's values, then the checks. It reports every bad setting at
// once, naming each. Meltano passes numbers and booleans it was given as strings through as
// strings, so integer and boolean settings accept both. Keys the table does not know are
// ignored.
func ParseSettings(raw []byte, settings []Setting) error {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("config is not a JSON object: %w", err)
	}
	var errs []error
	for _, s := range settings {
		if err := setDefault(s); err != nil {
			return err // a bug in the table, not in the config
		}
		v, ok := doc[s.Name]
		given := ok && string(v) != "null"
		if given {
			if err := parseSetting(s, v); err != nil {
				errs = append(errs, fmt.Errorf("config %s: %w", s.Name, err))
				continue
			}
		}
		if s.Required && isEmpty(s.Into) {
			errs = append(errs, fmt.Errorf("config %s: required, but not set", s.Name))
			continue
		}
		if s.Check != nil {
			if err := s.Check(); err != nil {
				errs = append(errs, fmt.Errorf("config %s: %w", s.Name, err))
			}
		}
	}
	return errors.Join(errs...)
}

func setDefault(s Setting) error {
	switch dst := s.Into.(type) {
	case *string:
		*dst, _ = s.Default.(string)
	case *int:
		*dst, _ = s.Default.(int)
	case *bool:
		*dst, _ = s.Default.(bool)
	case *time.Time:
		*dst = time.Time{}
		if d, ok := s.Default.(string); ok && d != "" {
			t, err := parseDate(d)
			if err != nil {
				return fmt.Errorf("setting %s: default %q: %w", s.Name, d, err)
			}
			*dst = t
		}
	default:
		return fmt.Errorf("setting %s: Into is %T, want *string, *int, *bool or *time.Time", s.Name, s.Into)
	}
	return nil
}

func parseSetting(s Setting, v json.RawMessage) error {
	got := string(v)
	if s.Sensitive {
		got = "a value that is not one (not shown: the setting is sensitive)"
	}
	switch dst := s.Into.(type) {
	case *string:
		if err := json.Unmarshal(v, dst); err != nil {
			return fmt.Errorf("want a string, got %s", got)
		}
	case *int:
		str := strings.Trim(string(v), `"`)
		var n int
		if _, err := fmt.Sscan(str, &n); err != nil || fmt.Sprint(n) != str {
			return fmt.Errorf("want an integer, got %s", got)
		}
		*dst = n
	case *bool:
		switch strings.ToLower(strings.Trim(string(v), `"`)) {
		case "true":
			*dst = true
		case "false":
			*dst = false
		default:
			return fmt.Errorf("want true or false, got %s", got)
		}
	case *time.Time:
		var str string
		if err := json.Unmarshal(v, &str); err != nil {
			return fmt.Errorf("want a string, got %s", got)
		}
		if str == "" {
			*dst = time.Time{}
			return nil
		}
		t, err := parseDate(str)
		if err != nil {
			return fmt.Errorf("%q: want an RFC 3339 date-time or a YYYY-MM-DD date", str)
		}
		*dst = t
	}
	return nil
}

func isEmpty(into any) bool {
	switch v := into.(type) {
	case *string:
		return strings.TrimSpace(*v) == ""
	case *time.Time:
		return v.IsZero()
	}
	return false
}

// parseDate reads an RFC 3339 date-time or a plain date (taken as UTC midnight).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}

// Between is a setting's Check for an integer: min <= n, and n <= max when max > 0.
func Between(n, min, max int) error {
	switch {
	case max > 0 && (n < min || n > max):
		return fmt.Errorf("%d: want %d..%d", n, min, max)
	case n < min:
		return fmt.Errorf("%d: want at least %d", n, min)
	}
	return nil
}

// HTTPURL is a setting's Check for a URL: absolute, http or https.
func HTTPURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%q: %w", s, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return fmt.Errorf("%q: want an absolute http(s) URL", s)
	}
	return nil
}

// ParseConfig decodes a tap's config document into a new C through the settings table that
// settings builds over it (defaults, the document's values, each row's Check), reporting
// every bad setting at once.
func ParseConfig[C any](raw []byte, settings func(*C) []Setting) (C, error) {
	var c C
	if err := ParseSettings(raw, settings(&c)); err != nil {
		var zero C
		return zero, err
	}
	return c, nil
}

// PathError is the error of a path setting (e.g. snapshot_dir) that cannot be used: it names
// the setting, the path as given and, for a relative path, the working directory it was
// taken from (Meltano runs a plugin from its project folder, meltano/).
func PathError(setting, path string, err error) error {
	if filepath.IsAbs(path) {
		return fmt.Errorf("config %s %q: %w", setting, path, err)
	}
	wd, werr := os.Getwd()
	if werr != nil {
		wd = "(unknown: " + werr.Error() + ")"
	}
	return fmt.Errorf("config %s %q (relative to the working directory %s; an absolute path is safest): %w", setting, path, wd, err)
}

package tap

import (
	"fmt"
	"io"
	"strings"
)

// Setting describes one config setting for --about.
type Setting struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Default     any    `json:"default,omitempty"`
	Description string `json:"description"`
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

// NewAbout describes the tap.
func NewAbout(version string) About {
	var streams []string
	for _, s := range Streams() {
		streams = append(streams, s.Name)
	}
	return About{
		Name:         "tap-spacex",
		Description:  "Singer tap for the r-spacex SpaceX API (v4 and v5), over a client generated from an OpenAPI spec.",
		Version:      version,
		Capabilities: []string{"about", "activate-version", "catalog", "discover", "state"},
		Settings: []Setting{
			{Name: "base_url", Kind: "string", Default: DefaultBaseURL, Description: "Root URL of the API, or of a replay server."},
			{Name: "page_size", Kind: "integer", Default: DefaultPageSize, Description: "Documents per POST /query page (1..10000)."},
			{Name: "user_agent", Kind: "string", Default: DefaultUserAgent, Description: "User-Agent header of every request."},
			{Name: "request_timeout_seconds", Kind: "integer", Default: DefaultRequestTimeout, Description: "Timeout of one HTTP request, its retries included."},
			{Name: "start_date", Kind: "date_iso8601", Description: "Where the incremental launches stream starts on its first run (RFC 3339 or YYYY-MM-DD); all launches when empty."},
			{Name: "lookback_days", Kind: "integer", Default: DefaultLookbackDays, Description: "Days before the launches bookmark that each run re-reads, since the API changes recent launches in place."},
			{Name: "max_attempts", Kind: "integer", Default: DefaultMaxAttempts, Description: "Tries per request before giving up (429, 5xx and connection errors are retried)."},
		},
		Streams: streams,
	}
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
		fmt.Fprintf(&b, "| `%s` | %s | `%v` | %s |\n", s.Name, s.Kind, s.Default, s.Description)
	}
	b.WriteString("\n## Streams\n\n")
	for _, s := range a.Streams {
		fmt.Fprintf(&b, "- `%s`\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

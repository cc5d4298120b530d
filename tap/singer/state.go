package singer

import (
	"encoding/json"
	"fmt"
	"os"
)

// ReadState reads a state file, given bare (`{"bookmarks":…}`) or wrapped as Meltano and some
// targets save it (`{"value":{"bookmarks":…}}`). An empty file is an empty state.
func ReadState(path string) (State, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return State{}, fmt.Errorf("reading state: %w", err)
	}
	return ParseState(raw)
}

// ParseState decodes a state document, bare or wrapped in {"value": …}.
func ParseState(raw []byte) (State, error) {
	var doc struct {
		Value     *State              `json:"value"`
		Bookmarks map[string]Bookmark `json:"bookmarks"`
	}
	if len(raw) == 0 {
		return State{Bookmarks: map[string]Bookmark{}}, nil
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return State{}, fmt.Errorf("state is not valid: %w", err)
	}
	s := State{Bookmarks: doc.Bookmarks}
	if doc.Value != nil {
		s = *doc.Value
	}
	if s.Bookmarks == nil {
		s.Bookmarks = map[string]Bookmark{}
	}
	return s, nil
}

package spacex

import (
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"strings"
	"testing"
)

func TestParseConfig_Defaults(t *testing.T) {
	c, err := ParseConfig([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	// The defaults as documented (README, meltano.yml), written here independently of the
	// settings table they come from.
	want := Config{BaseURL: "https://api.spacexdata.com", PageSize: 100, UserAgent: "tap-spacex (spacex-elt)",
		RequestTimeoutSeconds: 30, MaxAttempts: 5, LookbackDays: 30}
	if c != want {
		t.Errorf("defaults: got %+v, want %+v", c, want)
	}
}

func TestParseConfig_AcceptsNumbersAsStrings(t *testing.T) {
	// Meltano passes settings from environment variables as strings.
	c, err := ParseConfig([]byte(`{"base_url":"http://127.0.0.1:8080","page_size":"250","request_timeout_seconds":7}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.PageSize != 250 || c.RequestTimeoutSeconds != 7 || c.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("got %+v", c)
	}
}

func TestParseConfig_RejectsBadValuesNamingEachSetting(t *testing.T) {
	_, err := ParseConfig([]byte(`{"base_url":"ftp:/nowhere","page_size":-1,"request_timeout_seconds":"soon","max_attempts":0}`))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, setting := range []string{"base_url", "request_timeout_seconds"} {
		if !strings.Contains(err.Error(), setting) {
			t.Errorf("error does not name %s: %v", setting, err)
		}
	}
	_, err = ParseConfig([]byte(`{"base_url":"ftp:/nowhere","page_size":-1,"max_attempts":0}`))
	for _, setting := range []string{"base_url", "page_size", "max_attempts"} {
		if err == nil || !strings.Contains(err.Error(), setting) {
			t.Errorf("error does not name %s: %v", setting, err)
		}
	}
}

func TestParseConfig_RejectsNonObject(t *testing.T) {
	if _, err := ParseConfig([]byte(`[1]`)); err == nil {
		t.Error("want an error for a JSON array")
	}
}

func TestParseState_BareAndWrapped(t *testing.T) {
	for _, doc := range []string{
		`{"bookmarks":{"starlink":{"version":5,"next_page":3}}}`,
		`{"value":{"bookmarks":{"starlink":{"version":5,"next_page":3}}}}`,
	} {
		s, err := singer.ParseState([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if got := s.Bookmarks["starlink"]; got.Version != 5 || got.NextPage != 3 {
			t.Errorf("%s: got %+v", doc, got)
		}
	}
	if s, err := singer.ParseState(nil); err != nil || s.Bookmarks == nil {
		t.Errorf("empty state: %+v, %v", s, err)
	}
	if _, err := singer.ParseState([]byte(`{`)); err == nil {
		t.Error("want an error for broken JSON")
	}
}

package celestrak

import (
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

func TestParseConfig_DefaultsAndRefusals(t *testing.T) {
	c, err := ParseConfig([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{BaseURL: "https://celestrak.org", Query: "NAME=STARLINK", UserAgent: "tap-celestrak (spacex-elt; +https://github.com/spacex-elt/spacex-elt)",
		RequestTimeoutSeconds: 60, MaxAttempts: 3, MinIntervalMinutes: 120}
	if c != want {
		t.Errorf("config = %+v\nwant %+v", c, want)
	}
	for raw, wantErr := range map[string]string{
		`{"query":"STARLINK"}`:         "config query: \"STARLINK\": want FIELD=VALUE",
		`{"query":"SPECIAL=GPZ"}`:      "with FIELD one of GROUP, NAME, INTDES, CATNR",
		`{"query":"GROUP="}`:           "config query",
		`{"max_attempts":0}`:           "config max_attempts",
		`{"min_interval_minutes":-1}`:  "config min_interval_minutes",
		`{"base_url":"celestrak.org"}`: "config base_url",
	} {
		if _, err := ParseConfig([]byte(raw)); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: error %v, want %q", raw, err, wantErr)
		}
	}
}

func TestMeltanoYML_DeclaresEverySetting(t *testing.T) {
	singertest.CheckMeltanoSettings(t, "../../meltano/meltano.yml", Tap{}.About())
	singertest.CheckMeltanoSelect(t, "../../meltano/meltano.yml", Tap{}.About())
}

package spacetrack

import (
	"os"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

func TestParseConfig_DefaultsAndRefusals(t *testing.T) {
	c, err := ParseConfig([]byte(`{"identity":"a@b.c","password":"p"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Identity: "a@b.c", Password: "p", BaseURL: "https://www.space-track.org", SatName: "STARLINK",
		ObjectType: "PAYLOAD", PageSize: 2000, UserAgent: "tap-spacetrack (spacex-elt)", RequestTimeoutSeconds: 60,
		MaxAttempts: 5, RequestsPerMinute: 24, RequestsPerHour: 240}
	if c != want {
		t.Errorf("config = %+v\nwant %+v", c, want)
	}
	if p := c.ledgerPath(); !strings.HasSuffix(p, "spacex-elt/space-track-requests.json") {
		t.Errorf("default ledger = %s", p)
	}

	// Discovery needs no credentials; a sync does.
	c, err = ParseConfig([]byte(`{}`))
	if err != nil {
		t.Errorf("no credentials: %v, want a config discovery can use", err)
	}
	err = c.CheckSync()
	if err == nil || !strings.Contains(err.Error(), "config identity: required to sync") || !strings.Contains(err.Error(), "config password: required to sync") {
		t.Errorf("no credentials: CheckSync = %v, want both named", err)
	}
	for raw, wantErr := range map[string]string{
		`{"identity":"a","password":"p","satname":"STARLINK/OBJECT_TYPE/DEBRIS"}`:    "config satname",
		`{"identity":"a","password":"p","object_type":"~~X"}`:                        "config object_type",
		`{"identity":"a","password":"p","requests_per_minute":31,"max_attempts":1}`:  "config requests_per_minute: 31: want 1..30",
		`{"identity":"a","password":"p","requests_per_minute":28}`:                   "config requests_per_minute: 28: want 1..26 with max_attempts 5",
		`{"identity":"a","password":"p","requests_per_hour":"301","max_attempts":1}`: "config requests_per_hour: 301: want 1..300",
		`{"identity":"a","password":"p","base_url":"ftp://x"}`:                       "config base_url",
		`{"identity":"a","password":"p","page_size":0}`:                              "config page_size",
	} {
		if _, err := ParseConfig([]byte(raw)); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: %v, want %q", raw, err, wantErr)
		}
	}
	// A sensitive setting's value is never quoted, even when it is wrong.
	_, err = ParseConfig([]byte(`{"identity":"a","password":12345678}`))
	if err == nil || strings.Contains(err.Error(), "12345678") {
		t.Errorf("a bad password: %v, want an error that does not quote it", err)
	}
}

// meltano/meltano.yml declares tap-spacetrack's settings as --about describes them.
func TestAbout_AgreesWithMeltanoYML(t *testing.T) {
	singertest.CheckMeltanoSettings(t, "../../meltano/meltano.yml", Tap{Version: "test"}.About())
}

// Every select pattern meltano/meltano.yml gives the tap (plugin or environment) selects a
// stream: Meltano would only warn of one that does not.
func TestMeltanoSelect_EveryPatternSelectsAStream(t *testing.T) {
	singertest.CheckMeltanoSelect(t, "../../meltano/meltano.yml", Tap{Version: "test"}.About())
}

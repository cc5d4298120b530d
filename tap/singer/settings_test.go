package singer

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type demoConfig struct {
	URL    string
	Size   int
	Debug  bool
	Since  time.Time
	Secret string
}

func demoSettings(c *demoConfig) []Setting {
	return []Setting{
		{Name: "url", Kind: KindString, Default: "http://x", Into: &c.URL},
		{Name: "size", Kind: KindInteger, Default: 10, Into: &c.Size, Check: func() error {
			if c.Size < 1 {
				return errors.New("want at least 1")
			}
			return nil
		}},
		{Name: "debug", Kind: KindBoolean, Into: &c.Debug},
		{Name: "since", Kind: KindDate, Into: &c.Since},
		{Name: "secret", Kind: KindString, Sensitive: true, Required: true, Into: &c.Secret},
	}
}

func TestParseSettings_DefaultsStringsAndDates(t *testing.T) {
	var c demoConfig
	err := ParseSettings([]byte(`{"size":"25","debug":"true","since":"2021-10-17","secret":"s3cret","unknown":1}`), demoSettings(&c))
	if err != nil {
		t.Fatal(err)
	}
	want := demoConfig{URL: "http://x", Size: 25, Debug: true, Since: time.Date(2021, 10, 17, 0, 0, 0, 0, time.UTC), Secret: "s3cret"}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestParseSettings_NamesEveryBadSettingAndNeverQuotesASecret(t *testing.T) {
	var c demoConfig
	err := ParseSettings([]byte(`{"size":0,"debug":"maybe","since":"soon","secret":12345}`), demoSettings(&c))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"config size: want at least 1", "config debug: want true or false", `config since: "soon"`, "config secret:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "12345") {
		t.Errorf("error quotes the sensitive value: %v", err)
	}
	err = ParseSettings([]byte(`{}`), demoSettings(&c))
	if err == nil || !strings.Contains(err.Error(), "config secret: required") {
		t.Errorf("error %v; want the required secret named", err)
	}
	if err := ParseSettings([]byte(`[]`), demoSettings(&c)); err == nil {
		t.Error("want an error for a config that is not an object")
	}
}

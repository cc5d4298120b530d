package warehouse

import (
	"strings"
	"testing"
)

func TestLoginConfig_TheComponentsLoginNeverTheAdmins(t *testing.T) {
	env := map[string]string{"PGHOST": "db.example", "PGPORT": "6543", "PGDATABASE": "spacex",
		"PGUSER": "admin", "PGPASSWORD": "admin-secret",
		"SPACEX_FORECASTER_USER": " forecaster ", "SPACEX_FORECASTER_PASSWORD": `p'w\x`}
	cfg, err := LoginConfig(func(k string) string { return env[k] }, "SPACEX_FORECASTER", "spacex-forecast")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "db.example" || cfg.Port != 6543 || cfg.Database != "spacex" || cfg.User != "forecaster" ||
		cfg.Password != `p'w\x` || cfg.RuntimeParams["application_name"] != "spacex-forecast" {
		t.Errorf("config = %s:%d/%s as %s (password %q), app %q", cfg.Host, cfg.Port, cfg.Database, cfg.User, cfg.Password, cfg.RuntimeParams["application_name"])
	}
	for unset, want := range map[string]string{"SPACEX_FORECASTER_USER": "SPACEX_FORECASTER_USER is not set", "PGHOST": "PGHOST is not set", "PGDATABASE": "PGDATABASE is not set"} {
		e := map[string]string{}
		for k, v := range env {
			e[k] = v
		}
		delete(e, unset)
		if _, err := LoginConfig(func(k string) string { return e[k] }, "SPACEX_FORECASTER", "x"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("without %s: %v, want %q", unset, err, want)
		}
	}
}

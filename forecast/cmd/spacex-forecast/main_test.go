package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/forecast"
	"github.com/spacex-elt/spacex-elt/warehouse"
	"github.com/spacex-elt/spacex-elt/warehouse/warehousetest"
)

// invoke runs the command with env as its whole environment.
func invoke(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsageErrors_ExitTwoNamingTheMistake(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unknownInFile := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknownInFile, []byte("paths: 2000\nstarship_ceiling: 4\n"), 0o600)
	notAMapping := filepath.Join(dir, "list.yaml")
	os.WriteFile(notAMapping, []byte("- paths\n"), 0o600)
	twice := filepath.Join(dir, "twice.yaml")
	os.WriteFile(twice, []byte("paths: 2000\nseed: 1\npaths: 3000\n"), 0o600)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no command":           {nil, "no command"},
		"unknown command":      {[]string{"forecast"}, `unknown command "forecast"`},
		"unknown assumption":   {[]string{"run", "-set", "paths=2000", "-set", "starship_ceiling=4"}, `-set starship_ceiling=4: unknown assumption "starship_ceiling"`},
		"not a number":         {[]string{"run", "-set", "paths=many"}, `-set paths=many: assumption paths: "many" is not a whole number`},
		"not a month":          {[]string{"assumptions", "-set", "horizon_month=2045"}, `assumption horizon_month: "2045" is not a month (YYYY-MM)`},
		"no equals sign":       {[]string{"run", "-set", "paths"}, `-set "paths": want name=value`},
		"stray argument":       {[]string{"run", "paths=2000"}, `unexpected argument "paths=2000"`},
		"unknown flag":         {[]string{"run", "-seed", "1"}, "flag provided but not defined: -seed"},
		"missing file":         {[]string{"run", "-assumptions", filepath.Join(dir, "none.yaml")}, "none.yaml: no such file"},
		"unknown name in file": {[]string{"run", "-assumptions", unknownInFile}, `unknown.yaml:2: unknown assumption "starship_ceiling"`},
		"file not a mapping":   {[]string{"run", "-assumptions", notAMapping}, "list.yaml:1: want a mapping"},
		"name twice in file":   {[]string{"run", "-assumptions", twice}, "twice.yaml:3: assumption paths is already set on line 1"},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := invoke(t, nil, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestParseAssumptions_FileThenSetsInOrder(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	os.WriteFile(file, []byte("# a comment\npaths: 2000\nstarship_first_starlink_month_p50: \"2028-06\"\nseed: 7\n"), 0o600)
	a, err := parseAssumptions([]string{"-assumptions", file, "-set", "seed=8", "-set", "seed=9", "-set", "falcon9_ceiling_launches_per_month=14.5"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Paths != 2000 || a.StarshipFirstStarlinkMonthP50 != "2028-06" || a.Seed != 9 || a.Falcon9CeilingLaunchesPerMonth != 14.5 {
		t.Errorf("assumptions = %+v", a)
	}
	d, _ := forecast.DefaultAssumptions()
	if a.TargetSatellites != d.TargetSatellites || a.HorizonMonth != d.HorizonMonth {
		t.Errorf("an assumption not overridden changed: %+v", a)
	}
}

func TestAssumptions_PrintsTheTableWithOverrides(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := invoke(t, nil, "assumptions", "-set", "paths=2000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	catalogue, _ := forecast.Catalogue()
	if len(lines) != len(catalogue)+1 {
		t.Fatalf("%d lines, want a header and %d assumptions:\n%s", len(lines), len(catalogue), stdout)
	}
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "name value unit source" {
		t.Errorf("header = %q", lines[0])
	}
	var paths string
	for _, l := range lines {
		if strings.HasPrefix(l, "paths ") {
			paths = l
		}
	}
	if !strings.Contains(paths, "2000 (default 1000)") || !strings.Contains(paths, "Project choice") {
		t.Errorf("paths line = %q", paths)
	}
}

func TestRun_NeedsTheForecastersLoginUser(t *testing.T) {
	t.Parallel()
	code, _, stderr := invoke(t, map[string]string{"PGHOST": "127.0.0.1", "PGDATABASE": "x", "PGUSER": "postgres"}, "run")
	if code != 2 || !strings.Contains(stderr, "SPACEX_FORECASTER_USER is not set") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = invoke(t, map[string]string{"SPACEX_FORECASTER_USER": "f"}, "run")
	if code != 2 || !strings.Contains(stderr, "PGHOST is not set") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestRun_FailedLoginIsOneLineNamingTheUserNeverThePassword(t *testing.T) {
	t.Parallel()
	cfg := warehousetest.Database(t)
	env := map[string]string{
		"PGHOST": cfg.Host, "PGPORT": itoa(int(cfg.Port)), "PGDATABASE": cfg.Database,
		"PGUSER": cfg.User, "PGPASSWORD": cfg.Password,
		"SPACEX_FORECASTER_USER": "no_such_forecaster", "SPACEX_FORECASTER_PASSWORD": "Sekrit-Forecaster-Pw-1",
	}
	code, stdout, stderr := invoke(t, env, "run")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 {
		t.Errorf("%d lines on stderr, want 1:\n%s", len(lines), stderr)
	}
	for _, want := range []string{"level=ERROR", "cannot log in to the warehouse", "as no_such_forecaster (SPACEX_FORECASTER_USER)", cfg.Database} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	if strings.Contains(stderr, "Sekrit") || (cfg.Password != "" && strings.Contains(stderr, cfg.Password)) {
		t.Errorf("stderr holds a password: %s", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
}

func TestRun_ForecastsFromTheMartsAndWritesOneRunAsTheForecaster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := warehousetest.Database(t)
	user := warehousetest.Login(t, cfg, warehouse.ForecasterRole)
	admin := warehousetest.Connect(t, cfg)
	warehousetest.Marts(t, admin)
	// 30 monthly Falcon 9 launches of 20 satellites (2019-05 .. 2021-10), every tenth
	// satellite re-entered a year after launch: enough history for the engine to fit.
	if _, err := admin.Exec(ctx, `insert into analytics.fct_starlink_launches
		(launch_key, launch_designator, rocket_name, satellites_deployed, launch_date, as_of_date)
		select to_char(m, 'YYYY-') || lpad(n::text, 3, '0'), to_char(m, 'YYYY-') || lpad(n::text, 3, '0'),
			'Falcon 9', 20, m::date + 9, date '2021-10-17'
		from generate_series(0, 29) as n, lateral (select date '2019-05-01' + make_interval(months => n) as m) as months;
		insert into analytics.dim_starlink_satellites
		(norad_id, launch_designator, launch_key, source, is_in_orbit, launch_date, decay_date, as_of_date)
		select 44000 + 20 * n + k, l.launch_key, l.launch_key, 'spacex_api', k % 10 <> 0 or l.launch_date + 365 > date '2021-10-17',
			l.launch_date, case when k % 10 = 0 and l.launch_date + 365 <= date '2021-10-17' then l.launch_date + 365 end,
			date '2021-10-17'
		from (select launch_key, launch_date, row_number() over (order by launch_date) - 1 as n from analytics.fct_starlink_launches) as l,
			generate_series(0, 19) as k`); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		// The admin's PGUSER/PGPASSWORD are in the environment too: the command must not use them.
		"PGHOST": cfg.Host, "PGPORT": itoa(int(cfg.Port)), "PGDATABASE": cfg.Database,
		"PGUSER": cfg.User, "PGPASSWORD": cfg.Password,
		"SPACEX_FORECASTER_USER": user.Name, "SPACEX_FORECASTER_PASSWORD": user.Password,
	}
	code, stdout, stderr := invoke(t, env, "run", "-set", "horizon_month=2023-12", "-set", "seed=7")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	for _, want := range []string{`msg="history loaded" satellites=600 launches=30 as_of=2021-10-17 sources=spacex_api`,
		`msg="forecast computed"`, `msg="forecast saved" run_id=`, "git_commit=<nil>", "duration="} {
		if !strings.Contains(stderr, want) {
			t.Errorf("log lacks %q:\n%s", want, stderr)
		}
	}
	var runs, seed int
	var horizon, sources string
	var commitIsNull bool
	if err := admin.QueryRow(ctx, `select count(*), max(seed), max(horizon_month)::text, max(data_sources), bool_and(git_commit is null) from forecast.runs`).
		Scan(&runs, &seed, &horizon, &sources, &commitIsNull); err != nil {
		t.Fatal(err)
	}
	if runs != 1 || seed != 7 || horizon != "2023-12-01" || sources != "spacex_api" || !commitIsNull {
		t.Errorf("forecast.runs: %d runs, seed %d, horizon %s, sources %s, commit null %v", runs, seed, horizon, sources, commitIsNull)
	}
	var overridden int
	if err := admin.QueryRow(ctx, `select count(*) from forecast.assumptions where is_overridden`).Scan(&overridden); err != nil {
		t.Fatal(err)
	}
	if overridden != 2 {
		t.Errorf("%d overridden assumptions recorded, want 2 (horizon_month, seed)", overridden)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestConnConfig_IsTheForecasterNeverTheAdmin(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PGHOST": "db.example.com", "PGPORT": "6543", "PGDATABASE": "wh'se",
		"PGUSER": "admin", "PGPASSWORD": "Admin-Pw",
		"SPACEX_FORECASTER_USER": "forecaster", "SPACEX_FORECASTER_PASSWORD": `F'c\Pw`}
	cfg, err := connConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "db.example.com" || cfg.Port != 6543 || cfg.Database != "wh'se" || cfg.User != "forecaster" || cfg.Password != `F'c\Pw` {
		t.Errorf("config = host %s port %d db %s user %s password %q", cfg.Host, cfg.Port, cfg.Database, cfg.User, cfg.Password)
	}
	if cfg.RuntimeParams["application_name"] != ApplicationName {
		t.Errorf("application_name = %q", cfg.RuntimeParams["application_name"])
	}
	delete(env, "SPACEX_FORECASTER_PASSWORD")
	if cfg, err = connConfig(func(k string) string { return env[k] }); err != nil || cfg.Password != "" {
		t.Errorf("without SPACEX_FORECASTER_PASSWORD the password is %q (%v), want none: never the admin's", cfg.Password, err)
	}
}

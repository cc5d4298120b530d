package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/warehouse"
)

// newDatabase creates a database on the server of the PG* variables, points PGDATABASE at it
// for the test, and drops it at the end.
func newDatabase(t *testing.T) string {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: these tests need a real PostgreSQL server; run them with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./warehouse/...`)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "spacex_migrate_test_" + hex.EncodeToString(b)
	adminExec(t, "create database "+name)
	t.Cleanup(func() { adminExec(t, "drop database if exists "+name+" with (force)") })
	t.Setenv("PGDATABASE", name)
	return name
}

func adminExec(t *testing.T, sqls ...string) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgx.ParseConfig("dbname=postgres")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, sql := range sqls {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func runCommand(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	t.Logf("spacex-migrate %s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
	return code, out.String(), errOut.String()
}

func TestRun_UpVersionDownUp(t *testing.T) {
	newDatabase(t)
	if code, _, _ := runCommand(t, nil, "up"); code != 0 {
		t.Fatalf("up: exit %d", code)
	}
	latest, _ := latestVersions(t)
	if code, out, _ := runCommand(t, nil, "version"); code != 0 || out != fmt.Sprintf("%d\n", latest) {
		t.Errorf("version: exit %d, stdout %q, want %d", code, out, latest)
	}
	if code, _, _ := runCommand(t, nil, "down", "99"); code != 0 {
		t.Fatalf("down 99: exit %d", code)
	}
	if code, out, _ := runCommand(t, nil, "version"); code != 0 || out != "0\n" {
		t.Errorf("version after down: exit %d, stdout %q, want 0", code, out)
	}
	if code, _, _ := runCommand(t, nil, "up"); code != 0 {
		t.Fatalf("up again: exit %d", code)
	}
}

func TestRun_UpCreatesLoginUsersAndNeverLogsPasswords(t *testing.T) {
	newDatabase(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	prefix := "spacex_test_" + hex.EncodeToString(b)
	env := map[string]string{
		"SPACEX_LOADER_USER":          prefix + "_loader",
		"SPACEX_LOADER_PASSWORD":      "Cmd-Loader-Pw-1",
		"SPACEX_TRANSFORMER_USER":     prefix + "_transformer",
		"SPACEX_TRANSFORMER_PASSWORD": "Cmd-Transformer-Pw-2",
		"SPACEX_ANALYST_USER":         prefix + "_analyst",
		"SPACEX_ANALYST_PASSWORD":     "Cmd-Analyst-Pw-3",
	}
	t.Cleanup(func() {
		adminExec(t, "drop role if exists "+env["SPACEX_LOADER_USER"], "drop role if exists "+env["SPACEX_TRANSFORMER_USER"],
			"drop role if exists "+env["SPACEX_ANALYST_USER"])
	})
	code, out, errOut := runCommand(t, env, "up")
	if code != 0 {
		t.Fatalf("up: exit %d", code)
	}
	for _, k := range []string{"SPACEX_LOADER_USER", "SPACEX_TRANSFORMER_USER", "SPACEX_ANALYST_USER"} {
		if !strings.Contains(errOut, env[k]) {
			t.Errorf("the log does not mention %s", env[k])
		}
	}
	for _, k := range []string{"SPACEX_LOADER_PASSWORD", "SPACEX_TRANSFORMER_PASSWORD", "SPACEX_ANALYST_PASSWORD"} {
		if strings.Contains(errOut+out, env[k]) {
			t.Errorf("the output shows %s", k)
		}
	}
}

func TestRun_DirtyDatabaseFailsSayingHowToFix(t *testing.T) {
	newDatabase(t)
	if code, _, _ := runCommand(t, nil, "up"); code != 0 {
		t.Fatalf("up: exit %d", code)
	}
	// What a failed `up` to the latest migration leaves behind.
	latest, previous := latestVersions(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "update public.schema_migrations set dirty = true"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"version"}, {"up"}, {"down", "1"}} {
		code, _, errOut := runCommand(t, nil, args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		for _, want := range []string{fmt.Sprintf("dirty at version %d", latest), fmt.Sprintf("spacex-migrate force %d", previous)} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%v: the message lacks %q", args, want)
			}
		}
	}
	if code, _, _ := runCommand(t, nil, "force", strconv.Itoa(int(latest))); code != 0 {
		t.Fatalf("force %d: exit %d", latest, code)
	}
	if code, out, _ := runCommand(t, nil, "version"); code != 0 || out != fmt.Sprintf("%d\n", latest) {
		t.Errorf("version after force: exit %d, %q", code, out)
	}
}

func TestRun_UsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{}, {"sideways"}, {"down"}, {"down", "0"}, {"down", "x"}, {"up", "1"}, {"force", "-1"}} {
		if code, _, errOut := runCommand(t, nil, args...); code != 2 || !strings.Contains(errOut, "usage:") {
			t.Errorf("%v: exit %d, want 2 with the usage", args, code)
		}
	}
	if code, out, _ := runCommand(t, nil, "--help"); code != 0 || !strings.Contains(out, "usage:") {
		t.Errorf("--help: exit %d", code)
	}
}

func TestRun_BadLoginUserFailsBeforeMigrating(t *testing.T) {
	newDatabase(t)
	code, out, errOut := runCommand(t, map[string]string{
		"SPACEX_LOADER_USER": "etl", "SPACEX_ANALYST_USER": "etl", "SPACEX_ANALYST_PASSWORD": "Bad-Pw-4",
	}, "up")
	if code != 1 || !strings.Contains(errOut, "each component needs a login user of its own") {
		t.Errorf("exit %d, want 1 with the reason", code)
	}
	if strings.Contains(errOut+out, "Bad-Pw-4") {
		t.Error("the output shows the password")
	}
	if code, out, _ := runCommand(t, nil, "version"); code != 0 || out != "0\n" {
		t.Errorf("version: %q, want 0: nothing should have been migrated", out)
	}
}

// latestVersions returns the newest embedded migration's version and the one before it.
func latestVersions(t *testing.T) (latest, previous uint) {
	t.Helper()
	names, err := fs.Glob(warehouse.Migrations(), "*.up.sql")
	if err != nil || len(names) < 2 {
		t.Fatalf("embedded migrations: %v, %v", names, err)
	}
	var versions []uint
	for _, name := range names {
		v, err := strconv.ParseUint(strings.SplitN(name, "_", 2)[0], 10, 32)
		if err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
		versions = append(versions, uint(v))
	}
	slices.Sort(versions)
	return versions[len(versions)-1], versions[len(versions)-2]
}

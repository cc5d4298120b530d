package warehouse

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoginUsersFromEnv_ReadsOneUserPerComponent(t *testing.T) {
	users, err := LoginUsersFromEnv(envOf(map[string]string{
		"SPACEX_LOADER_USER":          "loader_login",
		"SPACEX_LOADER_PASSWORD":      "l-secret",
		"SPACEX_TRANSFORMER_USER":     " transformer_login ",
		"SPACEX_TRANSFORMER_PASSWORD": "",
		"SPACEX_ANALYST_USER":         "alice",
		"SPACEX_ANALYST_PASSWORD":     "a-secret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []LoginUser{
		{Name: "loader_login", Password: "l-secret", Group: LoaderRole, EnvPrefix: "SPACEX_LOADER"},
		{Name: "transformer_login", Password: "", Group: TransformerRole, EnvPrefix: "SPACEX_TRANSFORMER"},
		{Name: "alice", Password: "a-secret", Group: AnalystRole, EnvPrefix: "SPACEX_ANALYST"},
	}
	if len(users) != len(want) {
		t.Fatalf("got %+v", users)
	}
	for i := range want {
		if users[i] != want[i] {
			t.Errorf("user %d = %+v, want %+v", i, users[i], want[i])
		}
	}
}

func TestLoginUsersFromEnv_SkipsComponentsWithoutUser(t *testing.T) {
	users, err := LoginUsersFromEnv(envOf(map[string]string{"SPACEX_ANALYST_USER": "alice", "SPACEX_LOADER_PASSWORD": "orphan"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Name != "alice" {
		t.Errorf("got %+v, want the analyst only", users)
	}
}

func TestLoginUsersFromEnv_RejectsBadNamesAndPasswordsWithoutShowingThem(t *testing.T) {
	const secret = "pässwörd-Sekret"
	for name, vars := range map[string]map[string]string{
		"shared name":     {"SPACEX_LOADER_USER": "etl", "SPACEX_TRANSFORMER_USER": "etl"},
		"group role name": {"SPACEX_LOADER_USER": LoaderRole},
		"reserved name":   {"SPACEX_ANALYST_USER": "pg_monitor"},
		"too long":        {"SPACEX_ANALYST_USER": strings.Repeat("a", 64)},
		"non-ASCII":       {"SPACEX_ANALYST_USER": "alice", "SPACEX_ANALYST_PASSWORD": secret},
		"control char":    {"SPACEX_ANALYST_USER": "alice", "SPACEX_ANALYST_PASSWORD": "tab\tSekret"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoginUsersFromEnv(envOf(vars))
			if err == nil {
				t.Fatal("accepted")
			}
			if strings.Contains(err.Error(), "Sekret") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestEnsureUsers_CreatesLoginUsersWithTheirGroupRoles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := migrated(t)
	users := newTestUsers(t)
	users.loader.Password = "loader-Secret-1"
	// None: the server then refuses every login of it.
	users.analyst.Password = ""
	for range 2 { // and again: idempotent
		if err := EnsureUsers(ctx, cfg, users.all(), testLogger(t)); err != nil {
			t.Fatal(err)
		}
	}
	conn := connectAdmin(t, cfg)
	for _, u := range users.all() {
		var canLogin, super, inherit bool
		var groups, settings string
		err := conn.QueryRow(ctx, `select r.rolcanlogin, r.rolsuper, r.rolinherit,
				coalesce((select string_agg(g.rolname, ',' order by g.rolname) from pg_auth_members as m
				          join pg_roles as g on g.oid = m.roleid where m.member = r.oid), ''),
				coalesce((select array_to_string(setconfig, ',') from pg_db_role_setting
				          where setrole = r.oid and setdatabase = 0), '')
			from pg_roles as r where r.rolname = $1`, u.Name).Scan(&canLogin, &super, &inherit, &groups, &settings)
		if err != nil {
			t.Fatalf("%s: %v", u.Name, err)
		}
		if !canLogin || super || !inherit {
			t.Errorf("%s: login %v, superuser %v, inherit %v", u.Name, canLogin, super, inherit)
		}
		if groups != u.Group {
			t.Errorf("%s is a member of %q, want %q", u.Name, groups, u.Group)
		}
		if settings != "role="+u.Group {
			t.Errorf("%s has settings %q, want role=%s", u.Name, settings, u.Group)
		}
	}
	stored := queryString(t, conn, "select coalesce(rolpassword, '') from pg_authid where rolname = $1", users.loader.Name)
	if !strings.HasPrefix(stored, "SCRAM-SHA-256$4096:") {
		t.Errorf("the loader's password is stored as %.20q..., want a SCRAM-SHA-256 verifier", stored)
	}
	if !queryBool(t, conn, "select rolpassword is null from pg_authid where rolname = $1", users.analyst.Name) {
		t.Error("the analyst has a password, want none (its password is empty)")
	}
}

func TestEnsureUsers_MovesAUserToAnotherGroup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := migrated(t)
	u := newTestUsers(t).analyst
	if err := EnsureUsers(ctx, cfg, []LoginUser{u}, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	u.Group, u.EnvPrefix = LoaderRole, "SPACEX_LOADER"
	if err := EnsureUsers(ctx, cfg, []LoginUser{u}, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	conn := connectAs(t, cfg, u)
	if got := queryString(t, conn, "select current_user"); got != LoaderRole {
		t.Errorf("current_user = %s, want %s", got, LoaderRole)
	}
	if queryBool(t, conn, "select pg_has_role(session_user, 'spacex_analyst', 'member')") {
		t.Error("still a member of spacex_analyst")
	}
}

func TestEnsureUsers_NeverLogsPasswords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := migrated(t)
	users := newTestUsers(t)
	users.loader.Password = "Loader-Pw-7f3a"
	users.transformer.Password = "Transformer-Pw-91c2"
	users.analyst.Password = "Analyst-Pw-2b8e"
	log, buf := captureLogger(t)
	if err := EnsureUsers(ctx, cfg, users.all(), log); err != nil {
		t.Fatal(err)
	}
	// A failing run too: its error is logged by the command.
	bad := LoginUser{Name: cfg.User, Password: "Admin-Pw-55d1", Group: AnalystRole, EnvPrefix: "SPACEX_ANALYST"}
	err := EnsureUsers(ctx, cfg, []LoginUser{bad}, log)
	if err == nil {
		t.Fatal("accepted the admin as a login user")
	}
	log.Error("failed", "error", err.Error())

	out := buf.String()
	for _, u := range append(users.all(), bad) {
		if !strings.Contains(out, u.Name) {
			t.Errorf("the log does not mention %s", u.Name)
		}
		if strings.Contains(out, u.Password) {
			t.Errorf("the log shows the password of %s:\n%s", u.Name, out)
		}
	}
}

func TestEnsureUsers_EmptyPasswordCreatesAUserWithoutPasswordAndSaysSo(t *testing.T) {
	t.Parallel()
	cfg := migrated(t)
	u := newTestUsers(t).transformer
	u.Password = ""
	log, buf := captureLogger(t)
	if err := EnsureUsers(context.Background(), cfg, []LoginUser{u}, log); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "no password") || !strings.Contains(out, "SPACEX_TRANSFORMER_PASSWORD") {
		t.Errorf("no warning about the missing password:\n%s", out)
	}
	if !queryBool(t, connectAdmin(t, cfg), "select rolpassword is null from pg_authid where rolname = $1", u.Name) {
		t.Error("the user has a password")
	}
}

func TestEnsureUsers_RefusesPrivilegedRolesAndTheAdmin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := migrated(t)
	privileged := "spacex_test_" + randomSuffix(t) + "_creator"
	dropRolesAtEnd(t, privileged)
	mustExec(t, connectAdmin(t, cfg), "create role "+privileged+" login createdb")
	for _, name := range []string{cfg.User, privileged} {
		err := EnsureUsers(ctx, cfg, []LoginUser{{Name: name, Group: LoaderRole, EnvPrefix: "SPACEX_LOADER"}}, testLogger(t))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
	conn := connectAdmin(t, cfg)
	if !queryBool(t, conn, "select rolsuper from pg_roles where rolname = $1", cfg.User) {
		t.Fatalf("%s lost SUPERUSER", cfg.User)
	}
	if queryBool(t, conn, "select pg_has_role($1, 'spacex_loader', 'member')", privileged) {
		t.Errorf("%s was granted spacex_loader", privileged)
	}
}

// PostgreSQL computes a verifier from a password (ALTER ROLE ... PASSWORD 'plain'); ours, with
// the same salt and iteration count, must be the same string.
func TestScramVerifier_MatchesPostgres(t *testing.T) {
	t.Parallel()
	cfg := newDatabase(t)
	conn := connectAdmin(t, cfg)
	role := "spacex_test_" + randomSuffix(t) + "_scram"
	dropRolesAtEnd(t, role)
	const password = `A printable ASCII password: with 'quotes', \backslashes\ & $ymbols~`
	mustExec(t, conn, "set password_encryption = 'scram-sha-256'")
	mustExec(t, conn, "create role "+role+" password "+quoteLiteral(password))
	stored := queryString(t, conn, "select rolpassword from pg_authid where rolname = $1", role)

	// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
	rest, ok := strings.CutPrefix(stored, "SCRAM-SHA-256$")
	iterText, rest, ok2 := strings.Cut(rest, ":")
	saltText, _, ok3 := strings.Cut(rest, "$")
	if !ok || !ok2 || !ok3 {
		t.Fatalf("unexpected verifier %q", stored)
	}
	iterations, err := strconv.Atoi(iterText)
	if err != nil {
		t.Fatal(err)
	}
	salt, err := base64.StdEncoding.DecodeString(saltText)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := scramVerifierWithSalt(password, salt, iterations)
	if err != nil {
		t.Fatal(err)
	}
	if ours != stored {
		t.Errorf("verifier\n got %s\nwant %s (PostgreSQL's)", ours, stored)
	}
	// And one with a fresh salt is accepted as a verifier (stored as is, not hashed again).
	v, err := scramVerifier(password)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, "alter role "+role+" password "+quoteLiteral(v))
	if got := queryString(t, conn, "select rolpassword from pg_authid where rolname = $1", role); got != v {
		t.Errorf("stored %q, want the verifier %q", got, v)
	}
}

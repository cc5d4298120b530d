package warehouse

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The tests run against the real server the PG* variables name (`eval "$(warehouse/pg-env.sh)"`
// for the project-local cluster), each in a database of its own that it creates and drops. The
// group roles are cluster-wide: the tests create them like any run does and leave them; login
// users get unique names and are dropped.

// adminConfig is the connection of the PG* variables: an admin able to create databases and roles.
func adminConfig(t *testing.T) *pgx.ConnConfig {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: these tests need a real PostgreSQL server; run them with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./warehouse/...`)
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func randomSuffix(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// newDatabase creates an empty database for the test, dropped when it ends, and returns the
// admin's connection settings for it.
func newDatabase(t *testing.T) *pgx.ConnConfig {
	t.Helper()
	admin := adminConfig(t)
	name := "spacex_migrate_test_" + randomSuffix(t)
	adminExec(t, admin, "create database "+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		adminExec(t, admin, "drop database if exists "+pgx.Identifier{name}.Sanitize()+" with (force)")
	})
	cfg := admin.Copy()
	cfg.Database = name
	return cfg
}

// adminExec runs statements as the admin, connected to the maintenance database "postgres".
func adminExec(t *testing.T, admin *pgx.ConnConfig, sqls ...string) {
	t.Helper()
	cfg := admin.Copy()
	cfg.Database = "postgres"
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting as the admin: %v", err)
	}
	defer conn.Close(ctx)
	for _, sql := range sqls {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// testLogger logs to the test's output.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// captureLogger logs into a buffer the test can read, and to the test's output.
func captureLogger(t *testing.T) (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewTextHandler(multiWriter{buf, testWriter{t}}, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type multiWriter []interface{ Write([]byte) (int, error) }

func (m multiWriter) Write(p []byte) (int, error) {
	for _, w := range m {
		if _, err := w.Write(p); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// migrate brings a new database up.
func migrated(t *testing.T) *pgx.ConnConfig {
	t.Helper()
	cfg := newDatabase(t)
	if err := Up(context.Background(), cfg, testLogger(t)); err != nil {
		t.Fatalf("up: %v", err)
	}
	return cfg
}

// testUsers are login users of one test, one per component.
type testUsers struct{ loader, transformer, analyst LoginUser }

func (u testUsers) all() []LoginUser { return []LoginUser{u.loader, u.transformer, u.analyst} }

// newTestUsers names login users unique to the test, each with a password of its own (the
// server checks it, as every server the pipeline runs on does), and drops them when it ends.
func newTestUsers(t *testing.T) testUsers {
	t.Helper()
	prefix := "spacex_test_" + randomSuffix(t)
	u := testUsers{
		loader:      newLoginUser(t, prefix+"_loader", LoaderRole, "SPACEX_LOADER"),
		transformer: newLoginUser(t, prefix+"_transformer", TransformerRole, "SPACEX_TRANSFORMER"),
		analyst:     newLoginUser(t, prefix+"_analyst", AnalystRole, "SPACEX_ANALYST"),
	}
	dropRolesAtEnd(t, u.loader.Name, u.transformer.Name, u.analyst.Name)
	return u
}

// newLoginUser is a login user of group with a made-up password (not created here).
func newLoginUser(t *testing.T, name, group, envPrefix string) LoginUser {
	t.Helper()
	return LoginUser{Name: name, Password: "pw-" + randomSuffix(t) + randomSuffix(t), Group: group, EnvPrefix: envPrefix}
}

func dropRolesAtEnd(t *testing.T, names ...string) {
	t.Helper()
	admin := adminConfig(t)
	t.Cleanup(func() {
		for _, name := range names {
			adminExec(t, admin, "drop role if exists "+pgx.Identifier{name}.Sanitize())
		}
	})
}

// warehouseWithUsers is a migrated database with login users for its three components.
func warehouseWithUsers(t *testing.T) (*pgx.ConnConfig, testUsers) {
	t.Helper()
	cfg := migrated(t)
	users := newTestUsers(t)
	if err := EnsureUsers(context.Background(), cfg, users.all(), testLogger(t)); err != nil {
		t.Fatalf("ensure users: %v", err)
	}
	return cfg, users
}

// connectAs connects to the database of cfg as a login user, with its password.
func connectAs(t *testing.T, cfg *pgx.ConnConfig, user LoginUser) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, loginConfig(cfg, user.Name, user.Password))
	if err != nil {
		t.Fatalf("connecting as %s: %v", user.Name, err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// loginConfig is cfg with another user and password.
func loginConfig(cfg *pgx.ConnConfig, user, password string) *pgx.ConnConfig {
	c := cfg.Copy()
	c.User, c.Password = user, password
	return c
}

func connectAdmin(t *testing.T, cfg *pgx.ConnConfig) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting as the admin: %v", err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

func mustExec(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("as %s: %s: %v", conn.Config().User, sql, err)
	}
}

// mustDeny checks the statement fails for lack of privilege (SQLSTATE 42501).
func mustDeny(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	_, err := conn.Exec(context.Background(), sql)
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		t.Errorf("as %s: %s: succeeded, want permission denied", conn.Config().User, sql)
	case !errors.As(err, &pgErr) || pgErr.Code != "42501":
		t.Errorf("as %s: %s: %v, want permission denied (SQLSTATE 42501)", conn.Config().User, sql, err)
	}
}

func queryBool(t *testing.T, conn *pgx.Conn, sql string, args ...any) bool {
	t.Helper()
	var b bool
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&b); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return b
}

func queryString(t *testing.T, conn *pgx.Conn, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func queryInt(t *testing.T, conn *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func wantVersion(t *testing.T, cfg *pgx.ConnConfig, want uint, wantDirty bool) {
	t.Helper()
	s, err := Version(context.Background(), cfg)
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	if s.Version != want || s.Dirty != wantDirty {
		t.Fatalf("version = %d (dirty %v), want %d (dirty %v)", s.Version, s.Dirty, want, wantDirty)
	}
}

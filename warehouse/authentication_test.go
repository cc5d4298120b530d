package warehouse

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The server the tests run on (the project-local cluster, or yours) checks the login users'
// passwords, as a managed server does: a component that sends the wrong password, or none,
// is refused, so a run that would fail on a real server fails in the tests too.
func TestLoginUsers_WithoutTheirPasswordAreRefused(t *testing.T) {
	t.Parallel()
	cfg, users := warehouseWithUsers(t)
	noPassword := newLoginUser(t, users.loader.Name+"_nopw", LoaderRole, "SPACEX_LOADER")
	noPassword.Password = ""
	dropRolesAtEnd(t, noPassword.Name)
	if err := EnsureUsers(context.Background(), cfg, []LoginUser{noPassword}, testLogger(t)); err != nil {
		t.Fatal(err)
	}

	// With its password, the loader gets in.
	if got := queryString(t, connectAs(t, cfg, users.loader), "select session_user"); got != users.loader.Name {
		t.Errorf("session_user = %s, want %s", got, users.loader.Name)
	}
	for _, c := range []struct {
		what, user, password string
	}{
		{"the loader with the transformer's password", users.loader.Name, users.transformer.Password},
		{"the loader with no password", users.loader.Name, ""},
		{"a user created without a password, with none", noPassword.Name, ""},
		{"a user created without a password, with the loader's", noPassword.Name, users.loader.Password},
	} {
		conn, err := pgx.ConnectConfig(context.Background(), loginConfig(cfg, c.user, c.password))
		if err == nil {
			conn.Close(context.Background())
			t.Errorf("%s: logged in; want the server to refuse it (does it trust connections? see pg_hba.conf)", c.what)
			continue
		}
		var pgErr *pgconn.PgError
		if c.password != "" && (!errors.As(err, &pgErr) || pgErr.Code != "28P01") {
			t.Errorf("%s: %v; want invalid_password (SQLSTATE 28P01)", c.what, err)
		}
		t.Logf("%s: refused: %v", c.what, err)
	}
}

// Package warehousetest gives tests outside package warehouse a real, migrated warehouse: a
// database of its own on the server the PG* variables name (`eval "$(warehouse/pg-env.sh)"`
// for the project-local cluster, as `just test` does), dropped when the test ends, and login
// users of the components' group roles.
package warehousetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/warehouse"
)

// Database creates a database migrated up to the latest migration and returns the admin's
// connection settings for it.
func Database(t testing.TB) *pgx.ConnConfig {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: this test needs a real PostgreSQL server; run it with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./...`)
	}
	admin, err := warehouse.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	name := "spacex_test_" + suffix(t)
	adminExec(t, admin, "create database "+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		adminExec(t, admin, "drop database if exists "+pgx.Identifier{name}.Sanitize()+" with (force)")
	})
	cfg := admin.Copy()
	cfg.Database = name
	if err := warehouse.Up(context.Background(), cfg, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("migrating %s: %v", name, err)
	}
	return cfg
}

// Login creates a login user of group (e.g. warehouse.ForecasterRole) with a made-up password
// (the warehouse checks passwords, as a managed server does), dropped when the test ends.
func Login(t testing.TB, cfg *pgx.ConnConfig, group string) warehouse.LoginUser {
	t.Helper()
	u := warehouse.LoginUser{Name: "spacex_test_" + suffix(t) + "_" + group, Password: "pw-" + suffix(t) + suffix(t), Group: group, EnvPrefix: "SPACEX_TEST"}
	t.Cleanup(func() { adminExec(t, cfg, "drop role if exists "+pgx.Identifier{u.Name}.Sanitize()) })
	if err := warehouse.EnsureUsers(context.Background(), cfg, []warehouse.LoginUser{u}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("creating login user %s: %v", u.Name, err)
	}
	return u
}

// Connect connects to cfg's database as its admin.
func Connect(t testing.TB, cfg *pgx.ConnConfig) *pgx.Conn {
	t.Helper()
	return connect(t, cfg.Copy())
}

// ConnectAs connects to cfg's database as the login user u, with its password.
func ConnectAs(t testing.TB, cfg *pgx.ConnConfig, u warehouse.LoginUser) *pgx.Conn {
	t.Helper()
	c := cfg.Copy()
	c.User, c.Password = u.Name, u.Password
	return connect(t, c)
}

func connect(t testing.TB, c *pgx.ConnConfig) *pgx.Conn {
	t.Helper()
	conn, err := pgx.ConnectConfig(context.Background(), c)
	if err != nil {
		t.Fatalf("connecting as %s: %v", c.User, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Marts creates the two marts the forecast engine reads, with their contracts' column types
// (dbt/models/marts/_marts__models.yml; the columns the engine reads), owned by
// spacex_transformer as dbt's are. conn is the admin's.
func Marts(t testing.TB, conn *pgx.Conn) {
	t.Helper()
	_, err := conn.Exec(context.Background(), `set role spacex_transformer;
		create table analytics.dim_starlink_satellites (norad_id integer not null, launch_designator text,
			launch_key text, source text not null, is_in_orbit boolean not null, launch_date date,
			decay_date date, as_of_date date not null);
		create table analytics.fct_starlink_launches (launch_key text not null, launch_designator text,
			rocket_name text, satellites_deployed bigint, launch_date date not null, as_of_date date not null);
		reset role`)
	if err != nil {
		t.Fatalf("creating the marts: %v", err)
	}
}

func adminExec(t testing.TB, admin *pgx.ConnConfig, sql string) {
	t.Helper()
	cfg := admin.Copy()
	cfg.Database = "postgres"
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting as the admin: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func suffix(t testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

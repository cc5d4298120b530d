package store

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

// The tests run against the real server the PG* variables name (`eval "$(warehouse/pg-env.sh)"`
// for the project-local cluster, as `just test` does), each in a database of its own, migrated
// by the warehouse's migrations, that it creates and drops. The store connects as a login user
// of spacex_forecaster, so the tests also prove the role's rights suffice.

type testDB struct {
	admin      *pgx.Conn // the admin: builds the marts as dbt would, inspects the tables
	forecaster *pgx.Conn // the forecaster's login user: what the store uses
}

func newTestDB(t *testing.T) testDB {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: these tests need a real PostgreSQL server; run them with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./forecast/store/`)
	}
	ctx := context.Background()
	admin, err := warehouse.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	suffix := hex.EncodeToString(b)
	name := "spacex_store_test_" + suffix
	maintenance := admin.Copy()
	maintenance.Database = "postgres"
	exec := func(sql string) {
		conn, err := pgx.ConnectConfig(ctx, maintenance)
		if err != nil {
			t.Fatalf("connecting as the admin: %v", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("create database " + pgx.Identifier{name}.Sanitize())
	user := warehouse.LoginUser{Name: "spacex_test_" + suffix + "_forecaster", Group: warehouse.ForecasterRole, EnvPrefix: "SPACEX_FORECASTER"}
	t.Cleanup(func() {
		exec("drop database if exists " + pgx.Identifier{name}.Sanitize() + " with (force)")
		exec("drop role if exists " + pgx.Identifier{user.Name}.Sanitize())
	})
	cfg := admin.Copy()
	cfg.Database = name
	if err := warehouse.Up(ctx, cfg, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	if err := warehouse.EnsureUsers(ctx, cfg, []warehouse.LoginUser{user}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("creating the forecaster: %v", err)
	}
	db := testDB{admin: connect(t, cfg)}
	// The marts as dbt builds them (their contracts' types, dbt/models/marts/_marts__models.yml),
	// owned by spacex_transformer as dbt's are.
	db.exec(t, `set role spacex_transformer;
		create table analytics.dim_starlink_satellites (norad_id integer not null, launch_designator text,
			launch_key text, source text not null, is_in_orbit boolean not null, launch_date date,
			decay_date date, as_of_date date not null);
		create table analytics.fct_starlink_launches (launch_key text not null, launch_designator text,
			rocket_name text, satellites_deployed bigint, launch_date date not null, as_of_date date not null);
		reset role`)
	fc := cfg.Copy()
	fc.User, fc.Password = user.Name, ""
	db.forecaster = connect(t, fc)
	return db
}

func connect(t *testing.T, cfg *pgx.ConnConfig) *pgx.Conn {
	t.Helper()
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connecting as %s: %v", cfg.User, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func (db testDB) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := db.admin.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (db testDB) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.admin.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

package store

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/spacex-elt/spacex-elt/warehouse"
	"github.com/spacex-elt/spacex-elt/warehouse/warehousetest"
)

// The tests run against the real server the PG* variables name (`just test` sets them), each
// in a migrated database of its own (warehousetest). The store connects as a login user of
// spacex_forecaster, so the tests also prove the role's rights suffice.

type testDB struct {
	admin      *pgx.Conn // the admin: builds the marts as dbt would, inspects the tables
	forecaster *pgx.Conn // the forecaster's login user: what the store uses
}

func newTestDB(t *testing.T) testDB {
	t.Helper()
	cfg := warehousetest.Database(t)
	user := warehousetest.Login(t, cfg, warehouse.ForecasterRole)
	db := testDB{admin: warehousetest.Connect(t, cfg), forecaster: warehousetest.ConnectAs(t, cfg, user)}
	warehousetest.Marts(t, db.admin)
	return db
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

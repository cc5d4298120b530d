package main

import (
	"context"
	"strings"
	"testing"

	"github.com/spacex-elt/spacex-elt/analyses/explore"
	"github.com/spacex-elt/spacex-elt/forecast/store"
	"github.com/spacex-elt/spacex-elt/warehouse"
	"github.com/spacex-elt/spacex-elt/warehouse/warehousetest"
)

func TestConnConfig_TheAnalystsLoginNeverTheAdmins(t *testing.T) {
	env := map[string]string{"PGHOST": "127.0.0.1", "PGPORT": "5999", "PGDATABASE": "spacex", "PGUSER": "postgres", "PGPASSWORD": "admin-secret",
		"SPACEX_ANALYST_USER": "spacex_analyst_login", "SPACEX_ANALYST_PASSWORD": "analyst-secret"}
	cfg, err := connConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "spacex_analyst_login" || cfg.Password != "analyst-secret" || cfg.Host != "127.0.0.1" || cfg.Port != 5999 || cfg.Database != "spacex" {
		t.Errorf("connects as %s (password from the analyst: %v) to %s:%d/%s", cfg.User, cfg.Password == "analyst-secret", cfg.Host, cfg.Port, cfg.Database)
	}
	delete(env, "SPACEX_ANALYST_USER")
	if _, err := connConfig(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "SPACEX_ANALYST_USER") {
		t.Errorf("without SPACEX_ANALYST_USER: %v, want an error naming it", err)
	}
}

// The analyst's rights suffice: the history (store.LoadHistory) and the ledger (LoadLedger) read
// as a login user of spacex_analyst, nulls kept.
func TestAnalyst_ReadsTheHistoryAndTheLedger(t *testing.T) {
	cfg := warehousetest.Database(t)
	analyst := warehousetest.Login(t, cfg, warehouse.AnalystRole)
	admin := warehousetest.Connect(t, cfg)
	warehousetest.Marts(t, admin)
	ctx := context.Background()
	if _, err := admin.Exec(ctx, `set role spacex_transformer;
		insert into analytics.dim_starlink_satellites values
			(44235, '2019-029', '2019-029', 'spacetrack', true, '2019-05-24', null, '2025-06-18'),
			(44236, '2019-029', '2019-029', 'spacetrack', false, '2019-05-24', '2020-10-01', '2025-06-18');
		insert into analytics.fct_starlink_launches values ('2019-029', '2019-029', 'Falcon 9', 2, '2019-05-24', '2025-06-18');
		create table analytics.fct_starlink_forecast_runs (run_id bigint not null, started_at timestamptz, as_of_date date,
			data_sources text, git_commit text, assumptions_hash text, assumptions_overridden integer, overridden_assumptions text,
			reach_month_p10 date, reach_month_p50 date, reach_month_p90 date, share_never_reached numeric,
			launches_needed_p10 integer, launches_needed_p50 integer, launches_needed_p90 integer);
		insert into analytics.fct_starlink_forecast_runs values
			(2, '2025-06-20 10:00+00', '2025-06-18', 'spacex_api+spacetrack', null, 'abc', 1, 'paths=2000', '2035-05-01', null, null, 0.69, 1718, null, null),
			(1, '2025-06-19 10:00+00', '2025-06-18', 'spacex_api+spacetrack', 'deadbeef', 'abd', 0, null, '2034-01-01', '2037-06-01', '2041-02-01', 0.2, 1500, 1900, 2400);
		reset role`); err != nil {
		t.Fatal(err)
	}
	conn := warehousetest.ConnectAs(t, cfg, analyst)
	h, err := store.LoadHistory(ctx, conn)
	if err != nil {
		t.Fatalf("the history as the analyst: %v", err)
	}
	if len(h.Satellites) != 2 || len(h.Launches) != 1 || h.AsOf.Format("2006-01-02") != "2025-06-18" {
		t.Errorf("history: %d satellites, %d launches, as of %s", len(h.Satellites), len(h.Launches), h.AsOf)
	}
	runs, err := explore.LoadLedger(ctx, conn)
	if err != nil {
		t.Fatalf("the ledger as the analyst: %v", err)
	}
	if len(runs) != 2 || runs[0].RunID != 1 || runs[1].RunID != 2 {
		t.Fatalf("runs %+v, want 1 and 2, oldest first", runs)
	}
	old, last := runs[0], runs[1]
	if *old.Commit != "deadbeef" || *old.ReachMonthP50 != "2037-06" || *old.LaunchesNeededP90 != 2400 || old.Overrides != nil || *old.Overridden != 0 {
		t.Errorf("run 1: %+v", old)
	}
	if last.Commit != nil || last.ReachMonthP50 != nil || last.LaunchesNeededP50 != nil || *last.ShareNeverReached != 0.69 || *last.Overrides != "paths=2000" ||
		last.StartedAt != "2025-06-20T10:00:00Z" {
		t.Errorf("run 2 (nulls kept): %+v", last)
	}
}

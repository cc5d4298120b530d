package report

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"go.yaml.in/yaml/v3"
)

// The Load tests run against the server the PG* variables name (`just test` sets them), in a
// database of their own with the marts' tables created from their dbt contracts
// (dbt/models/marts/_marts__models.yml), so a changed column type shows up here.

func TestLoad_ReadsTheMartsExactlyAsTheAnalystCanSeeThem(t *testing.T) {
	ctx := context.Background()
	conn := martsDatabase(t)
	for _, sql := range []string{
		`insert into analytics.fct_starlink_forecast
		   (scenario, scenario_order, method, target_satellites, satellites_in_orbit_at_as_of, launches_per_month,
		    launches_per_month_change, satellites_per_launch, early_failure_rate, satellite_lifetime_years, launches_needed,
		    months_needed, satellites_in_orbit_at_horizon, as_of_date, target_reached_on, horizon_date, transformation_updated_at)
		 values
		 ('flat_cadence', 1, 'flat method', 42000, 1673, 1.583, 0.000, 53.5, 0.0076, 5.00, null, null, 5041, '2021-10-17', null, '2100-12-31', now()),
		 ('trend_cadence', 2, 'trend method', 42000, 1673, 0.795, -0.143, 53.5, 0.0076, 5.00, null, null, 0, '2021-10-17', null, '2100-12-31', now()),
		 ('no_retirements', 3, 'naive method', 42000, 1673, 1.583, 0.000, 53.5, 0.0000, null, 756, 477, 82106, '2021-10-17', '2061-07-17', '2100-12-31', now())`,
		`insert into analytics.fct_starlink_forecast_monthly
		   (scenario, month_number, month_start_date, month_end_date, projected_launches, satellites_in_orbit, transformation_updated_at)
		 select s, m, '2021-10-17'::date + make_interval(months => greatest(m - 1, 0)), '2021-10-17'::date + make_interval(months => m),
		        case when m = 0 then 0 else 1.583 end, 1673 + 84.7 * m, now()
		   from unnest(array['no_retirements', 'trend_cadence', 'flat_cadence']) as s, generate_series(0, 2) as m`,
		`insert into analytics.fct_starlink_constellation_daily
		   (date_day, satellites_launched, satellites_decayed, satellites_launched_to_date, satellites_decayed_to_date, satellites_in_orbit, transformation_updated_at)
		 values ('2021-10-16', 0, 0, 1800, 127, 1673, now()), ('2019-05-24', 60, 0, 60, 0, 60, now())`,
		`insert into analytics.fct_starlink_launches
		   (launch_id, launch_name, satellites_deployed, satellites_in_orbit, satellites_decayed, launched_at, transformation_updated_at)
		 values ('b', 'Starlink 2-1 (v1.5)', 51, 51, 0, '2021-09-14 03:55:00+00', now()),
		        ('a', 'Starlink v0.9', 60, 5, 55, '2019-05-24 02:30:00+00', now())`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	asAnalyst(t, conn)

	d, err := Load(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Scenarios) != 3 || d.Scenarios[0].Key != "flat_cadence" || d.Scenarios[2].Key != "no_retirements" {
		t.Fatalf("scenarios = %+v, want flat_cadence, trend_cadence, no_retirements in scenario_order", d.Scenarios)
	}
	want := fixtureData(t).Scenarios
	for i, s := range d.Scenarios {
		w := want[i]
		w.Method = s.Method
		if got, want := AnswerLine(s), AnswerLine(w); got != want {
			t.Errorf("loaded %s: %s\nwant %s", s.Key, got, want)
		}
	}
	nr := d.Scenarios[2]
	if nr.SatelliteLifetimeYears != nil || *nr.MonthsNeeded != 477 || nr.LaunchesPerMonth.Cmp(dec(t, "1.583")) != 0 {
		t.Errorf("no_retirements loaded as %+v", nr)
	}
	if got := d.Scenarios[1].LaunchesPerMonthChange; got.Cmp(dec(t, "-0.143")) != 0 {
		t.Errorf("trend_cadence launches_per_month_change = %s, want exactly -0.143", got.FloatString(6))
	}
	if n := len(d.MonthsOf("trend_cadence")); n != 3 || len(d.Months) != 9 {
		t.Errorf("loaded %d months, %d of trend_cadence; want 9 and 3", len(d.Months), n)
	}
	if m := d.MonthsOf("flat_cadence")[2]; m.Number != 2 || formatDate(m.EndDate) != "2021-12-17" || m.SatellitesInOrbit != 1842.4 {
		t.Errorf("flat_cadence month 2 = %+v", m)
	}
	if len(d.Days) != 2 || formatDate(d.Days[0].Date) != "2019-05-24" {
		t.Errorf("days = %+v, want two, by date", d.Days)
	}
	if len(d.Launches) != 2 || d.Launches[1].Name != "Starlink 2-1 (v1.5)" || d.Launches[1].LaunchedAt.Location().String() != "UTC" {
		t.Errorf("launches = %+v, want two by launch time, in UTC", d.Launches)
	}
}

func TestLoad_EmptyMartsSayToRunThePipeline(t *testing.T) {
	conn := martsDatabase(t)
	asAnalyst(t, conn)
	_, err := Load(context.Background(), conn)
	if err == nil || !strings.Contains(err.Error(), "just pipeline") {
		t.Errorf("Load error = %v, want one saying to run just pipeline", err)
	}
}

// martsDatabase creates a database with schema analytics and the marts' tables (columns and
// types of their dbt contracts), dropped when the test ends, and connects to it as the admin.
func martsDatabase(t *testing.T) *pgx.Conn {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal(`PGHOST is not set: these tests need a PostgreSQL server; run them with the warehouse's variables: eval "$(warehouse/pg-env.sh)"; go test ./analyses/...`)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "spacex_report_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, "dbname=postgres")
	if err != nil {
		t.Fatalf("connecting to the maintenance database: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "create database "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, "dbname=postgres")
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		for _, sql := range []string{"drop database if exists " + name + " with (force)", "drop role if exists " + name} {
			if _, err := admin.Exec(ctx, sql); err != nil {
				t.Errorf("%s: %v", sql, err)
			}
		}
	})
	conn, err := pgx.Connect(ctx, "dbname="+name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	ddl := []string{"create schema analytics", "create schema staging", "create table staging.secret (x int)"}
	ddl = append(ddl, contractTables(t)...)
	for _, sql := range ddl {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	return conn
}

// asAnalyst switches the session to a role that can only read schema analytics, like the
// analyst's login; the role has the test database's name and goes with it.
func asAnalyst(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	role := conn.Config().Database
	for _, sql := range []string{
		"create role " + role + " nologin",
		"grant usage on schema analytics to " + role,
		"grant select on all tables in schema analytics to " + role,
		"set role " + role,
	} {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if _, err := conn.Exec(context.Background(), "select * from staging.secret"); err == nil {
		t.Fatal("the analyst role can read staging; the test would not show that Load reads only analytics")
	}
}

// contractTables returns `create table` statements for the marts Load reads, from their
// contracts in dbt/models/marts/_marts__models.yml.
func contractTables(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "dbt", "models", "marts", "_marts__models.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Models []struct {
			Name    string
			Columns []struct {
				Name     string
				DataType string `yaml:"data_type"`
			}
		}
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{"fct_starlink_forecast": true, "fct_starlink_forecast_monthly": true, "fct_starlink_constellation_daily": true, "fct_starlink_launches": true}
	var out []string
	for _, m := range file.Models {
		if !read[m.Name] {
			continue
		}
		var cols []string
		for _, c := range m.Columns {
			if c.DataType == "" {
				t.Fatalf("%s.%s has no data_type in its contract", m.Name, c.Name)
			}
			cols = append(cols, c.Name+" "+c.DataType)
		}
		out = append(out, fmt.Sprintf("create table analytics.%s (%s)", m.Name, strings.Join(cols, ", ")))
		delete(read, m.Name)
	}
	if len(read) > 0 {
		t.Fatalf("no contract for %v in _marts__models.yml", read)
	}
	return out
}

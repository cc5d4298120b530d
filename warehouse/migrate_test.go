package warehouse

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/golang-migrate/migrate/v4/source"
	"github.com/jackc/pgx/v5/pgconn"
)

const latest = 8

// all is a number of steps that reverts every migration; beforeLatest is the version one
// step down from latest (the migrations' numbers may have gaps: each helper adds its own).
var all, beforeLatest = func() (int, uint) {
	names, _ := fs.Glob(Migrations(), "*.up.sql")
	var before uint
	for _, name := range names {
		var v uint
		fmt.Sscanf(name, "%d_", &v)
		if v < latest && v > before {
			before = v
		}
	}
	return len(names), before
}()

func TestMigrations_AreNumberedUpDownPairs(t *testing.T) {
	entries, err := fs.ReadDir(Migrations(), ".")
	if err != nil {
		t.Fatal(err)
	}
	files := map[uint][]source.Direction{}
	for _, e := range entries {
		m, err := source.DefaultParse(e.Name())
		if err != nil {
			t.Errorf("%s: not a migration file name: %v", e.Name(), err)
			continue
		}
		if !regexp.MustCompile(`^\d{4}_[a-z0-9_]+\.(up|down)\.sql$`).MatchString(e.Name()) {
			t.Errorf("%s: want NNNN_name.up.sql or NNNN_name.down.sql", e.Name())
		}
		files[m.Version] = append(files[m.Version], m.Direction)
	}
	for v := range files {
		got := files[v]
		slices.Sort(got)
		if !slices.Equal(got, []source.Direction{source.Down, source.Up}) {
			t.Errorf("migration %d has %v, want one up and one down file", v, got)
		}
	}
	if _, ok := files[latest]; !ok || len(files) != all {
		t.Errorf("%d migrations, the newest is not %d (update latest when adding one)", len(files), latest)
	}
	for v := range files {
		if v > latest {
			t.Errorf("migration %d is newer than latest (%d): update latest", v, latest)
		}
	}
}

func TestMigrations_HoldNoLoginOrPassword(t *testing.T) {
	login := regexp.MustCompile(`(?i)\b(password|login)\b`)
	err := fs.WalkDir(Migrations(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := Migrations().Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		s := bufio.NewScanner(f)
		for n := 1; s.Scan(); n++ {
			code, _, _ := strings.Cut(s.Text(), "--")
			if login.MatchString(code) {
				t.Errorf("%s:%d: %q: login users and passwords come from the environment at run time, never from a migration", path, n, s.Text())
			}
		}
		return s.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUp_CreatesSchemasGroupRolesAndDefaultPrivileges(t *testing.T) {
	t.Parallel()
	cfg := migrated(t)
	wantVersion(t, cfg, latest, false)
	conn := connectAdmin(t, cfg)
	for _, schema := range []string{RawSchema, SpaceTrackRawSchema, CelesTrakRawSchema, StagingSchema, AnalyticsSchema, MeltanoSchema, ForecastSchema} {
		if !queryBool(t, conn, "select exists (select from pg_namespace where nspname = $1)", schema) {
			t.Errorf("schema %s missing", schema)
		}
	}
	for _, role := range GroupRoles {
		if queryBool(t, conn, "select rolcanlogin or rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = $1", role) {
			t.Errorf("group role %s can log in or holds a privileged attribute", role)
		}
		if queryBool(t, conn, "select rolpassword is not null from pg_authid where rolname = $1", role) {
			t.Errorf("group role %s has a password", role)
		}
	}
	// Sorted by the line itself ("order by 1" inside an aggregate orders by the constant 1).
	got := queryString(t, conn, `select string_agg(line, '; ' order by line collate "C")
		from (select format('%s %s %s', pg_get_userbyid(defaclrole), defaclnamespace::regnamespace, defaclacl) as line
		      from pg_default_acl) as acl`)
	// The admin's own (cfg.User's) on schema forecast: tables later migrations add there (0006).
	want := fmt.Sprintf("%[1]s forecast {spacex_transformer=r/%[1]s}; ", cfg.User) +
		"spacex_loader tap_celestrak {spacex_transformer=r/spacex_loader}; spacex_loader tap_spacetrack {spacex_transformer=r/spacex_loader}; spacex_loader tap_spacex {spacex_transformer=r/spacex_loader}; " +
		"spacex_transformer analytics {spacex_analyst=r/spacex_transformer,spacex_forecaster=r/spacex_transformer}"
	if got != want {
		t.Errorf("default privileges:\n got %s\nwant %s", got, want)
	}
}

func TestUpDownUp_RoundTripsAndDownLeavesNothingOfTheRolesInTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	log := testLogger(t)

	if err := Down(ctx, cfg, all, log); err != nil {
		t.Fatalf("down: %v", err)
	}
	wantVersion(t, cfg, 0, false)
	conn := connectAdmin(t, cfg)
	if n := queryInt(t, conn, "select count(*) from pg_namespace where nspname in ('tap_spacex', 'tap_spacetrack', 'tap_celestrak', 'staging', 'analytics', 'meltano', 'forecast')"); n != 0 {
		t.Errorf("%d warehouse schemas left after down", n)
	}
	// Nothing of this database (objects, privileges, default privileges, database ACL) refers to
	// the group roles any more; the roles themselves stay (cluster-wide).
	deps := queryInt(t, conn, `select count(*) from pg_shdepend as d
		where d.refclassid = 'pg_authid'::regclass
		  and d.refobjid in (select oid from pg_roles where rolname in ('spacex_loader', 'spacex_transformer', 'spacex_analyst', 'spacex_meltano', 'spacex_forecaster'))
		  and (d.dbid = (select oid from pg_database where datname = current_database())
		       or (d.classid = 'pg_database'::regclass and d.objid = (select oid from pg_database where datname = current_database())))`)
	if deps != 0 {
		t.Errorf("%d dependencies on the group roles left in the database after down", deps)
	}
	if n := queryInt(t, conn, "select count(*) from pg_roles where rolname in ('spacex_loader', 'spacex_transformer', 'spacex_analyst', 'spacex_meltano', 'spacex_forecaster')"); n != 5 {
		t.Errorf("%d group roles after down, want the 5 left in place", n)
	}
	// PUBLIC's default rights on the database are back.
	if !queryBool(t, conn, "select has_database_privilege('public', current_database(), 'connect, temporary')") {
		t.Error("PUBLIC lost CONNECT or TEMPORARY on the database after down")
	}

	if err := Up(ctx, cfg, log); err != nil {
		t.Fatalf("up again: %v", err)
	}
	wantVersion(t, cfg, latest, false)
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.again (id text primary key)")
	transformer := connectAs(t, cfg, users.transformer)
	mustExec(t, transformer, "select * from tap_spacex.again")
}

func TestUp_IsIdempotent(t *testing.T) {
	t.Parallel()
	cfg := migrated(t)
	if err := Up(context.Background(), cfg, testLogger(t)); err != nil {
		t.Fatalf("second up: %v", err)
	}
	wantVersion(t, cfg, latest, false)
}

func TestUp_ConcurrentRunsAllSucceed(t *testing.T) {
	t.Parallel()
	cfg := newDatabase(t)
	log := testLogger(t)
	const runs = 4
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() { errs[i] = Up(context.Background(), cfg, log) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	wantVersion(t, cfg, latest, false)
}

func TestUp_ConcurrentRunsOnTwoDatabasesShareTheRoles(t *testing.T) {
	t.Parallel()
	a, b := newDatabase(t), newDatabase(t)
	log := testLogger(t)
	var wg sync.WaitGroup
	var errA, errB error
	wg.Go(func() { errA = Up(context.Background(), a, log) })
	wg.Go(func() { errB = Up(context.Background(), b, log) })
	wg.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("up: %v; %v", errA, errB)
	}
	wantVersion(t, a, latest, false)
	wantVersion(t, b, latest, false)
}

func TestVersion_ReportsNoneThenLatest(t *testing.T) {
	t.Parallel()
	cfg := newDatabase(t)
	s, err := Version(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s != (Status{Version: 0, Dirty: false, Latest: latest}) {
		t.Errorf("fresh database: %+v", s)
	}
	if err := Up(context.Background(), cfg, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if s, err = Version(context.Background(), cfg); err != nil || s != (Status{Version: latest, Latest: latest}) {
		t.Errorf("after up: %+v, %v", s, err)
	}
	if err := Down(context.Background(), cfg, 1, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, cfg, beforeLatest, false)
}

// failing is a migration set whose second migration fails halfway, after a statement that
// would have created a table.
var failing = fstest.MapFS{
	"0001_first.up.sql":    {Data: []byte("create table first (id int);\n")},
	"0001_first.down.sql":  {Data: []byte("drop table first;\n")},
	"0002_second.up.sql":   {Data: []byte("create table second (id int);\ninsert into second values (1);\n\nselect * from no_such_table;\n")},
	"0002_second.down.sql": {Data: []byte("drop table second;\n")},
}

func TestUp_FailedMigrationIsRolledBackAndSaysHowToRecover(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := newDatabase(t)
	log := testLogger(t)

	err := up(ctx, cfg, failing, log)
	var failed *MigrationError
	if !errors.As(err, &failed) {
		t.Fatalf("up: %v, want a *MigrationError", err)
	}
	if failed.Version != 2 || failed.Dirty != 2 || failed.ForceTo != 1 || failed.File != "0002_second.up.sql" || failed.Line != 4 {
		t.Errorf("error = %+v", failed)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Errorf("error does not wrap the server's undefined_table error: %v", err)
	}
	for _, want := range []string{"no_such_table", "line 4", "rolled back", "dirty at version 2", "spacex-migrate force 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "insert into second") {
		t.Errorf("message repeats the migration's text: %v", err)
	}
	// Nothing of migration 2 is applied: its first statement was rolled back with the rest.
	conn := connectAdmin(t, cfg)
	if queryBool(t, conn, "select to_regclass('public.second') is not null") {
		t.Error("table second exists: the failed migration was applied halfway")
	}
	if !queryBool(t, conn, "select to_regclass('public.first') is not null") {
		t.Error("table first is missing: migration 1 should stay applied")
	}

	// A later run refuses the dirty database and says how to mark it clean.
	s, err := version(ctx, cfg, failing)
	if err != nil || s.Version != 2 || !s.Dirty {
		t.Fatalf("version = %+v, %v; want dirty 2", s, err)
	}
	err = up(ctx, cfg, failing, log)
	var dirty *DirtyError
	if !errors.As(err, &dirty) || dirty.Version != 2 || dirty.IfUpFailed == nil || *dirty.IfUpFailed != 1 {
		t.Fatalf("second up: %v, want a DirtyError at 2 that says force 1", err)
	}
	if !strings.Contains(err.Error(), "spacex-migrate force 1") {
		t.Errorf("message lacks the fix: %v", err)
	}
	if err := force(ctx, cfg, failing, 1, log); err != nil {
		t.Fatalf("force 1: %v", err)
	}
	if s, err := version(ctx, cfg, failing); err != nil || s.Version != 1 || s.Dirty {
		t.Errorf("after force: %+v, %v", s, err)
	}
}

func TestDown_RefusesToDropSchemasHoldingData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, users := warehouseWithUsers(t)
	loader := connectAs(t, cfg, users.loader)
	mustExec(t, loader, "create table tap_spacex.launches (id text primary key); insert into tap_spacex.launches values ('a')")

	err := Down(ctx, cfg, all, testLogger(t))
	var failed *MigrationError
	if !errors.As(err, &failed) || failed.Version != 1 || failed.Direction != "down" || failed.ForceTo != 1 {
		t.Fatalf("down: %v, want a MigrationError of migration 1 down", err)
	}
	for _, want := range []string{"tap_spacex.launches", "never deletes data", "spacex-migrate force 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	conn := connectAdmin(t, cfg)
	if n := queryInt(t, conn, "select count(*) from tap_spacex.launches"); n != 1 {
		t.Errorf("%d rows left in tap_spacex.launches, want 1", n)
	}
	// Migrations 4, 3 and 2 were reverted: the table went back to the schema's owner.
	if owner := queryString(t, conn, "select tableowner from pg_tables where tablename = 'launches'"); owner != cfg.User {
		t.Errorf("owner = %s, want %s", owner, cfg.User)
	}
	// Recover: force, then up again gives the table back to the loader.
	if err := Force(ctx, cfg, 1, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if err := Up(ctx, cfg, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if owner := queryString(t, conn, "select tableowner from pg_tables where tablename = 'launches'"); owner != LoaderRole {
		t.Errorf("owner after up = %s, want %s", owner, LoaderRole)
	}
}

func TestUp_AdoptsRelationsLoadedBeforeTheRolesExisted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := newDatabase(t)
	conn := connectAdmin(t, cfg)
	// A warehouse loaded and transformed by the admin before this issue.
	mustExec(t, conn, `create schema tap_spacex; create schema staging; create schema analytics;
		create table tap_spacex.launches (id text primary key, n serial);
		create view staging.stg_launches as select id from tap_spacex.launches;
		create table analytics.fct_launches as select id from staging.stg_launches;
		create sequence analytics.standalone_seq`)
	if err := Up(ctx, cfg, testLogger(t)); err != nil {
		t.Fatalf("up: %v", err)
	}
	for relation, owner := range map[string]string{
		"tap_spacex.launches":       LoaderRole,
		"tap_spacex.launches_n_seq": LoaderRole,
		"staging.stg_launches":      TransformerRole,
		"analytics.fct_launches":    TransformerRole,
		"analytics.standalone_seq":  TransformerRole,
	} {
		if got := queryString(t, conn, "select pg_get_userbyid(relowner) from pg_class where oid = $1::regclass", relation); got != owner {
			t.Errorf("%s is owned by %s, want %s", relation, got, owner)
		}
	}
	users := newTestUsers(t)
	if err := EnsureUsers(ctx, cfg, users.all(), testLogger(t)); err != nil {
		t.Fatal(err)
	}
	mustExec(t, connectAs(t, cfg, users.loader), "alter table tap_spacex.launches add column name text")
	mustExec(t, connectAs(t, cfg, users.transformer), "select * from tap_spacex.launches")
	mustExec(t, connectAs(t, cfg, users.analyst), "select * from analytics.fct_launches")
}

func TestDown_LeavesOtherDatabasesUsingTheRolesWorking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	kept, users := warehouseWithUsers(t)
	other := migrated(t)
	if err := Down(ctx, other, all, testLogger(t)); err != nil {
		t.Fatalf("down of the other database: %v", err)
	}
	loader := connectAs(t, kept, users.loader)
	mustExec(t, loader, "create table tap_spacex.still_works (id text)")
	mustExec(t, connectAs(t, kept, users.transformer), "select * from tap_spacex.still_works")
	mustExec(t, connectAs(t, kept, users.analyst), "select count(*) from pg_class") // can connect
}

func TestUp_WorksAsANonSuperuserDatabaseOwner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	admin := adminConfig(t)
	owner := "spacex_test_" + randomSuffix(t) + "_admin"
	db := "spacex_migrate_test_" + randomSuffix(t)
	// A managed service's admin: CREATEROLE, owner of the database, no superuser.
	password := "pw-" + randomSuffix(t)
	adminExec(t, admin, fmt.Sprintf("create role %s login createrole password '%s'", owner, password),
		fmt.Sprintf("create database %s owner %s", db, owner))
	t.Cleanup(func() {
		adminExec(t, admin, "drop database if exists "+db+" with (force)", "drop role if exists "+owner)
	})
	cfg := admin.Copy()
	cfg.Database, cfg.User, cfg.Password = db, owner, password

	if err := Up(ctx, cfg, testLogger(t)); err != nil {
		t.Fatalf("up as %s: %v", owner, err)
	}
	users := newTestUsers(t)
	if err := EnsureUsers(ctx, cfg, users.all(), testLogger(t)); err != nil {
		t.Fatalf("ensure users as %s: %v", owner, err)
	}
	mustExec(t, connectAs(t, cfg, users.loader), "create table tap_spacex.t (id text)")
	mustExec(t, connectAs(t, cfg, users.transformer), "create table analytics.m as select * from tap_spacex.t")
	mustExec(t, connectAs(t, cfg, users.analyst), "select * from analytics.m")
	if err := Down(ctx, cfg, 1, testLogger(t)); err != nil {
		t.Fatalf("down as %s: %v", owner, err)
	}
	wantVersion(t, cfg, beforeLatest, false)
}

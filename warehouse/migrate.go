package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The group roles the migrations create (0002, 0005, 0006); they are cluster-wide.
const (
	LoaderRole      = "spacex_loader"
	TransformerRole = "spacex_transformer"
	AnalystRole     = "spacex_analyst"
	MeltanoRole     = "spacex_meltano"    // Meltano's system database of the prod environment (0005)
	ForecasterRole  = "spacex_forecaster" // the forecast engine, spacex-forecast (0006)
)

// GroupRoles are the group roles of the warehouse, one per component.
var GroupRoles = []string{LoaderRole, TransformerRole, AnalystRole, MeltanoRole, ForecasterRole}

// The schemas the migrations create (0001; 0004 for tap_spacetrack; 0005 for meltano; 0006 for
// forecast; 0007 for tap_celestrak).
const (
	RawSchema           = "tap_spacex"
	SpaceTrackRawSchema = "tap_spacetrack"
	CelesTrakRawSchema  = "tap_celestrak"
	StagingSchema       = "staging"
	AnalyticsSchema     = "analytics"
	MeltanoSchema       = "meltano"  // Meltano's system database of the prod environment
	ForecastSchema      = "forecast" // the forecast engine's runs (spacex-forecast)
)

// MigrationsTable is where golang-migrate records the version of a database. It is always in
// schema public, whatever the admin's search_path, so that every run uses the same table and the
// same advisory lock.
const (
	MigrationsTable       = "schema_migrations"
	migrationsTableSchema = "public"
)

// LockTimeout is how long a run waits for another run of the same database to release the
// migration lock (golang-migrate's advisory lock) before it gives up.
const LockTimeout = 2 * time.Minute

// ApplicationName is the application_name of the runner's sessions unless PGAPPNAME sets one.
const ApplicationName = "spacex-migrate"

//go:embed migrations/*.sql
var embedded embed.FS

// Migrations is the embedded migration files (migrations/NNNN_name.{up,down}.sql).
func Migrations() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the embedded path is a constant
	}
	return sub
}

// Status is the migration state of a database.
type Status struct {
	// Version is the last migration applied; 0 when none is.
	Version uint
	// Dirty means a migration to or from Version failed (see DirtyError).
	Dirty bool
	// Latest is the newest migration this build embeds.
	Latest uint
}

// ConfigFromEnv returns the connection settings of the libpq environment (PGHOST, PGPORT,
// PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGPASSFILE, PGSERVICE...), as pgx reads them, with
// application_name set to ApplicationName unless PGAPPNAME sets one.
func ConfigFromEnv() (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig("")
	if err != nil {
		return nil, fmt.Errorf("reading the PG* connection variables: %w", err)
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = ApplicationName
	}
	return cfg, nil
}

// Up applies every migration not applied yet. Applying none (the database is up to date) is
// not an error. Concurrent runs serialise on the migration lock; each finds what the other did.
func Up(ctx context.Context, cfg *pgx.ConnConfig, logger *slog.Logger) error {
	return up(ctx, cfg, Migrations(), logger)
}

// Down reverts the last steps applied migrations (steps > 0).
func Down(ctx context.Context, cfg *pgx.ConnConfig, steps int, logger *slog.Logger) error {
	return down(ctx, cfg, Migrations(), steps, logger)
}

// Force records version as the database's version and clears the dirty flag, without running
// any migration (0: no migration applied). It is how a dirty database is marked clean once its
// real state is known; see DirtyError.
func Force(ctx context.Context, cfg *pgx.ConnConfig, version uint, logger *slog.Logger) error {
	return force(ctx, cfg, Migrations(), version, logger)
}

// Version reports the migration state of the database. A dirty database is no error here: see
// Status.Dirty and DirtyError.
func Version(ctx context.Context, cfg *pgx.ConnConfig) (Status, error) {
	return version(ctx, cfg, Migrations())
}

func up(ctx context.Context, cfg *pgx.ConnConfig, migrations fs.FS, logger *slog.Logger) error {
	r, err := open(ctx, cfg, migrations, logger)
	if err != nil {
		return err
	}
	defer r.close()
	before, err := r.status()
	if err != nil {
		return err
	}
	r.logger.Info("migrating up", "database", cfg.Database, "from_version", before.Version, "latest", before.Latest)
	if err := r.run(ctx, r.m.Up); err != nil {
		if errors.Is(err, migrate.ErrNoChange) {
			r.logger.Info("warehouse already up to date", "database", cfg.Database, "version", before.Version)
			return nil
		}
		return r.explain(err, "up")
	}
	after, err := r.status()
	if err != nil {
		return err
	}
	r.logger.Info("warehouse migrated up", "database", cfg.Database, "version", after.Version)
	return nil
}

func down(ctx context.Context, cfg *pgx.ConnConfig, migrations fs.FS, steps int, logger *slog.Logger) error {
	if steps <= 0 {
		return fmt.Errorf("down: the number of migrations to revert must be positive, not %d", steps)
	}
	r, err := open(ctx, cfg, migrations, logger)
	if err != nil {
		return err
	}
	defer r.close()
	before, err := r.status()
	if err != nil {
		return err
	}
	if !before.Dirty && before.Version == 0 {
		r.logger.Info("no migration to revert", "database", cfg.Database)
		return nil
	}
	r.logger.Info("migrating down", "database", cfg.Database, "from_version", before.Version, "steps", steps)
	err = r.run(ctx, func() error { return r.m.Steps(-steps) })
	var short migrate.ErrShortLimit
	switch {
	case errors.As(err, &short):
		// Fewer migrations were applied than asked: all of them were reverted.
	case errors.Is(err, migrate.ErrNoChange):
	case err != nil:
		return r.explain(err, "down")
	}
	after, err := r.status()
	if err != nil {
		return err
	}
	r.logger.Info("warehouse migrated down", "database", cfg.Database, "version", after.Version)
	return nil
}

func force(ctx context.Context, cfg *pgx.ConnConfig, migrations fs.FS, v uint, logger *slog.Logger) error {
	r, err := open(ctx, cfg, migrations, logger)
	if err != nil {
		return err
	}
	defer r.close()
	if v != 0 && !slices.Contains(r.versions, v) {
		return fmt.Errorf("force: there is no migration %d (migrations: %s)", v, r.listVersions())
	}
	target := int(v)
	if v == 0 {
		target = database.NilVersion
	}
	if err := r.run(ctx, func() error { return r.m.Force(target) }); err != nil {
		return fmt.Errorf("force: recording version %d of database %s: %w", v, cfg.Database, r.plain(err))
	}
	r.logger.Info("recorded the warehouse's version without running migrations", "database", cfg.Database, "version", v)
	return nil
}

func version(ctx context.Context, cfg *pgx.ConnConfig, migrations fs.FS) (Status, error) {
	r, err := open(ctx, cfg, migrations, slog.New(slog.DiscardHandler))
	if err != nil {
		return Status{}, err
	}
	defer r.close()
	return r.status()
}

// runner holds one golang-migrate instance on one database.
type runner struct {
	cfg      *pgx.ConnConfig
	logger   *slog.Logger
	db       *sql.DB
	driver   database.Driver
	m        *migrate.Migrate
	versions []uint            // of the embedded migrations, ascending
	names    map[uint]string   // version -> identifier ("create_schemas")
	files    map[string]string // "1/up" -> file name
}

func open(ctx context.Context, cfg *pgx.ConnConfig, migrations fs.FS, logger *slog.Logger) (*runner, error) {
	if logger == nil {
		logger = slog.Default()
	}
	r := &runner{cfg: cfg, logger: logger, names: map[uint]string{}, files: map[string]string{}}
	if err := r.readMigrations(migrations); err != nil {
		return nil, err
	}
	src, err := iofs.New(migrations, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the embedded migrations: %w", err)
	}
	// The driver comes from the pgx config itself, never from a URL with the password in it.
	r.db = stdlib.OpenDB(*cfg.Copy())
	if err := r.db.PingContext(ctx); err != nil {
		_ = r.db.Close()
		_ = src.Close()
		return nil, fmt.Errorf("connecting to %s: %w", describe(cfg), err)
	}
	// WithInstance creates the migrations table under the lock; it waits for the lock as long as
	// another run holds it.
	r.driver, err = pgxmigrate.WithInstance(r.db, &pgxmigrate.Config{
		MigrationsTable: MigrationsTable,
		SchemaName:      migrationsTableSchema,
	})
	if err != nil {
		_ = r.db.Close()
		_ = src.Close()
		return nil, fmt.Errorf("preparing %s.%s in %s: %w", migrationsTableSchema, MigrationsTable, describe(cfg), r.plain(err))
	}
	r.m, err = migrate.NewWithInstance("iofs", src, "pgx5", r.driver)
	if err != nil {
		_ = r.driver.Close()
		_ = src.Close()
		return nil, fmt.Errorf("starting golang-migrate: %w", err)
	}
	r.m.LockTimeout = LockTimeout
	r.m.Log = migrateLogger{logger}
	return r, nil
}

func (r *runner) close() {
	if srcErr, dbErr := r.m.Close(); srcErr != nil || dbErr != nil {
		r.logger.Warn("closing the migration runner", "source_error", srcErr, "database_error", dbErr)
	}
}

func (r *runner) readMigrations(migrations fs.FS) error {
	entries, err := fs.ReadDir(migrations, ".")
	if err != nil {
		return fmt.Errorf("reading the embedded migrations: %w", err)
	}
	for _, e := range entries {
		m, err := source.DefaultParse(e.Name())
		if err != nil {
			return fmt.Errorf("migration file %s: its name is not NNNN_name.up.sql or NNNN_name.down.sql: %w", e.Name(), err)
		}
		if !slices.Contains(r.versions, m.Version) {
			r.versions = append(r.versions, m.Version)
		}
		r.names[m.Version] = m.Identifier
		r.files[fmt.Sprintf("%d/%s", m.Version, m.Direction)] = e.Name()
	}
	slices.Sort(r.versions)
	if len(r.versions) == 0 {
		return errors.New("no migration is embedded")
	}
	return nil
}

// run runs a golang-migrate operation; when ctx ends meanwhile, it stops after the migration in
// progress (golang-migrate's graceful stop).
func (r *runner) run(ctx context.Context, op func() error) error {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			r.m.GracefulStop <- true
		case <-done:
		}
	}()
	err := op()
	if err == nil && ctx.Err() != nil {
		return fmt.Errorf("interrupted after the migration in progress: %w", ctx.Err())
	}
	return err
}

func (r *runner) status() (Status, error) {
	v, dirty, err := r.driver.Version()
	if err != nil {
		return Status{}, fmt.Errorf("reading the version of %s: %w", describe(r.cfg), r.plain(err))
	}
	s := Status{Dirty: dirty, Latest: r.versions[len(r.versions)-1]}
	if v > 0 {
		s.Version = uint(v)
	}
	return s, nil
}

// explain turns golang-migrate's errors into ones that say what happened and what to do.
func (r *runner) explain(err error, direction string) error {
	var dirty migrate.ErrDirty
	if errors.As(err, &dirty) {
		return r.dirtyError(dirty.Version)
	}
	if errors.Is(err, migrate.ErrLockTimeout) {
		return fmt.Errorf("%s: another run held the migration lock of %s for more than %s: %w",
			direction, describe(r.cfg), LockTimeout, err)
	}
	s, statusErr := r.status()
	if statusErr != nil || !s.Dirty {
		// Failed before any migration started (connection, lock, reading the version).
		return fmt.Errorf("migrating %s %s: %w", describe(r.cfg), direction, r.plain(err))
	}
	// golang-migrate marks the version a migration goes to as dirty before running it.
	failed, restore := s.Version, r.previous(s.Version)
	if direction == "down" {
		failed, restore = r.next(s.Version), r.next(s.Version)
	}
	return &MigrationError{
		Version:   failed,
		File:      r.files[fmt.Sprintf("%d/%s", failed, direction)],
		Direction: direction,
		Line:      failedLine(err),
		Err:       r.plain(err),
		Dirty:     s.Version,
		ForceTo:   restore,
	}
}

func (r *runner) dirtyError(v int) *DirtyError {
	if v < 0 {
		v = 0
	}
	return newDirtyError(r.versions, uint(v))
}

func newDirtyError(versions []uint, v uint) *DirtyError {
	e := &DirtyError{Version: v}
	// Up to v failed: the database is at the migration before it.
	if v > 0 {
		e.IfUpFailed = new(previous(versions, v))
	}
	// Down to v failed: the database is at the migration after it.
	if n := next(versions, v); n != 0 {
		e.IfDownFailed = new(n)
	}
	return e
}

// Problem is nil for a clean database, and for a dirty one the DirtyError that says how to
// repair it.
func (s Status) Problem() error {
	if !s.Dirty {
		return nil
	}
	return newDirtyError(embeddedVersions(), s.Version)
}

func embeddedVersions() []uint {
	var r runner
	r.names, r.files = map[uint]string{}, map[string]string{}
	if err := r.readMigrations(Migrations()); err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return r.versions
}

func (r *runner) previous(v uint) uint { return previous(r.versions, v) }
func (r *runner) next(v uint) uint     { return next(r.versions, v) }

// previous is the migration before v, 0 when none.
func previous(versions []uint, v uint) uint {
	var p uint
	for _, x := range versions {
		if x < v {
			p = x
		}
	}
	return p
}

// next is the migration after v (the first one when v is 0), 0 when none.
func next(versions []uint, v uint) uint {
	for _, x := range versions {
		if x > v {
			return x
		}
	}
	return 0
}

func (r *runner) listVersions() string {
	parts := make([]string, len(r.versions))
	for i, v := range r.versions {
		parts[i] = fmt.Sprintf("%d %s", v, r.names[v])
	}
	return strings.Join(parts, ", ")
}

// plain strips golang-migrate's database.Error of the migration's full text, which it puts in
// its message, keeping the database's own error.
func (r *runner) plain(err error) error {
	e := asDatabaseError(err)
	if e == nil {
		return err
	}
	if e.OrigErr != nil {
		return &statementError{err: e.OrigErr}
	}
	return errors.New(e.Err)
}

func asDatabaseError(err error) *database.Error {
	var value database.Error
	if errors.As(err, &value) {
		return &value
	}
	var pointer *database.Error
	if errors.As(err, &pointer) {
		return pointer
	}
	return nil
}

// statementError is the error of a migration's statement as the server sent it: message,
// detail, hint and SQLSTATE.
type statementError struct{ err error }

func (e *statementError) Error() string {
	var pgErr *pgconn.PgError
	if !errors.As(e.err, &pgErr) {
		return e.err.Error()
	}
	msg := fmt.Sprintf("%s: %s (SQLSTATE %s)", pgErr.Severity, pgErr.Message, pgErr.Code)
	if pgErr.Detail != "" {
		msg += "; detail: " + pgErr.Detail
	}
	if pgErr.Hint != "" {
		msg += "; hint: " + pgErr.Hint
	}
	return msg
}

func (e *statementError) Unwrap() error { return e.err }

// failedLine is the line of the migration file where the server located the error, 0 when it
// did not (errors raised inside a DO block, for one).
func failedLine(err error) uint {
	e := asDatabaseError(err)
	var pgErr *pgconn.PgError
	if e == nil || !errors.As(e.OrigErr, &pgErr) || pgErr.Position <= 0 {
		return 0
	}
	return e.Line
}

// MigrationError is a migration that failed. Every migration runs as one transaction, so a
// failed one was rolled back whole and applied nothing; golang-migrate still marks the database
// dirty (at Dirty) until someone records its real version, ForceTo, with Force.
type MigrationError struct {
	Version   uint   // the migration that failed
	File      string // its file
	Direction string // "up" or "down"
	Line      uint   // line of the file where it failed, 0 if unknown
	Err       error  // why, from the database
	Dirty     uint   // the version golang-migrate marked dirty (0: none)
	ForceTo   uint   // the version the database really is at
}

func (e *MigrationError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s, line %d", e.File, e.Line)
	}
	again := "`spacex-migrate up` again"
	if e.Direction == "down" {
		again = "`spacex-migrate down N` again for the migrations still to revert"
	}
	return fmt.Sprintf("migration %d (%s) failed: %v. "+
		"It ran as one transaction, which was rolled back: nothing of it is applied and the warehouse is still at version %d, "+
		"but golang-migrate has marked the database dirty at version %s. "+
		"Fix the cause, then run `spacex-migrate force %d` and %s",
		e.Version, where, e.Err, e.ForceTo, versionName(e.Dirty), e.ForceTo, again)
}

func (e *MigrationError) Unwrap() error { return e.Err }

// DirtyError is a database that an earlier run left dirty: a migration to or from Version failed
// then. golang-migrate refuses to migrate a dirty database until its real version is recorded
// with Force. As every migration is one transaction, the failed one applied nothing: the
// database is at IfUpFailed if an up to Version failed, or at IfDownFailed if a down to Version
// failed (nil when that case is impossible).
type DirtyError struct {
	Version      uint
	IfUpFailed   *uint
	IfDownFailed *uint
}

func (e *DirtyError) Error() string {
	var cases []string
	if e.IfUpFailed != nil {
		cases = append(cases, fmt.Sprintf("if `up` to %d failed, it is at version %d: run `spacex-migrate force %d`",
			e.Version, *e.IfUpFailed, *e.IfUpFailed))
	}
	if e.IfDownFailed != nil {
		cases = append(cases, fmt.Sprintf("if `down` from %d failed, it is at version %d: run `spacex-migrate force %d`",
			*e.IfDownFailed, *e.IfDownFailed, *e.IfDownFailed))
	}
	return fmt.Sprintf("the database is dirty at version %s: a migration to version %s failed in an earlier run (that run's error said why). "+
		"Each migration runs as one transaction, so the failed one was rolled back and nothing of it is applied; "+
		"%s. Then run the command again", versionName(e.Version), versionName(e.Version), strings.Join(cases, "; "))
}

func versionName(v uint) string {
	if v == 0 {
		return "0 (no migration)"
	}
	return strconv.FormatUint(uint64(v), 10)
}

// migrateLogger sends golang-migrate's log lines ("1/u create_schemas (12ms)") to slog.
type migrateLogger struct{ logger *slog.Logger }

func (l migrateLogger) Printf(format string, v ...any) {
	l.logger.Info("golang-migrate", "event", strings.TrimSpace(fmt.Sprintf(format, v...)))
}

func (l migrateLogger) Verbose() bool { return false }

// describe names a connection for messages, never with its password.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("database %q on %s:%d as %q", cfg.Database, cfg.Host, cfg.Port, cfg.User)
}

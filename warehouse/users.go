package warehouse

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// LoginUser is a login user of one component: a LOGIN role that is a member of the component's
// group role and acts as it.
type LoginUser struct {
	// Name of the login role.
	Name string
	// Password, or "" for none: the user can then only log in where the server trusts it
	// without one (not the project-local cluster, which checks every password). Never logged.
	Password string
	// Group is the group role it is granted and acts as (LoaderRole, ...).
	Group string
	// EnvPrefix names the environment variables it came from ("SPACEX_LOADER"), for messages.
	EnvPrefix string
}

// The environment variables of the login users: <prefix>_USER and <prefix>_PASSWORD.
var loginEnv = []struct{ prefix, group string }{
	{"SPACEX_LOADER", LoaderRole},
	{"SPACEX_TRANSFORMER", TransformerRole},
	{"SPACEX_ANALYST", AnalystRole},
	{"SPACEX_MELTANO", MeltanoRole},
	{"SPACEX_FORECASTER", ForecasterRole},
}

// LoginUsersFromEnv reads the login users of the components from
//
//	SPACEX_LOADER_USER, SPACEX_LOADER_PASSWORD             (member of spacex_loader: target-postgres)
//	SPACEX_TRANSFORMER_USER, SPACEX_TRANSFORMER_PASSWORD   (member of spacex_transformer: dbt)
//	SPACEX_ANALYST_USER, SPACEX_ANALYST_PASSWORD           (member of spacex_analyst)
//	SPACEX_MELTANO_USER, SPACEX_MELTANO_PASSWORD           (member of spacex_meltano: Meltano's prod system database)
//	SPACEX_FORECASTER_USER, SPACEX_FORECASTER_PASSWORD     (member of spacex_forecaster: spacex-forecast)
//
// A component whose _USER variable is unset or empty gets no login user (its users are then
// managed elsewhere). Passwords must be printable ASCII; an empty one means no password.
func LoginUsersFromEnv(getenv func(string) string) ([]LoginUser, error) {
	var users []LoginUser
	seen := map[string]string{}
	for _, e := range loginEnv {
		name := strings.TrimSpace(getenv(e.prefix + "_USER"))
		if name == "" {
			continue
		}
		u := LoginUser{Name: name, Password: getenv(e.prefix + "_PASSWORD"), Group: e.group, EnvPrefix: e.prefix}
		if err := u.validate(); err != nil {
			return nil, err
		}
		if other, ok := seen[name]; ok {
			return nil, fmt.Errorf("%s_USER and %s_USER both name %q: each component needs a login user of its own", other, e.prefix, name)
		}
		seen[name] = e.prefix
		users = append(users, u)
	}
	return users, nil
}

func (u LoginUser) validate() error {
	switch {
	case u.Name == "":
		return fmt.Errorf("%s_USER is empty", u.EnvPrefix)
	case len(u.Name) > 63:
		return fmt.Errorf("%s_USER=%q is longer than PostgreSQL's 63-byte limit on names", u.EnvPrefix, u.Name)
	case strings.HasPrefix(u.Name, "pg_"):
		return fmt.Errorf("%s_USER=%q: names starting with pg_ are reserved by PostgreSQL", u.EnvPrefix, u.Name)
	case slices.Contains(GroupRoles, u.Name):
		return fmt.Errorf("%s_USER=%q names a group role: login users are separate roles that are granted it", u.EnvPrefix, u.Name)
	case !slices.Contains(GroupRoles, u.Group):
		return fmt.Errorf("login user %q: unknown group role %q", u.Name, u.Group)
	}
	for _, r := range u.Password {
		if r < 0x20 || r > 0x7e {
			// The value itself is never shown.
			return fmt.Errorf("%s_PASSWORD holds a character that is not printable ASCII: use printable ASCII "+
				"(e.g. `openssl rand -base64 32`), as SCRAM clients disagree on how to normalise other characters", u.EnvPrefix)
		}
	}
	return nil
}

// EnsureUsers creates or updates the login users: each can log in, with its password (stored as
// a SCRAM-SHA-256 verifier computed here, so the password never reaches the server, its logs or
// this program's log) or none when it is empty, is a member of its group role and of no other
// warehouse group role, and acts as its group role (ALTER ROLE ... SET role). It refuses a name
// that belongs to a privileged role (superuser, CREATEROLE...) or to the admin running it.
// Run it after Up: the group roles must exist. Safe to run again and concurrently.
func EnsureUsers(ctx context.Context, cfg *pgx.ConnConfig, users []LoginUser, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	for _, u := range users {
		if err := u.validate(); err != nil {
			return err
		}
	}
	if len(users) == 0 {
		logger.Info("no login user to set up (SPACEX_LOADER_USER, SPACEX_TRANSFORMER_USER, SPACEX_ANALYST_USER, SPACEX_MELTANO_USER and SPACEX_FORECASTER_USER are unset)")
		return nil
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", describe(cfg), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	for _, group := range GroupRoles {
		var exists bool
		if err := conn.QueryRow(ctx, "select exists (select from pg_roles where rolname = $1)", group).Scan(&exists); err != nil {
			return fmt.Errorf("looking up group role %s: %w", group, err)
		}
		if !exists {
			return fmt.Errorf("group role %s does not exist: run `spacex-migrate up` (the migrations create it) first", group)
		}
	}
	for _, u := range users {
		if err := ensureUser(ctx, conn, u); err != nil {
			return fmt.Errorf("login user %q (%s_USER) of %s: %w", u.Name, u.EnvPrefix, u.Group, err)
		}
		if u.Password == "" {
			logger.Warn("login user has no password: it can only log in where the server trusts it without one (the project-local cluster does not); set "+u.EnvPrefix+"_PASSWORD",
				"user", u.Name, "group", u.Group)
		} else {
			logger.Info("login user ready", "user", u.Name, "group", u.Group, "password", "set")
		}
	}
	return nil
}

// ensureUser sets up one login user in one transaction, retried when a concurrent run (of
// another database of the cluster: roles are cluster-wide) updated the same role meanwhile.
func ensureUser(ctx context.Context, conn *pgx.Conn, u LoginUser) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return ensureUserTx(ctx, tx, u) })
		if err == nil || attempt == 5 || !concurrentUpdate(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt) * 50 * time.Millisecond):
		}
	}
}

// usersLockKey serialises EnsureUsers runs on one database (pg_advisory_xact_lock).
const usersLockKey = 0x5370_6163_6558 // "SpaceX"

func ensureUserTx(ctx context.Context, tx pgx.Tx, u LoginUser) error {
	if _, err := tx.Exec(ctx, "select pg_advisory_xact_lock($1)", int64(usersLockKey)); err != nil {
		return fmt.Errorf("taking the users lock: %w", err)
	}
	var admin string
	if err := tx.QueryRow(ctx, "select session_user").Scan(&admin); err != nil {
		return err
	}
	if u.Name == admin {
		return fmt.Errorf("it is the admin running the migrations (PGUSER): give the component a login user of its own")
	}

	name := pgx.Identifier{u.Name}.Sanitize()
	var super, createRole, createDB, replication, bypassRLS bool
	err := tx.QueryRow(ctx, `select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
		from pg_roles where rolname = $1`, u.Name).Scan(&super, &createRole, &createDB, &replication, &bypassRLS)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// Attributes left out are the least privileged ones: NOSUPERUSER NOCREATEDB
		// NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT.
		if _, err := tx.Exec(ctx, "create role "+name+" login"); err != nil {
			return fmt.Errorf("creating the role: %w", err)
		}
	case err != nil:
		return fmt.Errorf("looking up the role: %w", err)
	case super || createRole || createDB || replication || bypassRLS:
		return errors.New("an existing role of that name holds SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS: " +
			"refusing to make it a least-privilege login user; choose another name")
	}

	password := "null"
	if u.Password != "" {
		verifier, err := scramVerifier(u.Password)
		if err != nil {
			return err
		}
		password = quoteLiteral(verifier)
	}
	if _, err := tx.Exec(ctx, "alter role "+name+" login password "+password); err != nil {
		// The statement holds a verifier at most, but keep it out of messages anyway.
		return fmt.Errorf("setting login and password: %w", pgErrorWithoutStatement(err))
	}

	for _, group := range GroupRoles {
		var member bool
		if err := tx.QueryRow(ctx, `select exists (
				select from pg_auth_members as m
				join pg_roles as g on g.oid = m.roleid
				join pg_roles as u on u.oid = m.member
				where g.rolname = $1 and u.rolname = $2)`, group, u.Name).Scan(&member); err != nil {
			return fmt.Errorf("looking up membership in %s: %w", group, err)
		}
		switch {
		case group == u.Group && !member:
			if _, err := tx.Exec(ctx, "grant "+pgx.Identifier{group}.Sanitize()+" to "+name); err != nil {
				return fmt.Errorf("granting %s: %w", group, err)
			}
		case group != u.Group && member:
			if _, err := tx.Exec(ctx, "revoke "+pgx.Identifier{group}.Sanitize()+" from "+name); err != nil {
				return fmt.Errorf("revoking %s: %w", group, err)
			}
		}
	}

	// Act as the group role from the start of every session, so that what the user creates is
	// owned by the group (and carries its default privileges).
	if _, err := tx.Exec(ctx, "alter role "+name+" set role = "+quoteLiteral(u.Group)); err != nil {
		return fmt.Errorf("setting its role to %s: %w", u.Group, err)
	}
	return nil
}

// concurrentUpdate reports errors a concurrent run of the same statements can cause.
func concurrentUpdate(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "40001", "40P01", "23505", "42710": // serialization failure, deadlock, duplicate
		return true
	case "XX000":
		return strings.Contains(pgErr.Message, "tuple concurrently updated")
	}
	return false
}

func pgErrorWithoutStatement(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("%s (SQLSTATE %s)", pgErr.Message, pgErr.Code)
	}
	return err
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// SCRAM-SHA-256 parameters of PostgreSQL's own verifiers (scram_iterations' default, salt length).
const (
	scramIterations = 4096
	scramSaltLen    = 16
)

// scramVerifier computes the SCRAM-SHA-256 verifier PostgreSQL stores for password, as libpq's
// PQencryptPasswordConn does for psql's \password: the server then never sees the password.
// (For printable ASCII, the only passwords accepted, SASLprep changes nothing.)
func scramVerifier(password string) (string, error) {
	salt := make([]byte, scramSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("generating a salt: %w", err)
	}
	return scramVerifierWithSalt(password, salt, scramIterations)
}

func scramVerifierWithSalt(password string, salt []byte, iterations int) (string, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", fmt.Errorf("hashing the password: %w", err)
	}
	clientKey := hmacSHA256(salted, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := hmacSHA256(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(storedKey[:]), b64(serverKey)), nil
}

func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

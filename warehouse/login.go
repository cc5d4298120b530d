package warehouse

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
)

// LoginConfig is the connection of one component to the warehouse: the server and database of
// PGHOST, PGPORT and PGDATABASE, as the component's login user <envPrefix>_USER with
// <envPrefix>_PASSWORD (e.g. "SPACEX_FORECASTER"), never the admin's PGUSER/PGPASSWORD. They are
// named explicitly, so they win over the process's own PG* variables (pgx reads the rest of the
// libpq environment, e.g. PGSSLMODE, from the process). Errors name the variable to set.
func LoginConfig(getenv func(string) string, envPrefix, applicationName string) (*pgx.ConnConfig, error) {
	userVar := envPrefix + "_USER"
	user := strings.TrimSpace(getenv(userVar))
	if user == "" {
		return nil, errors.New(userVar + " is not set: the component's login user (see .env.template; `spacex-migrate up` creates it)")
	}
	for _, v := range []string{"PGHOST", "PGDATABASE"} {
		if getenv(v) == "" {
			return nil, errors.New(v + " is not set: the warehouse's server and database come from PGHOST, PGPORT and PGDATABASE")
		}
	}
	dsn := "host=" + quoteDSN(getenv("PGHOST")) + " dbname=" + quoteDSN(getenv("PGDATABASE")) + " user=" + quoteDSN(user)
	if port := getenv("PGPORT"); port != "" {
		dsn += " port=" + quoteDSN(port)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errors.New("PGHOST, PGPORT, PGDATABASE, " + userVar + ": " + err.Error())
	}
	cfg.Password = getenv(envPrefix + "_PASSWORD")
	cfg.RuntimeParams["application_name"] = applicationName
	return cfg, nil
}

// quoteDSN quotes a value of a keyword/value connection string.
func quoteDSN(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

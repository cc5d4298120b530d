// Package warehouse sets up the Postgres warehouse of the pipeline as code: its schemas, the
// group roles of its components and their rights are SQL migrations (golang-migrate, embedded
// from migrations/), and the login users of the components are created from environment
// variables at run time, never by a migration.
//
// Schemas: tap_spacex and tap_spacetrack (raw, written by target-postgres; 0004 adds the
// second), staging and analytics (dbt), meltano (Meltano's runs and state in the prod
// environment; 0005), forecast (the forecast engine's runs; 0006, its origin ledger 0008).
// Group roles (NOLOGIN, cluster-wide):
//
//	spacex_loader       creates and writes tables in tap_spacex and tap_spacetrack only
//	spacex_transformer  reads tap_spacex and tap_spacetrack, creates and owns what it builds in staging and analytics
//	spacex_analyst      reads analytics only
//	spacex_meltano      Meltano's system database of the prod environment: schema meltano only
//	spacex_forecaster   reads analytics (the marts), writes the tables of schema forecast only
//
// Login users (see [LoginUsersFromEnv]) are members of one group role each and act as it (their
// role setting is SET role = <group>), so every object a component creates is owned by its group
// role and carries the group's default privileges, whichever login user created it.
//
// The migrations run with the libpq environment (PG* variables, see [ConfigFromEnv]) as an admin
// able to create roles and schemas: a superuser, or a CREATEROLE role that owns the database.
// Every migration is atomic, and concurrent runs serialise on golang-migrate's advisory lock.
// cmd/spacex-migrate is the command that runs them.
package warehouse

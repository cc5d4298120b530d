-- The forecast engine's schema (spacex-forecast run, forecast/store) and its group role.
--
--                       analytics                 forecast
--   spacex_forecaster   usage, select (also the   usage; select, insert on every table;
--                       marts dbt re-creates)     delete on monthly and backtest only
--   spacex_transformer  (0003: builds them)       usage, select (also tables created later)
--   spacex_analyst      (0003: reads them)        -
--
-- The forecaster reads the history marts (dim_starlink_satellites, fct_starlink_launches) and
-- writes one run into schema forecast per job. dbt drops and re-creates the marts on every
-- build, so a grant on today's tables would be lost by tomorrow's: the forecaster reads
-- analytics through default privileges of spacex_transformer (as spacex_analyst does, 0003),
-- not through membership of spacex_analyst. Membership would make the forecaster an analyst:
-- it would inherit whatever analysts are granted later, anywhere, and could SET ROLE to it;
-- default privileges name exactly the schema and the right. (Narrower still would be a grant
-- on the two marts themselves, re-applied by dbt's `grants` config after each build: it would
-- tie the warehouse's rights to dbt's config, and the marts the engine reads are analysts'
-- tables anyway.)
--
-- The tables belong to the admin that runs the migrations, like the schemas (0001): the
-- forecaster cannot create, alter, drop or truncate them, nor update a row; it deletes only
-- the rows a run replaces (older runs' monthly and backtest rows). Runs, assumptions,
-- scenarios, authorised totals and estimates are a ledger: kept. spacex_transformer reads
-- them as dbt sources; the analyst reads the marts dbt builds on them, never these tables.
--
-- The role is cluster-wide, as in 0002: created when missing, refused when it exists with
-- more than a group role's attributes. Its login user (SPACEX_FORECASTER_USER) is created by
-- `spacex-migrate up` like the others, never here.

do $$
declare
    existing record;
begin
    select * into existing from pg_roles where rolname = 'spacex_forecaster';
    if not found then
        begin
            create role spacex_forecaster nologin;
            comment on role spacex_forecaster is
                'Forecast engine (spacex-forecast): reads the analytics marts, writes schema forecast only.';
        exception when duplicate_object or unique_violation then
            -- Created meanwhile by the migration of another database of the cluster.
            null;
        end;
    elsif existing.rolcanlogin or existing.rolsuper or existing.rolcreaterole
            or existing.rolcreatedb or existing.rolreplication or existing.rolbypassrls then
        raise exception 'role spacex_forecaster exists but is not a plain NOLOGIN group role'
            using hint = 'the warehouse''s group roles must not log in nor hold SUPERUSER, CREATEROLE, '
                'CREATEDB, REPLICATION or BYPASSRLS: fix the role or rename it, then run the migration again';
    end if;
    -- An admin that is not a superuser must be a member of a role to manage its grants.
    if not (select rolsuper from pg_roles where rolname = current_user)
            and not pg_has_role(current_user, 'spacex_forecaster', 'member') then
        grant spacex_forecaster to current_user;
    end if;
    execute format('grant connect on database %I to spacex_forecaster', current_database());
end
$$;

-- analytics: the marts as they are now, and as dbt re-creates them.
grant usage on schema analytics to spacex_forecaster;
grant select on all tables in schema analytics to spacex_forecaster;
alter default privileges for role spacex_transformer in schema analytics
    grant select on tables to spacex_forecaster;

-- forecast: the engine's tables, exactly as /work/briefs/forecast-tables.sql (columns map 1:1
-- to forecast/types.go; the dbt sources are declared from the same list). Written in ONE
-- transaction per run: insert into runs ... returning run_id, COPY into the others, delete
-- older runs' monthly and backtest rows. `if not exists` keeps the migration idempotent.
create schema if not exists forecast;

create table if not exists forecast.runs (
    run_id bigint generated always as identity primary key,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    data_as_of_date date not null,
    data_sources text not null,
    git_commit text,                 -- null when unknown (never made up)
    engine_version text not null,
    assumptions_hash text not null,
    paths integer not null,
    seed bigint not null,
    horizon_month date not null,
    target_satellites integer not null
);

create table if not exists forecast.assumptions (
    run_id bigint not null references forecast.runs on delete cascade,
    name text not null,
    value text not null,
    default_value text not null,
    is_overridden boolean not null,
    unit text not null,
    source text not null,
    description text not null,
    primary key (run_id, name)
);

create table if not exists forecast.scenarios (
    run_id bigint not null references forecast.runs on delete cascade,
    scenario_name text not null,
    scenario_order integer not null,
    label text not null,
    description text not null,
    conditional_on text not null,
    is_headline boolean not null,
    is_naive boolean not null,
    satellites_in_orbit_at_as_of integer not null,
    nowcast_launches_p50 integer not null,
    nowcast_satellites_p50 integer not null,
    target_satellites integer not null,
    reach_month_p10 date,
    reach_month_p50 date,
    reach_month_p90 date,
    share_never_reached numeric not null,
    launches_needed_p10 integer,
    launches_needed_p50 integer,
    launches_needed_p90 integer,
    prob_by_2030 numeric not null,
    prob_by_2035 numeric not null,
    prob_by_2040 numeric not null,
    in_orbit_at_horizon_p10 integer not null,
    in_orbit_at_horizon_p50 integer not null,
    in_orbit_at_horizon_p90 integer not null,
    answer text not null,
    primary key (run_id, scenario_name)
);

create table if not exists forecast.authorised (
    run_id bigint not null references forecast.runs on delete cascade,
    scenario_name text not null,
    authorisation text not null,
    total integer not null,
    share_exceeded numeric not null,
    exceeded_month_p50 date,
    primary key (run_id, scenario_name, authorisation)
);

create table if not exists forecast.monthly (
    run_id bigint not null references forecast.runs on delete cascade,
    scenario_name text not null,
    month date not null,
    in_orbit_p10 integer not null,
    in_orbit_p50 integer not null,
    in_orbit_p90 integer not null,
    cum_launches_p10 integer not null,
    cum_launches_p50 integer not null,
    cum_launches_p90 integer not null,
    launches_falcon9_p50 numeric not null,
    launches_starship_p50 numeric not null,
    satellites_launched_p50 numeric not null,
    satellites_retired_p50 numeric not null,
    primary key (run_id, scenario_name, month)
);

create table if not exists forecast.backtest (
    run_id bigint not null references forecast.runs on delete cascade,
    origin_date date not null,
    history_months integer not null,
    method text not null,
    target text not null,
    horizon_months integer not null,
    threshold integer not null,
    predicted_p10 numeric not null,
    predicted_p50 numeric not null,
    predicted_p90 numeric not null,
    actual numeric not null,
    crps numeric not null,
    interval_score numeric not null,
    is_covered boolean not null,
    calibration_factor numeric not null,
    primary key (run_id, origin_date, method, target, horizon_months, threshold)
);

create table if not exists forecast.estimates (
    run_id bigint not null references forecast.runs on delete cascade,
    name text not null,
    value numeric not null,
    p10 numeric,
    p90 numeric,
    unit text not null,
    description text not null,
    primary key (run_id, name)
);

comment on schema forecast is
    'The forecast engine''s runs (spacex-forecast; role spacex_forecaster writes, spacex_transformer reads as dbt sources). Not for analysts: they read the forecast marts in analytics.';

grant usage on schema forecast to spacex_forecaster;
grant select, insert on all tables in schema forecast to spacex_forecaster;
grant delete on forecast.monthly, forecast.backtest to spacex_forecaster;

grant usage on schema forecast to spacex_transformer;
grant select on all tables in schema forecast to spacex_transformer;
-- Tables a later migration adds (created by the admin running it, as these are).
alter default privileges in schema forecast grant select on tables to spacex_transformer;

-- The ledger's history from the start: the headline's answer as it would have been at each
-- backtest origin (forecast/types.go LedgerRow, Result.Ledger), one row per run x origin.
--
--                       forecast.origin_ledger
--   spacex_forecaster   select, insert; delete (older runs' rows, like monthly and backtest)
--   spacex_transformer  select (0006's default privileges, granted again here)
--   spacex_analyst      -   (reads analytics.fct_starlink_forecast_ledger, built on it)
--
-- Written in the run's transaction (forecast/store Save: COPY, then the older runs' rows
-- deleted): like monthly and backtest, it holds the latest run's origins only; the real runs
-- are kept in forecast.runs and forecast.scenarios. Owned by the admin that runs the
-- migrations, like 0006's tables. Idempotent.

create table if not exists forecast.origin_ledger (
    run_id bigint not null references forecast.runs on delete cascade,
    origin_date date not null,
    satellites_in_orbit integer not null,
    target_satellites integer not null,
    reach_month_p10 date,            -- null: fewer than 10% of paths reach the target by the horizon
    reach_month_p50 date,
    reach_month_p90 date,
    share_never_reached numeric not null,
    launches_needed_p10 integer,
    launches_needed_p50 integer,
    launches_needed_p90 integer,
    prob_by_2035 numeric not null,
    calibration_factor numeric not null,
    primary key (run_id, origin_date)
);

comment on table forecast.origin_ledger is
    'The headline''s answer as it would have been at each backtest origin of the latest run (the engine on the history cut at the origin, today''s assumptions). Not for analysts: they read analytics.fct_starlink_forecast_ledger.';

grant select, insert, delete on forecast.origin_ledger to spacex_forecaster;
grant select on forecast.origin_ledger to spacex_transformer;

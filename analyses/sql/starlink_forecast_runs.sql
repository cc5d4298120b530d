-- Starlink forecast ledger: how the answer moved from run to run.
-- One row per run of the forecast engine (newest first): the data's as-of date and sources,
-- the commit, the assumptions hash and the assumptions it overrode, and its headline's reach
-- month and launches needed (P10, P50, P90).
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    runs.run_id,
    runs.is_latest_run,
    runs.finished_at,
    runs.as_of_date,
    runs.data_sources,
    runs.git_commit,
    runs.assumptions_hash,
    runs.overridden_assumptions,
    runs.headline_scenario_name,
    runs.reach_month_p10,
    runs.reach_month_p50,
    runs.reach_month_p90,
    runs.launches_needed_p10,
    runs.launches_needed_p50,
    runs.launches_needed_p90
from "analytics"."fct_starlink_forecast_runs" as runs
order by runs.run_id desc

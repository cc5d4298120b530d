-- Starlink forecast: the answer per scenario, side by side, with its ranges and its run.
-- One row per scenario of the forecast engine's latest run (the headline first): the month the
-- target is reached at P10, P50 and P90 of the simulated paths (null: not by the horizon), the
-- launches it takes, the chance by 2030, 2035 and 2040, the answer sentence the report quotes,
-- and the run's stamp (as-of date, data sources, commit, assumptions hash).
-- Try other assumptions with the engine (forecast/assumptions.yaml) and rebuild the marts.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    forecast.scenario_name,
    forecast.scenario_label,
    forecast.conditional_on,
    forecast.is_headline,
    forecast.is_naive,
    forecast.satellites_in_orbit_at_as_of,
    forecast.nowcast_launches_p50,
    forecast.target_satellites,
    forecast.reach_month_p10,
    forecast.reach_month_p50,
    forecast.reach_month_p90,
    forecast.share_never_reached,
    forecast.launches_needed_p10,
    forecast.launches_needed_p50,
    forecast.launches_needed_p90,
    forecast.prob_by_2030,
    forecast.prob_by_2035,
    forecast.prob_by_2040,
    forecast.in_orbit_at_horizon_p50,
    forecast.answer,
    forecast.as_of_date,
    forecast.data_sources,
    forecast.git_commit,
    forecast.assumptions_hash,
    forecast.run_id
from {{ ref('fct_starlink_forecast').include(database=false) }} as forecast
order by forecast.is_headline desc, forecast.scenario_order

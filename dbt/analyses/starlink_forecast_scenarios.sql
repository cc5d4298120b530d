-- Starlink forecast: the answer per scenario, side by side, with its ranges.
-- One row per scenario (the headline first): the month the target is reached at P10, P50 and
-- P90 of the simulated paths (null: not by horizon_date), the launches it takes, the chance of
-- reaching it by 2030, 2035 and 2040, and the answer sentence the report quotes.
-- Change an assumption with dbt vars (dbt/dbt_project.yml) and re-run the pipeline.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    forecast.scenario_name,
    forecast.scenario_label,
    forecast.is_headline,
    forecast.is_naive,
    forecast.as_of_date,
    forecast.data_sources,
    forecast.satellites_in_orbit_at_as_of,
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
    forecast.simulated_paths,
    forecast.horizon_date,
    forecast.answer
from {{ ref('fct_starlink_forecast').include(database=false) }} as forecast
order by forecast.is_headline desc, forecast.is_naive, forecast.scenario_name

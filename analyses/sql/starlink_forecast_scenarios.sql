-- Starlink forecast: the answer per scenario, side by side.
-- When each scenario reaches the target number of satellites in orbit and after how many
-- launches, with the drivers behind it. A null target_reached_on means the scenario does not
-- reach the target by horizon_date; satellites_in_orbit_at_horizon is where it levels off.
-- Change a driver with dbt vars (dbt/dbt_project.yml) and re-run the pipeline.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    forecast.scenario,
    forecast.as_of_date,
    forecast.target_satellites,
    forecast.satellites_in_orbit_at_as_of,
    forecast.target_reached_on,
    forecast.launches_needed,
    forecast.months_needed,
    forecast.satellites_in_orbit_at_horizon,
    forecast.horizon_date,
    forecast.launches_per_month,
    forecast.launches_per_month_change,
    forecast.satellites_per_launch,
    forecast.early_failure_rate,
    forecast.satellite_lifetime_years,
    forecast.method
from "analytics"."fct_starlink_forecast" as forecast
order by forecast.scenario_order

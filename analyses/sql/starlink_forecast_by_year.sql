-- Starlink forecast by year: satellites in orbit and launches at each year's end per scenario.
-- The observed count up to the as-of date, then P10, P50 and P90 across the engine's simulated
-- paths at the end of the last month of each year (the as-of month in the as-of year) of
-- satellites in orbit and of launches since the as-of date, against the target.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

monthly as (

    select
        scenario_name,
        month,
        extract(year from month)::integer as year,
        observed_in_orbit,
        in_orbit_p10,
        in_orbit_p50,
        in_orbit_p90,
        cum_launches_p10,
        cum_launches_p50,
        cum_launches_p90
    from "analytics"."fct_starlink_forecast_monthly"

),

year_ends as (

    select
        scenario_name,
        year,
        max(month) as last_month
    from monthly
    group by scenario_name, year

),

forecast as (

    select
        scenario_name,
        scenario_order,
        target_satellites
    from "analytics"."fct_starlink_forecast"

)

select
    year_ends.scenario_name,
    year_ends.year,
    year_ends.last_month,
    monthly.observed_in_orbit,
    monthly.in_orbit_p10,
    monthly.in_orbit_p50,
    monthly.in_orbit_p90,
    monthly.cum_launches_p10,
    monthly.cum_launches_p50,
    monthly.cum_launches_p90,
    forecast.target_satellites,
    coalesce(monthly.in_orbit_p50, monthly.observed_in_orbit) >= forecast.target_satellites as is_median_at_target
from year_ends
inner join monthly
    on year_ends.scenario_name = monthly.scenario_name
    and year_ends.last_month = monthly.month
inner join forecast
    on year_ends.scenario_name = forecast.scenario_name
order by forecast.scenario_order, year_ends.year

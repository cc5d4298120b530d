-- Starlink forecast by year: satellites in orbit at each year's end per scenario.
-- The observed count up to the as-of date, then P10, P50 and P90 across the simulated paths
-- in the last month of each year (or the as-of month in the as-of year), and the median
-- launches of the year's projected months, against the target.
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
        launches_p50
    from "analytics"."fct_starlink_forecast_monthly"

),

year_ends as (

    select
        scenario_name,
        year,
        max(month) as last_month,
        sum(launches_p50) as launches_p50_in_year
    from monthly
    group by scenario_name, year

),

forecast as (

    select
        scenario_name,
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
    year_ends.launches_p50_in_year,
    forecast.target_satellites,
    coalesce(monthly.in_orbit_p50, monthly.observed_in_orbit) >= forecast.target_satellites as is_median_at_target
from year_ends
inner join monthly
    on year_ends.scenario_name = monthly.scenario_name
    and year_ends.last_month = monthly.month
inner join forecast
    on year_ends.scenario_name = forecast.scenario_name
order by year_ends.scenario_name, year_ends.year

-- Starlink forecast by year: satellites in orbit at each year's end, launches in the year.
-- One row per scenario and year, from the as-of year to the horizon. Filter on a scenario and
-- chart satellites_in_orbit_at_year_end against target_satellites.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

monthly as (

    select
        monthly.scenario,
        forecast.scenario_order,
        forecast.target_satellites,
        extract(year from monthly.month_end_date)::integer as projection_year,
        monthly.month_end_date,
        monthly.projected_launches,
        monthly.satellites_launched,
        monthly.satellites_retired,
        monthly.satellites_in_orbit
    from "analytics"."fct_starlink_forecast_monthly" as monthly
    inner join "analytics"."fct_starlink_forecast" as forecast
        on monthly.scenario = forecast.scenario

),

years as (

    select
        scenario,
        scenario_order,
        target_satellites,
        projection_year,
        sum(projected_launches) as projected_launches,
        sum(satellites_launched) as satellites_launched,
        sum(satellites_retired) as satellites_retired,
        (array_agg(satellites_in_orbit order by month_end_date desc))[1]
            as satellites_in_orbit_at_year_end
    from monthly
    group by scenario, scenario_order, target_satellites, projection_year

)

select
    scenario,
    projection_year,
    projected_launches,
    satellites_launched,
    satellites_retired,
    satellites_in_orbit_at_year_end,
    target_satellites,
    satellites_in_orbit_at_year_end >= target_satellites as is_target_reached
from years
order by scenario_order, projection_year

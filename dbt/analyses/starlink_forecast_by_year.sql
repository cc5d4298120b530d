-- Starlink forecast by year: satellites in orbit at each year's end (P10 / P50 / P90 of the
-- simulated paths) and the median launches in the year, per scenario, from the as-of year to
-- the horizon, against the target.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

monthly as (

    select
        monthly.scenario_name,
        forecast.scenario_order,
        forecast.target_satellites,
        cast(extract(year from monthly.month) as integer) as projection_year,
        monthly.month,
        monthly.in_orbit_p10,
        monthly.in_orbit_p50,
        monthly.in_orbit_p90,
        monthly.launches_p50
    from {{ ref('fct_starlink_forecast_monthly').include(database=false) }} as monthly
    inner join {{ ref('fct_starlink_forecast').include(database=false) }} as forecast
        on monthly.scenario_name = forecast.scenario_name
    where monthly.in_orbit_p50 is not null

),

years as (

    select
        scenario_name,
        scenario_order,
        target_satellites,
        projection_year,
        sum(launches_p50) as launches_p50_in_year,
        (array_agg(in_orbit_p10 order by month desc))[1] as in_orbit_p10_at_year_end,
        (array_agg(in_orbit_p50 order by month desc))[1] as in_orbit_p50_at_year_end,
        (array_agg(in_orbit_p90 order by month desc))[1] as in_orbit_p90_at_year_end
    from monthly
    group by scenario_name, scenario_order, target_satellites, projection_year

)

select
    scenario_name,
    projection_year,
    launches_p50_in_year,
    in_orbit_p10_at_year_end,
    in_orbit_p50_at_year_end,
    in_orbit_p90_at_year_end,
    target_satellites,
    in_orbit_p50_at_year_end >= target_satellites as is_target_reached_at_p50
from years
order by scenario_order, projection_year

-- Every scenario starts from the satellites in orbit in dim_starlink_satellites at its as-of
-- date: month 0 of the monthly forecast and satellites_in_orbit_at_as_of of the answer.
-- Returns the scenarios that do not.

with

observed as (

    select
        max(as_of_date) as as_of_date,
        count(*) filter (where is_in_orbit) as satellites_in_orbit
    from {{ ref('dim_starlink_satellites') }}

),

forecast as (

    select * from {{ ref('fct_starlink_forecast') }}

),

month_zero as (

    select * from {{ ref('fct_starlink_forecast_monthly') }}
    where month_number = 0

)

select
    forecast.scenario,
    forecast.as_of_date,
    forecast.satellites_in_orbit_at_as_of,
    month_zero.satellites_in_orbit as month_zero_satellites_in_orbit,
    observed.satellites_in_orbit as observed_satellites_in_orbit
from forecast
cross join observed
left join month_zero
    on forecast.scenario = month_zero.scenario
where
    forecast.as_of_date != observed.as_of_date
    or forecast.satellites_in_orbit_at_as_of != observed.satellites_in_orbit
    or month_zero.satellites_in_orbit is distinct from observed.satellites_in_orbit

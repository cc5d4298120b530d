-- Every forecast scenario starts at the as-of date from the satellites in orbit then, as the
-- unified satellite history counts them (is_in_orbit), and every simulated path of it too.

with

observed as (

    select count(*) filter (where is_in_orbit) as satellites_in_orbit
    from {{ ref('int_starlink__satellites_unified') }}

),

forecast as (

    select * from {{ ref('fct_starlink_forecast') }}

)

select
    forecast.scenario_name,
    forecast.satellites_in_orbit_at_as_of,
    observed.satellites_in_orbit
from forecast
cross join observed
where forecast.satellites_in_orbit_at_as_of <> observed.satellites_in_orbit

-- At every month's end (the as-of date in its month), the satellites in orbit summed over the
-- shells (fct_starlink_shells_monthly) equal the constellation's count that day
-- (fct_starlink_constellation_daily): every satellite is in exactly one shell. Returns the
-- months that differ.

with

shells as (

    select month_end, sum(satellites_in_orbit) as satellites_in_orbit
    from {{ ref('fct_starlink_shells_monthly') }}
    group by month_end

),

daily as (

    select date_day, satellites_in_orbit
    from {{ ref('fct_starlink_constellation_daily') }}

)

select
    shells.month_end,
    shells.satellites_in_orbit as satellites_in_orbit_per_shells,
    daily.satellites_in_orbit as satellites_in_orbit_per_day
from shells
left join daily
    on shells.month_end = daily.date_day
where daily.satellites_in_orbit is distinct from shells.satellites_in_orbit

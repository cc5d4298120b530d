-- On the cut-off day, the daily constellation counts equal the satellite dimension's:
-- launched to date = all satellites, decayed to date = not in orbit, in orbit = in orbit.
-- Returns a row when they disagree (or when the cut-off day is missing).

with

satellites as (

    select
        max(as_of_date) as as_of_date,
        count(*) as satellites,
        count(*) filter (where not is_in_orbit) as satellites_decayed,
        count(*) filter (where is_in_orbit) as satellites_in_orbit
    from {{ ref('dim_starlink_satellites') }}

),

constellation as (

    select * from {{ ref('fct_starlink_constellation_daily') }}

)

select
    satellites.as_of_date,
    satellites.satellites,
    constellation.satellites_launched_to_date,
    satellites.satellites_decayed,
    constellation.satellites_decayed_to_date,
    satellites.satellites_in_orbit,
    constellation.satellites_in_orbit as constellation_satellites_in_orbit
from satellites
left join constellation
    on satellites.as_of_date = constellation.date_day
where
    constellation.date_day is null
    or constellation.satellites_launched_to_date != satellites.satellites
    or constellation.satellites_decayed_to_date != satellites.satellites_decayed
    or constellation.satellites_in_orbit != satellites.satellites_in_orbit

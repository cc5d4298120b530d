-- On every day both catalogues cover - from the first Starlink launch either lists to the
-- earlier of their latest events - the satellites in orbit per Space-Track's catalogue alone
-- and per CelesTrak's alone differ by at most var catalogue_agreement_tolerance_fraction of
-- Space-Track's count (at least one satellite): they publish the same US catalogue, each on
-- its own schedule. Returns the days that differ by more, and one row when both are loaded
-- but share no day. With one catalogue or none there is nothing to compare: no rows.

{% set tolerance = var('catalogue_agreement_tolerance_fraction') %}

with

daily as (

    select * from {{ ref('fct_starlink_constellation_daily') }}

),

spacetrack_as_of as (

    select greatest(max(launch_date), max(decay_date)) as as_of_date
    from {{ ref('stg_spacetrack__satellites') }}

),

both_catalogues as (

    select
        daily.date_day,
        daily.satellites_in_orbit_per_spacetrack,
        daily.satellites_in_orbit_per_celestrak,
        daily.satellites_in_orbit_per_spacetrack
        - daily.satellites_in_orbit_per_celestrak as difference,
        greatest(1, ceil({{ tolerance }} * daily.satellites_in_orbit_per_spacetrack)) as allowed
    from daily
    cross join spacetrack_as_of
    where
        daily.satellites_in_orbit_per_spacetrack is not null
        and daily.satellites_in_orbit_per_celestrak is not null
        and daily.date_day <= spacetrack_as_of.as_of_date

),

disagreeing_days as (

    select
        'catalogues disagree by more than {{ tolerance }} of Space-Track''s count' as problem,
        date_day,
        satellites_in_orbit_per_spacetrack,
        satellites_in_orbit_per_celestrak,
        difference
    from both_catalogues
    where abs(difference) > allowed

),

nothing_compared as (

    select
        'both catalogues loaded, no day in common' as problem,
        cast(null as date) as date_day,
        cast(null as bigint) as satellites_in_orbit_per_spacetrack,
        cast(null as bigint) as satellites_in_orbit_per_celestrak,
        cast(null as bigint) as difference
    where
        exists (select 1 from daily where satellites_in_orbit_per_spacetrack is not null)
        and exists (select 1 from daily where satellites_in_orbit_per_celestrak is not null)
        and not exists (select 1 from both_catalogues)

)

select * from disagreeing_days
union all
select * from nothing_compared

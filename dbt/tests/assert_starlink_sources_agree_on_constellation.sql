-- On every day both sources cover - from the catalogue's first Starlink launch to the day the
-- SpaceX API last observed its satellites - the satellites in orbit according to Space-Track's
-- catalogue alone and according to the SpaceX API alone differ by at most
-- var unification_source_agreement_tolerance satellites (default 2; why, in _singular_tests.yml).
-- Returns the days that differ by more, and one row when both sources are loaded but share
-- no day (nothing compared). Without the catalogue there is nothing to compare: no rows.

{% set tolerance = var('unification_source_agreement_tolerance') %}

with

daily as (

    select * from {{ ref('fct_starlink_constellation_daily') }}

),

first_catalogue_launch as (

    select min(launch_date) as launch_date
    from {{ ref('stg_spacetrack__satellites') }}

),

both_sources as (

    select
        daily.date_day,
        daily.satellites_in_orbit_per_spacetrack,
        daily.satellites_in_orbit_per_spacex_api,
        daily.satellites_in_orbit_per_spacetrack
        - daily.satellites_in_orbit_per_spacex_api as difference
    from daily
    cross join first_catalogue_launch
    where
        daily.satellites_in_orbit_per_spacetrack is not null
        and daily.satellites_in_orbit_per_spacex_api is not null
        and daily.date_day >= first_catalogue_launch.launch_date

),

disagreeing_days as (

    select
        'sources disagree by more than {{ tolerance }}' as problem,
        date_day,
        satellites_in_orbit_per_spacetrack,
        satellites_in_orbit_per_spacex_api,
        difference
    from both_sources
    where abs(difference) > {{ tolerance }}

),

nothing_compared as (

    select
        'both sources loaded, no day in common' as problem,
        cast(null as date) as date_day,
        cast(null as bigint) as satellites_in_orbit_per_spacetrack,
        cast(null as bigint) as satellites_in_orbit_per_spacex_api,
        cast(null as bigint) as difference
    where
        exists (select 1 from daily where satellites_in_orbit_per_spacetrack is not null)
        and not exists (select 1 from both_sources)

)

select * from disagreeing_days
union all
select * from nothing_compared

-- One row per Starlink launch that either source knows:
--   * every launch designator (`YYYY-NNN`) of the unified satellites, with the satellites it
--     deployed (catalogue first, the API's satellites where the catalogue lacks a launch) and
--     the SpaceX API launch it matches (int_starlink__launch_designators_matched);
--   * every past SpaceX API launch named "Starlink" that no designator matches: the API lists
--     launches until late 2022 but its satellites stop in 2021-10, so on the API alone these
--     are the launches after the satellite cut-off: launch_designator and satellites_deployed
--     are null (unknown), but the launch counts for the launch cadence. With the catalogue,
--     such a launch dated within the catalogue's launches is left out: the catalogue has
--     every Starlink launch to its latest one, so it is one of the catalogue's launches whose
--     date the frozen API got wrong by more than unification_launch_match_window_days (Starlink
--     4-19: 2022-06-01 in the API; the catalogue's only unmatched launch then is 2022-06-17),
--     and keeping it would count the launch twice.
-- source: 'spacetrack' when Space-Track's catalogue has the launch's satellites, else
-- 'celestrak' when CelesTrak's has them, else 'spacex_api'. "The catalogue" here is either.
-- launch_key (the designator, else the API launch id) is the primary key.

with

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

designators as (

    select * from {{ ref('int_starlink__launch_designators_matched') }}

),

spacex_launches as (

    select * from {{ ref('stg_spacex__launches') }}
    where not coalesce(is_upcoming, false)

),

latest_catalogue_launch as (

    select max(launch_date) as launch_date
    from satellites
    where source in ('spacetrack', 'celestrak')

),

satellites_per_designator as (

    select
        launch_designator,
        min(launch_date) as launch_date,
        count(*) as satellites_deployed,
        count(*) filter (where is_in_orbit) as satellites_in_orbit,
        count(*) filter (where not is_in_orbit) as satellites_decayed,
        bool_or(source = 'spacetrack') as is_in_spacetrack,
        bool_or(source = 'celestrak') as is_in_celestrak
    from satellites
    where launch_designator is not null
    group by launch_designator

),

launches_with_satellites as (

    select
        satellites_per_designator.launch_designator as launch_key,
        satellites_per_designator.launch_designator,
        satellites_per_designator.launch_date,
        satellites_per_designator.satellites_deployed,
        satellites_per_designator.satellites_in_orbit,
        satellites_per_designator.satellites_decayed,
        designators.spacex_launch_id,
        designators.spacex_launch_match_method,
        case
            when satellites_per_designator.is_in_spacetrack then 'spacetrack'
            when satellites_per_designator.is_in_celestrak then 'celestrak'
            else 'spacex_api'
        end as source
    from satellites_per_designator
    left join designators
        on satellites_per_designator.launch_designator = designators.launch_designator

),

launches_without_satellites as (

    select
        spacex_launches.launch_id as launch_key,
        cast(null as text) as launch_designator,
        cast(spacex_launches.launched_at at time zone 'UTC' as date) as launch_date,
        cast(null as bigint) as satellites_deployed,
        cast(null as bigint) as satellites_in_orbit,
        cast(null as bigint) as satellites_decayed,
        spacex_launches.launch_id as spacex_launch_id,
        'no_satellite_data' as spacex_launch_match_method,
        'spacex_api' as source
    from spacex_launches
    cross join latest_catalogue_launch
    where
        spacex_launches.launch_name ilike '%starlink%'
        and (
            latest_catalogue_launch.launch_date is null
            or cast(spacex_launches.launched_at at time zone 'UTC' as date)
            > latest_catalogue_launch.launch_date
        )
        and not exists (
            select 1
            from launches_with_satellites
            where launches_with_satellites.spacex_launch_id = spacex_launches.launch_id
        )

),

unioned as (

    select * from launches_with_satellites
    union all
    select * from launches_without_satellites

),

final as (

    select
        unioned.launch_key,
        unioned.launch_designator,
        unioned.launch_date,
        unioned.satellites_deployed,
        unioned.spacex_launch_id,
        spacex_launches.launch_name,
        unioned.source,
        unioned.satellites_in_orbit,
        unioned.satellites_decayed,
        unioned.spacex_launch_match_method,
        spacex_launches.launched_at
    from unioned
    left join spacex_launches
        on unioned.spacex_launch_id = spacex_launches.launch_id

)

select * from final

-- One row per Starlink satellite, attributed to the launch that carried it.
--
-- The API's own link (`starlink.launch`) is derived by the API from the launch on the same UTC
-- day, so it is null or wrong on days with two launches. Space-Track's LAUNCH_DATE is the
-- authoritative launch day of each object, so a satellite is matched, in this order, to:
--   1. `launch_date`: the only launch that happened on its LAUNCH_DATE (UTC day);
--   2. `launch_date_and_name`: on a day with several launches, the only one whose name
--      contains "Starlink";
--   3. `api_link`: otherwise the API's link, when it points to a known launch;
--   4. `unmatched`: no launch (launch_id null).
-- Matching on the name alone would drop real carriers: "Paz / Starlink Demo" (the two
-- TINTIN prototypes) and the Transporter-1/2 rideshares carried Starlink satellites.
-- Upcoming launches are never candidates (they keep placeholder dates in the past).

with

satellites as (

    select * from {{ ref('stg_spacex__starlink_satellites') }}

),

launches as (

    select * from {{ ref('stg_spacex__launches') }}

),

launches_by_day as (

    select
        launch_id,
        launch_name,
        cast(launched_at at time zone 'UTC' as date) as launch_date_utc,
        coalesce(launch_name ilike '%starlink%', false) as is_starlink_named,
        count(*) over (
            partition by cast(launched_at at time zone 'UTC' as date)
        ) as launches_that_day,
        count(*) filter (where launch_name ilike '%starlink%') over (
            partition by cast(launched_at at time zone 'UTC' as date)
        ) as starlink_named_launches_that_day
    from launches
    where not coalesce(is_upcoming, false)

),

matched_by_date as (

    select
        satellites.satellite_id,
        launches_by_day.launch_id,
        case
            when launches_by_day.launches_that_day = 1 then 'launch_date'
            else 'launch_date_and_name'
        end as launch_match_method
    from satellites
    inner join launches_by_day
        on satellites.launch_date = launches_by_day.launch_date_utc
    where
        launches_by_day.launches_that_day = 1
        or (
            launches_by_day.is_starlink_named
            and launches_by_day.starlink_named_launches_that_day = 1
        )

),

matched as (

    select
        satellites.satellite_id,
        satellites.norad_id,
        satellites.cospar_id,
        satellites.cospar_launch_id,
        satellites.launch_id as api_launch_id,
        coalesce(matched_by_date.launch_id, api_linked_launches.launch_id) as launch_id,
        satellites.object_name,
        satellites.version,
        case
            when matched_by_date.launch_id is not null then matched_by_date.launch_match_method
            when api_linked_launches.launch_id is not null then 'api_link'
            else 'unmatched'
        end as launch_match_method,
        satellites.launch_date as spacetrack_launch_date,
        satellites.decay_date,
        (
            coalesce(satellites.is_decayed, false)
            or satellites.decay_date is not null
        ) as is_decayed,
        satellites.epoch_at,
        satellites.spacetrack_created_at
    from satellites
    left join matched_by_date
        on satellites.satellite_id = matched_by_date.satellite_id
    left join launches as api_linked_launches
        on satellites.launch_id = api_linked_launches.launch_id

),

final as (

    select
        matched.satellite_id,
        matched.norad_id,
        matched.cospar_id,
        matched.cospar_launch_id,
        matched.launch_id,
        matched.api_launch_id,
        matched.object_name,
        matched.version,
        matched.launch_match_method,
        coalesce(matched.api_launch_id = matched.launch_id, false) as is_api_link_confirmed,
        matched.is_decayed,
        not matched.is_decayed as is_in_orbit,
        coalesce(
            matched.spacetrack_launch_date,
            cast(launches.launched_at at time zone 'UTC' as date)
        ) as launch_date,
        matched.decay_date,
        -- the data's cut-off: the day Space-Track last generated an element set in it
        cast(
            max(matched.spacetrack_created_at) over () at time zone 'UTC' as date
        ) as data_as_of_date,
        launches.launched_at,
        matched.epoch_at,
        matched.spacetrack_created_at
    from matched
    left join launches
        on matched.launch_id = launches.launch_id

)

select * from final

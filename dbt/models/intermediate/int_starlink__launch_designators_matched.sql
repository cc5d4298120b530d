-- One row per Starlink launch designator (`YYYY-NNN`, the launch part of the international
-- designator that every object of one launch shares) known to any satellite source, with
-- the SpaceX API launch it matches. Matching, in this order:
--   1. `spacex_api_satellites`: the launch that the API's satellites of this designator are
--      attributed to (int_starlink_satellites_matched_to_launches: Space-Track launch day,
--      then name, then the API's own link); this keeps the rideshares that carried Starlink
--      satellites without the name (Paz / Starlink Demo, Transporter-1 and -2);
--   2. `launch_date_and_name`: the past API launch named "Starlink" on the designator's
--      launch day (UTC);
--   3. `nearest_starlink_launch`: else the nearest past API launch named "Starlink", at most
--      var unification_launch_match_window_days (default 3) days away: the API stopped updating
--      in 2022 and kept the planned date of launches that slipped by a day or two (Starlink
--      4-3: 2021-12-01 in the API, 2021-12-02 in the catalogue);
--   4. `unmatched`: no API launch (every launch after the API stopped, late 2022).
-- Rules 2 and 3 pair a designator and a launch only when each is the other's nearest and no
-- designator took the launch by rule 1, so no launch gets two designators. They place the
-- catalogue's launches after the API's satellite cut-off (2021-10), which the API lists
-- without satellites. Matching on the day alone would be wrong: on 2022-10-05 the API's only
-- launch is Crew-5, the catalogue's is Starlink 4-29 (absent from the API).

with

-- the designators either catalogue knows (Space-Track's, CelesTrak's payloads), with each
-- one's satellite count; which catalogue a satellite's attributes come from is decided in
-- int_starlink__satellites_unified, not here
catalogue_satellites as (

    select 'spacetrack' as catalogue, norad_id, launch_designator, launch_date
    from {{ ref('stg_spacetrack__satellites') }}
    union all
    select 'celestrak' as catalogue, norad_id, launch_designator, launch_date
    from {{ ref('stg_celestrak__satellites') }}
    where object_type_code = 'PAY'

),

catalogue as (

    select
        launch_designator,
        min(launch_date) as launch_date,
        count(*) filter (where catalogue = 'spacetrack') as satellites,
        count(*) filter (where catalogue = 'celestrak') as satellites_in_celestrak
    from catalogue_satellites
    where launch_designator is not null
    group by launch_designator

),

spacex_api as (

    select
        cospar_launch_id as launch_designator,
        min(launch_date) as launch_date,
        count(*) as satellites,
        -- one launch per designator (tested in assert_starlink_attribution_agrees_with_cospar_launches)
        min(launch_id) as attributed_launch_id
    from {{ ref('int_starlink_satellites_matched_to_launches') }}
    where cospar_launch_id is not null
    group by cospar_launch_id

),

designators as (

    select
        coalesce(catalogue.launch_designator, spacex_api.launch_designator) as launch_designator,
        coalesce(catalogue.launch_date, spacex_api.launch_date) as launch_date,
        coalesce(catalogue.satellites, 0) as satellites_in_spacetrack,
        coalesce(catalogue.satellites_in_celestrak, 0) as satellites_in_celestrak,
        coalesce(spacex_api.satellites, 0) as satellites_in_spacex_api,
        spacex_api.attributed_launch_id
    from catalogue
    full outer join spacex_api
        on catalogue.launch_designator = spacex_api.launch_designator

),

starlink_launches as (

    select
        launch_id,
        cast(launched_at at time zone 'UTC' as date) as launch_date_utc
    from {{ ref('stg_spacex__launches') }}
    where
        not coalesce(is_upcoming, false)
        and launch_name ilike '%starlink%'

),

nearest_candidates as (

    select
        designators.launch_designator,
        starlink_launches.launch_id,
        abs(designators.launch_date - starlink_launches.launch_date_utc) as days_apart,
        row_number() over (
            partition by designators.launch_designator
            order by
                abs(designators.launch_date - starlink_launches.launch_date_utc),
                starlink_launches.launch_id
        ) as rank_for_designator,
        row_number() over (
            partition by starlink_launches.launch_id
            order by
                abs(designators.launch_date - starlink_launches.launch_date_utc),
                designators.launch_designator
        ) as rank_for_launch
    from designators
    inner join starlink_launches
        on
            abs(designators.launch_date - starlink_launches.launch_date_utc)
            <= {{ var('unification_launch_match_window_days') }}
    where
        designators.attributed_launch_id is null
        and not exists (
            select 1
            from designators as taken
            where taken.attributed_launch_id = starlink_launches.launch_id
        )

),

nearest as (

    select * from nearest_candidates
    where rank_for_designator = 1 and rank_for_launch = 1

),

final as (

    select
        designators.launch_designator,
        designators.launch_date,
        designators.satellites_in_spacetrack,
        designators.satellites_in_celestrak,
        designators.satellites_in_spacex_api,
        coalesce(designators.attributed_launch_id, nearest.launch_id) as spacex_launch_id,
        case
            when designators.attributed_launch_id is not null then 'spacex_api_satellites'
            when nearest.days_apart = 0 then 'launch_date_and_name'
            when nearest.launch_id is not null then 'nearest_starlink_launch'
            else 'unmatched'
        end as spacex_launch_match_method
    from designators
    left join nearest
        on designators.launch_designator = nearest.launch_designator

)

select * from final

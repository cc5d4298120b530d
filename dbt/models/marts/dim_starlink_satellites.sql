-- One row per Starlink satellite that either source knows (int_starlink__satellites_unified:
-- Space-Track's catalogue first, the SpaceX API where the catalogue lacks the satellite), with
-- the launch that carried it (launch_key, fct_starlink_launches) and whether it was still in
-- orbit at the data's as-of date (its latest event).

with

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

launches as (

    select
        launch_designator,
        launch_key,
        spacex_launch_match_method
    from {{ ref('int_starlink__launches_unified') }}
    where launch_designator is not null

),

final as (

    select
        satellites.norad_id,
        satellites.spacex_satellite_id as satellite_id,
        satellites.object_name,
        satellites.international_designator,
        satellites.launch_designator,
        launches.launch_key,
        satellites.spacex_launch_id as launch_id,
        satellites.satellite_version as version,
        launches.spacex_launch_match_method as launch_match_method,
        satellites.source,
        satellites.is_in_orbit,
        satellites.launch_date,
        satellites.decay_date,
        satellites.as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from satellites
    left join launches
        on satellites.launch_designator = launches.launch_designator

)

select * from final

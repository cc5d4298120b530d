-- One row per launch that carried Starlink satellites, with what became of them by the
-- satellite data's cut-off. Satellites are attributed to launches in
-- int_starlink_satellites_matched_to_launches (Space-Track launch day first, see there).
-- The rocket's name needs the optional rockets stream (var spacex_streams); without it,
-- rocket_name is null.

with

satellites as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}

),

launches as (

    select * from {{ ref('stg_spacex__launches') }}

),

rockets as (

    {% if 'rockets' in var('spacex_streams') -%}
        select
            rocket_id,
            rocket_name
        from {{ ref('stg_spacex__rockets') }}
    {%- else -%}
        -- the rockets stream is not loaded: no rocket names
        select
            cast(null as text) as rocket_id,
            cast(null as text) as rocket_name
        where false
    {%- endif %}

),

satellites_per_launch as (

    select
        launch_id,
        count(*) as satellites_deployed,
        count(*) filter (where is_in_orbit) as satellites_in_orbit,
        count(*) filter (where not is_in_orbit) as satellites_decayed
    from satellites
    where launch_id is not null
    group by launch_id

),

final as (

    select
        launches.launch_id,
        launches.rocket_id,
        launches.launch_name,
        rockets.rocket_name,
        satellites_per_launch.satellites_deployed,
        satellites_per_launch.satellites_in_orbit,
        satellites_per_launch.satellites_decayed,
        launches.launched_at,
        {{ transformation_updated_at() }} as transformation_updated_at
    from satellites_per_launch
    inner join launches
        on satellites_per_launch.launch_id = launches.launch_id
    left join rockets
        on launches.rocket_id = rockets.rocket_id

)

select * from final

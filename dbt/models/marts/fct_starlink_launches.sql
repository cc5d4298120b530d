-- One row per Starlink launch that either source knows (int_starlink__launches_unified): every
-- launch designator of the satellites (catalogue first) with what became of its satellites by
-- the as-of date, and the SpaceX API launches named "Starlink" that no satellite data covers
-- (satellites_deployed null: unknown). The rocket's name needs the optional rockets stream
-- (var spacex_streams); without it, and for launches the API does not know, rocket_name is null.

with

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

as_of as (

    select max(as_of_date) as as_of_date
    from {{ ref('int_starlink__satellites_unified') }}

),

spacex_launches as (

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

final as (

    select
        launches.launch_key,
        launches.launch_designator,
        launches.spacex_launch_id as launch_id,
        spacex_launches.rocket_id,
        launches.launch_name,
        rockets.rocket_name,
        launches.source,
        launches.spacex_launch_match_method as launch_match_method,
        launches.satellites_deployed,
        launches.satellites_in_orbit,
        launches.satellites_decayed,
        launches.launch_date,
        launches.launched_at,
        as_of.as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from launches
    cross join as_of
    left join spacex_launches
        on launches.spacex_launch_id = spacex_launches.launch_id
    left join rockets
        on spacex_launches.rocket_id = rockets.rocket_id

)

select * from final

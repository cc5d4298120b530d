{{ config(enabled='rockets' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'rockets')) }}

),

renamed as (

    select
        -- ids
        id as rocket_id,

        -- strings
        name as rocket_name,
        type as rocket_type,
        company,
        country,
        engines ->> 'type' as engine_type,
        engines ->> 'version' as engine_version,
        description,
        wikipedia as wikipedia_url,

        -- numerics
        cast(stages as integer) as stages,
        cast(boosters as integer) as boosters,
        cast(cost_per_launch as bigint) as cost_per_launch_usd,
        cast(success_rate_pct as numeric) as success_rate_pct,
        cast(height ->> 'meters' as numeric) as height_m,
        cast(diameter ->> 'meters' as numeric) as diameter_m,
        cast(mass ->> 'kg' as numeric) as mass_kg,
        cast(first_stage ->> 'engines' as integer) as first_stage_engines,
        cast(second_stage ->> 'engines' as integer) as second_stage_engines,
        cast(landing_legs ->> 'number' as integer) as landing_legs,
        cast(
            jsonb_path_query_first(to_jsonb(payload_weights), '$[*] ? (@.id == "leo").kg')
            as numeric
        ) as payload_to_leo_kg,

        -- booleans
        cast(active as boolean) as is_active,
        cast(first_stage ->> 'reusable' as boolean) as is_first_stage_reusable,

        -- dates
        cast(first_flight as date) as first_flight_date,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

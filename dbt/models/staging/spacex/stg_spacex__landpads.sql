{{ config(enabled='landpads' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'landpads')) }}

),

renamed as (

    select
        -- ids
        id as landpad_id,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        name as landpad_name,
        full_name,
        type as landpad_type,
        status,
        locality,
        region,
        wikipedia as wikipedia_url,
        details,

        -- numerics
        cast(latitude as numeric) as latitude_deg,
        cast(longitude as numeric) as longitude_deg,
        cast(landing_attempts as integer) as landing_attempts,
        cast(landing_successes as integer) as landing_successes,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

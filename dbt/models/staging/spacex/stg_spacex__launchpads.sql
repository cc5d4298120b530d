{{ config(enabled='launchpads' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'launchpads')) }}

),

renamed as (

    select
        -- ids
        id as launchpad_id,
        {{ as_text_array('rockets') }} as rocket_ids,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        name as launchpad_name,
        full_name,
        status,
        locality,
        region,
        timezone,
        details,

        -- numerics
        cast(latitude as numeric) as latitude_deg,
        cast(longitude as numeric) as longitude_deg,
        cast(launch_attempts as integer) as launch_attempts,
        cast(launch_successes as integer) as launch_successes,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

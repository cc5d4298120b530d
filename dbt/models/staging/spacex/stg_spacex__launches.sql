with

source as (

    {{ singer_current_rows(source('tap_spacex', 'launches')) }}

),

renamed as (

    select
        -- ids
        id as launch_id,
        rocket as rocket_id,
        launchpad as launchpad_id,
        launch_library_id,
        {{ as_text_array('payloads') }} as payload_ids,
        {{ as_text_array('capsules') }} as capsule_ids,
        {{ as_text_array('ships') }} as ship_ids,
        {{ as_text_array("fairings -> 'ships'") }} as fairing_recovery_ship_ids,

        -- strings
        name as launch_name,
        date_precision,
        cast(date_local as text) as date_local,
        details,
        links ->> 'webcast' as webcast_url,
        links ->> 'youtube_id' as youtube_id,
        links ->> 'article' as article_url,
        links ->> 'wikipedia' as wikipedia_url,
        links ->> 'presskit' as presskit_url,
        links -> 'patch' ->> 'small' as patch_image_url,

        -- numerics
        cast(flight_number as bigint) as flight_number,
        cast("window" as bigint) as launch_window_seconds,
        jsonb_array_length(to_jsonb(cores)) as core_count,

        -- booleans
        cast(success as boolean) as is_success,
        cast(upcoming as boolean) as is_upcoming,
        cast(tbd as boolean) as is_date_tbd,
        cast(net as boolean) as is_date_net,
        cast(auto_update as boolean) as is_auto_updated,
        cast(fairings ->> 'reused' as boolean) as is_fairing_reused,
        cast(fairings ->> 'recovery_attempt' as boolean) as is_fairing_recovery_attempted,
        cast(fairings ->> 'recovered' as boolean) as is_fairing_recovered,

        -- semi-structured (jsonb), kept for the rare analysis that needs them; target-postgres
        -- stores arrays of objects as jsonb[] or jsonb depending on the schema: both become jsonb
        to_jsonb(cores) as cores,
        to_jsonb(crew) as crew,
        to_jsonb(failures) as failures,
        links,

        -- timestamps
        {{ utc_timestamptz('date_utc') }} as launched_at,
        {{ utc_timestamptz('static_fire_date_utc') }} as static_fire_at,
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

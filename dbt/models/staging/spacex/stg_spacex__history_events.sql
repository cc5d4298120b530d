{{ config(enabled='history' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'history')) }}

),

renamed as (

    select
        -- ids
        id as history_event_id,

        -- strings
        title,
        details,
        links ->> 'article' as article_url,

        -- timestamps
        {{ utc_timestamptz('event_date_utc') }} as event_at,
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

{{ config(enabled='cores' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'cores')) }}

),

renamed as (

    select
        -- ids
        id as core_id,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        serial as core_serial,
        status,
        last_update as last_update_note,

        -- numerics
        cast(block as integer) as block,
        cast(reuse_count as integer) as reuse_count,
        cast(rtls_attempts as integer) as rtls_attempts,
        cast(rtls_landings as integer) as rtls_landings,
        cast(asds_attempts as integer) as asds_attempts,
        cast(asds_landings as integer) as asds_landings,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

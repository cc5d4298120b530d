{{ config(enabled='capsules' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'capsules')) }}

),

renamed as (

    select
        -- ids
        id as capsule_id,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        serial as capsule_serial,
        type as capsule_type,
        status,
        last_update as last_update_note,

        -- numerics
        cast(reuse_count as integer) as reuse_count,
        cast(water_landings as integer) as water_landings,
        cast(land_landings as integer) as land_landings,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

{{ config(enabled='ships' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'ships')) }}

),

renamed as (

    select
        -- ids
        id as ship_id,
        legacy_id,
        cast(imo as bigint) as imo_number,
        cast(mmsi as bigint) as mmsi_number,
        cast(abs as bigint) as abs_number,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        name as ship_name,
        model,
        type as ship_type,
        {{ as_text_array('roles') }} as roles,
        home_port,
        status,
        link as link_url,
        image as image_url,
        cast(last_ais_update as text) as last_ais_update,

        -- numerics
        cast(class as bigint) as ship_class,
        cast(mass_kg as numeric) as mass_kg,
        cast(mass_lbs as numeric) as mass_lbs,
        cast(year_built as integer) as year_built,
        cast(speed_kn as numeric) as speed_kn,
        cast(course_deg as numeric) as course_deg,
        cast(latitude as numeric) as latitude_deg,
        cast(longitude as numeric) as longitude_deg,

        -- booleans
        cast(active as boolean) as is_active,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

{{ config(enabled='dragons' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'dragons')) }}

),

renamed as (

    select
        -- ids
        id as dragon_id,

        -- strings
        name as dragon_name,
        type as dragon_type,
        heat_shield ->> 'material' as heat_shield_material,
        description,
        wikipedia as wikipedia_url,

        -- numerics
        cast(crew_capacity as integer) as crew_capacity,
        cast(sidewall_angle_deg as numeric) as sidewall_angle_deg,
        cast(orbit_duration_yr as numeric) as orbit_duration_years,
        cast(dry_mass_kg as numeric) as dry_mass_kg,
        cast(launch_payload_mass ->> 'kg' as numeric) as launch_payload_mass_kg,
        cast(return_payload_mass ->> 'kg' as numeric) as return_payload_mass_kg,
        cast(launch_payload_vol ->> 'cubic_meters' as numeric) as launch_payload_volume_m3,
        cast(return_payload_vol ->> 'cubic_meters' as numeric) as return_payload_volume_m3,
        cast(height_w_trunk ->> 'meters' as numeric) as height_with_trunk_m,
        cast(diameter ->> 'meters' as numeric) as diameter_m,

        -- booleans
        cast(active as boolean) as is_active,

        -- dates
        cast(first_flight as date) as first_flight_date,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

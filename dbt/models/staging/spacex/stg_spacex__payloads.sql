{{ config(enabled='payloads' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'payloads')) }}

),

renamed as (

    select
        -- ids
        id as payload_id,
        launch as launch_id,
        dragon ->> 'capsule' as capsule_id,
        cast({{ as_text_array('norad_ids') }} as bigint[]) as norad_ids,

        -- strings
        name as payload_name,
        type as payload_type,
        orbit,
        reference_system,
        regime,
        {{ as_text_array('customers') }} as customers,
        {{ as_text_array('nationalities') }} as nationalities,
        {{ as_text_array('manufacturers') }} as manufacturers,

        -- numerics
        cast(mass_kg as numeric) as mass_kg,
        cast(mass_lbs as numeric) as mass_lbs,
        cast(lifespan_years as numeric) as lifespan_years,
        cast(longitude as numeric) as longitude_deg,
        cast(semi_major_axis_km as numeric) as semi_major_axis_km,
        cast(eccentricity as numeric) as eccentricity,
        cast(periapsis_km as numeric) as periapsis_km,
        cast(apoapsis_km as numeric) as apoapsis_km,
        cast(inclination_deg as numeric) as inclination_deg,
        cast(period_min as numeric) as period_min,
        cast(mean_motion as numeric) as mean_motion_rev_per_day,
        cast(raan as numeric) as raan_deg,
        cast(arg_of_pericenter as numeric) as arg_of_pericenter_deg,
        cast(mean_anomaly as numeric) as mean_anomaly_deg,
        cast(dragon ->> 'mass_returned_kg' as numeric) as dragon_mass_returned_kg,
        cast(dragon ->> 'flight_time_sec' as bigint) as dragon_flight_time_sec,

        -- booleans
        cast(reused as boolean) as is_reused,
        cast(dragon ->> 'water_landing' as boolean) as is_dragon_water_landing,
        cast(dragon ->> 'land_landing' as boolean) as is_dragon_land_landing,

        -- timestamps
        {{ utc_timestamptz('epoch') }} as orbit_epoch_at,
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

{{ config(enabled='roadster' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'roadster')) }}

),

renamed as (

    select
        -- ids
        id as roadster_id,
        cast(norad_id as bigint) as norad_id,

        -- strings
        name as roadster_name,
        orbit_type,
        details,
        wikipedia as wikipedia_url,
        video as video_url,

        -- numerics
        cast(launch_mass_kg as numeric) as launch_mass_kg,
        cast(epoch_jd as numeric) as epoch_julian_date,
        cast(apoapsis_au as numeric) as apoapsis_au,
        cast(periapsis_au as numeric) as periapsis_au,
        cast(semi_major_axis_au as numeric) as semi_major_axis_au,
        cast(eccentricity as numeric) as eccentricity,
        cast(inclination as numeric) as inclination_deg,
        cast(longitude as numeric) as longitude_deg,
        cast(periapsis_arg as numeric) as periapsis_arg_deg,
        cast(period_days as numeric) as period_days,
        cast(speed_kph as numeric) as speed_kph,
        cast(earth_distance_km as numeric) as earth_distance_km,
        cast(mars_distance_km as numeric) as mars_distance_km,

        -- timestamps
        {{ utc_timestamptz('launch_date_utc') }} as launched_at,
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

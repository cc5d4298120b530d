with

source as (

    {{ singer_current_rows(source('tap_spacex', 'starlink')) }}

),

renamed as (

    select
        -- ids
        id as satellite_id,
        launch as launch_id,
        cast("spaceTrack" ->> 'NORAD_CAT_ID' as bigint) as norad_id,
        "spaceTrack" ->> 'OBJECT_ID' as cospar_id,
        left("spaceTrack" ->> 'OBJECT_ID', 8) as cospar_launch_id,
        cast("spaceTrack" ->> 'GP_ID' as bigint) as spacetrack_gp_id,

        -- strings
        version,
        "spaceTrack" ->> 'OBJECT_NAME' as object_name,
        "spaceTrack" ->> 'OBJECT_TYPE' as object_type,
        "spaceTrack" ->> 'RCS_SIZE' as radar_cross_section_size,
        "spaceTrack" ->> 'COUNTRY_CODE' as country_code,
        "spaceTrack" ->> 'SITE' as launch_site_code,
        "spaceTrack" ->> 'CLASSIFICATION_TYPE' as classification_type,
        "spaceTrack" ->> 'TLE_LINE0' as tle_line0,
        "spaceTrack" ->> 'TLE_LINE1' as tle_line1,
        "spaceTrack" ->> 'TLE_LINE2' as tle_line2,

        -- numerics: position at the API's last refresh (null once decayed)
        cast(height_km as numeric) as height_km,
        cast(latitude as numeric) as latitude_deg,
        cast(longitude as numeric) as longitude_deg,
        cast(velocity_kms as numeric) as velocity_km_per_s,

        -- numerics: orbital elements of the latest Space-Track element set
        cast("spaceTrack" ->> 'MEAN_MOTION' as numeric) as mean_motion_rev_per_day,
        cast("spaceTrack" ->> 'ECCENTRICITY' as numeric) as eccentricity,
        cast("spaceTrack" ->> 'INCLINATION' as numeric) as inclination_deg,
        cast("spaceTrack" ->> 'RA_OF_ASC_NODE' as numeric) as ra_of_asc_node_deg,
        cast("spaceTrack" ->> 'ARG_OF_PERICENTER' as numeric) as arg_of_pericenter_deg,
        cast("spaceTrack" ->> 'MEAN_ANOMALY' as numeric) as mean_anomaly_deg,
        cast("spaceTrack" ->> 'SEMIMAJOR_AXIS' as numeric) as semimajor_axis_km,
        cast("spaceTrack" ->> 'PERIOD' as numeric) as period_min,
        cast("spaceTrack" ->> 'APOAPSIS' as numeric) as apoapsis_km,
        cast("spaceTrack" ->> 'PERIAPSIS' as numeric) as periapsis_km,
        cast("spaceTrack" ->> 'BSTAR' as numeric) as bstar,
        cast("spaceTrack" ->> 'REV_AT_EPOCH' as bigint) as rev_at_epoch,

        -- booleans: Space-Track's DECAYED is 0/1
        cast("spaceTrack" ->> 'DECAYED' as integer) = 1 as is_decayed,

        -- dates: Space-Track dates have no zone (UTC days)
        cast("spaceTrack" ->> 'LAUNCH_DATE' as date) as launch_date,
        cast("spaceTrack" ->> 'DECAY_DATE' as date) as decay_date,

        -- timestamps
        {{ utc_timestamptz("\"spaceTrack\" ->> 'EPOCH'") }} as epoch_at,
        {{ utc_timestamptz("\"spaceTrack\" ->> 'CREATION_DATE'") }} as spacetrack_created_at,
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

-- One row per object in CelesTrak's satellite catalogue (SATCAT) as tap-celestrak loads it
-- (the query NAME=STARLINK: Starlink objects, decayed ones included), typed. CelesTrak sends
-- numbers as JSON numbers (target-postgres: numeric) and dates as ISO 8601 text, which may
-- carry a time: the date is its first ten characters. When tap_celestrak.satcat does not
-- exist (CelesTrak not loaded), zero rows with the same columns.

{%- set satcat_columns = {
    'NORAD_CAT_ID': 'bigint',
    'OBJECT_NAME': 'text',
    'OBJECT_ID': 'text',
    'OBJECT_TYPE': 'text',
    'OPS_STATUS_CODE': 'text',
    'OWNER': 'text',
    'LAUNCH_DATE': 'text',
    'LAUNCH_SITE': 'text',
    'DECAY_DATE': 'text',
    'PERIOD': 'numeric',
    'INCLINATION': 'numeric',
    'APOGEE': 'numeric',
    'PERIGEE': 'numeric',
    'RCS': 'numeric',
    'DATA_STATUS_CODE': 'text',
    'ORBIT_CENTER': 'text',
    'ORBIT_TYPE': 'text',
} %}

with

source as (

    {{ singer_current_rows_or_empty(source('tap_celestrak', 'satcat'), satcat_columns, key='"NORAD_CAT_ID"') }}

),

renamed as (

    select
        -- ids
        cast("NORAD_CAT_ID" as integer) as norad_id,
        "OBJECT_ID" as international_designator,
        -- launch year and launch number of the year, shared by every object of one launch
        substring("OBJECT_ID" from '^([0-9]{4}-[0-9]{3})') as launch_designator,

        -- strings
        "OBJECT_NAME" as object_name,
        "OBJECT_TYPE" as object_type_code,
        case "OBJECT_TYPE"
            when 'PAY' then 'PAYLOAD'
            when 'R/B' then 'ROCKET BODY'
            when 'DEB' then 'DEBRIS'
            when 'UNK' then 'UNKNOWN'
        end as object_type,
        "OPS_STATUS_CODE" as operational_status_code,
        "OWNER" as owner_code,
        "LAUNCH_SITE" as launch_site_code,
        "DATA_STATUS_CODE" as data_status_code,
        "ORBIT_CENTER" as orbit_center_code,
        "ORBIT_TYPE" as orbit_type_code,

        -- numerics: orbit at the catalogue's last update
        cast("PERIOD" as numeric) as period_min,
        cast("INCLINATION" as numeric) as inclination_deg,
        cast("APOGEE" as numeric) as apogee_km,
        cast("PERIGEE" as numeric) as perigee_km,
        cast("RCS" as numeric) as radar_cross_section_m2,

        -- dates: UTC days (a time, if CelesTrak sends one, is dropped)
        cast(left("LAUNCH_DATE", 10) as date) as launch_date,
        cast(left("DECAY_DATE", 10) as date) as decay_date,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

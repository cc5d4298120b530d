-- One row per Starlink satellite in Space-Track's satellite catalogue (SATCAT), typed.
-- Space-Track sends every value as a string (or null): numbers and dates are cast here.
-- When tap_spacetrack.satcat does not exist (no Space-Track credentials and no snapshot),
-- zero rows with the same columns, so the SpaceX-API-only pipeline still builds.

{%- set satcat_columns = {
    'NORAD_CAT_ID': 'text',
    'INTLDES': 'text',
    'SATNAME': 'text',
    'OBJECT_TYPE': 'text',
    'COUNTRY': 'text',
    'SITE': 'text',
    'LAUNCH': 'text',
    'DECAY': 'text',
    'PERIOD': 'text',
    'INCLINATION': 'text',
    'APOGEE': 'text',
    'PERIGEE': 'text',
    'COMMENT': 'text',
    'COMMENTCODE': 'text',
    'RCSVALUE': 'text',
    'RCS_SIZE': 'text',
    'FILE': 'text',
    'LAUNCH_YEAR': 'text',
    'LAUNCH_NUM': 'text',
    'LAUNCH_PIECE': 'text',
    'CURRENT': 'text',
} %}

with

source as (

    {{ singer_current_rows_or_empty(source('tap_spacetrack', 'satcat'), satcat_columns, key='"NORAD_CAT_ID"') }}

),

renamed as (

    select
        -- ids
        cast("NORAD_CAT_ID" as integer) as norad_id,
        "INTLDES" as international_designator,
        -- launch year and launch number of the year, shared by every object of one launch
        substring("INTLDES" from '^([0-9]{4}-[0-9]{3})') as launch_designator,
        "LAUNCH_PIECE" as launch_piece,

        -- strings
        "SATNAME" as object_name,
        "OBJECT_TYPE" as object_type,
        "COUNTRY" as country_code,
        "SITE" as launch_site_code,
        "RCS_SIZE" as radar_cross_section_size,
        "COMMENT" as comment,
        "COMMENTCODE" as comment_code,

        -- numerics: orbit at the catalogue's last update
        cast("PERIOD" as numeric) as period_min,
        cast("INCLINATION" as numeric) as inclination_deg,
        cast("APOGEE" as numeric) as apogee_km,
        cast("PERIGEE" as numeric) as perigee_km,
        cast("RCSVALUE" as integer) as radar_cross_section_value,
        cast("FILE" as integer) as file_number,
        cast("LAUNCH_YEAR" as integer) as launch_year,
        cast("LAUNCH_NUM" as integer) as launch_number,

        -- booleans
        "CURRENT" = 'Y' as is_current,

        -- dates: Space-Track dates are UTC days, YYYY-MM-DD
        cast("LAUNCH" as date) as launch_date,
        cast("DECAY" as date) as decay_date,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

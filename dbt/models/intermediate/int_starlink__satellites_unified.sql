-- One row per Starlink satellite (NORAD id) that any source knows, each taking its attributes
-- from one source, in this order of precedence (written here only; `source` says which):
--   1. Space-Track's catalogue ('spacetrack'), the catalogue of record;
--   2. CelesTrak's catalogue ('celestrak'), the same US catalogue without an account: it
--      fills the satellites Space-Track lacks (those catalogued after Space-Track's load, or
--      every satellite when Space-Track is not loaded); payloads only (OBJECT_TYPE PAY);
--   3. the SpaceX API's `starlink` ('spacex_api'), where neither catalogue has the satellite.
-- A catalogue row takes every attribute from its catalogue; the API only adds its own ids
-- (spacex_satellite_id, version). spacex_launch_id is the API launch that the satellite's
-- launch designator matches (int_starlink__launch_designators_matched).
--
-- as_of_date, the same on every row, is the data's latest event: the latest launch or
-- re-entry in any source, or the latest day the API's element sets were generated
-- (CREATION_DATE), the day the API last observed its satellites. With a catalogue it is its
-- latest event (2025-06-18 in the recorded snapshot); on the API alone, 2021-10-17.
-- Because new objects are catalogued days to weeks after launch, the last weeks before the
-- as-of date are a lower bound.

with

spacetrack as (

    select * from {{ ref('stg_spacetrack__satellites') }}

),

celestrak as (

    select * from {{ ref('stg_celestrak__satellites') }}
    where object_type_code = 'PAY'

),

-- the precedence between the catalogues: Space-Track's rows, then CelesTrak's for the NORAD
-- ids Space-Track lacks
catalogue as (

    select
        spacetrack.norad_id,
        'spacetrack' as source,
        spacetrack.object_name,
        spacetrack.international_designator,
        spacetrack.launch_designator,
        spacetrack.launch_date,
        spacetrack.decay_date,
        spacetrack.inclination_deg,
        spacetrack.apogee_km,
        spacetrack.perigee_km,
        true as is_in_spacetrack,
        celestrak.norad_id is not null as is_in_celestrak
    from spacetrack
    left join celestrak
        on spacetrack.norad_id = celestrak.norad_id

    union all

    select
        celestrak.norad_id,
        'celestrak' as source,
        celestrak.object_name,
        celestrak.international_designator,
        celestrak.launch_designator,
        celestrak.launch_date,
        celestrak.decay_date,
        celestrak.inclination_deg,
        celestrak.apogee_km,
        celestrak.perigee_km,
        false as is_in_spacetrack,
        true as is_in_celestrak
    from celestrak
    where not exists (
        select 1 from spacetrack
        where spacetrack.norad_id = celestrak.norad_id
    )

),

spacex_api as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}

),

designators as (

    select * from {{ ref('int_starlink__launch_designators_matched') }}

),

unified as (

    select
        coalesce(catalogue.norad_id, cast(spacex_api.norad_id as integer)) as norad_id,
        coalesce(catalogue.source, 'spacex_api') as source,
        case
            when catalogue.norad_id is not null then catalogue.object_name
            else spacex_api.object_name
        end as object_name,
        case
            when catalogue.norad_id is not null then catalogue.international_designator
            else spacex_api.cospar_id
        end as international_designator,
        case
            when catalogue.norad_id is not null then catalogue.launch_designator
            else spacex_api.cospar_launch_id
        end as launch_designator,
        case
            when catalogue.norad_id is not null then catalogue.launch_date
            else spacex_api.launch_date
        end as launch_date,
        case
            when catalogue.norad_id is not null then catalogue.decay_date
            else spacex_api.decay_date
        end as decay_date,
        -- the API marks a satellite decayed (DECAYED = 1) even when its element set has no
        -- decay date; a catalogue's decay date is its only re-entry record
        case
            when catalogue.norad_id is not null then catalogue.decay_date is not null
            else spacex_api.is_decayed
        end as is_decayed,
        -- the orbit at the catalogue's last update; the API's rows have none here
        catalogue.inclination_deg,
        catalogue.apogee_km,
        catalogue.perigee_km,
        spacex_api.satellite_id as spacex_satellite_id,
        spacex_api.launch_id as spacex_attributed_launch_id,
        spacex_api.version as satellite_version,
        coalesce(catalogue.is_in_spacetrack, false) as is_in_spacetrack,
        coalesce(catalogue.is_in_celestrak, false) as is_in_celestrak,
        spacex_api.satellite_id is not null as is_in_spacex_api,
        cast(spacex_api.spacetrack_created_at at time zone 'UTC' as date) as spacex_observed_date
    from catalogue
    full outer join spacex_api
        on catalogue.norad_id = spacex_api.norad_id

),

as_of as (

    select
        greatest(
            max(launch_date),
            max(decay_date),
            max(spacex_observed_date)
        ) as as_of_date
    from unified

),

final as (

    select
        unified.norad_id,
        unified.object_name,
        unified.international_designator,
        unified.launch_designator,
        unified.launch_date,
        unified.decay_date,
        not unified.is_decayed as is_in_orbit,
        unified.source,
        unified.spacex_satellite_id,
        coalesce(designators.spacex_launch_id, unified.spacex_attributed_launch_id) as spacex_launch_id,
        as_of.as_of_date,
        unified.is_decayed,
        unified.satellite_version,
        unified.is_in_spacetrack,
        unified.is_in_spacex_api,
        unified.is_in_celestrak,
        unified.inclination_deg,
        unified.apogee_km,
        unified.perigee_km
    from unified
    cross join as_of
    left join designators
        on unified.launch_designator = designators.launch_designator

)

select * from final

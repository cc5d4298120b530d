-- One row per first-stage core flown on a launch (launches.cores flattened): 1 for Falcon 9,
-- 3 for Falcon Heavy. `core_id` can be null (unknown core) or reference a core missing from
-- the cores stream (that stream's snapshot is stale).

with

source as (

    select
        launches.id as launch_id,
        launches.name as launch_name,
        launches.date_utc,
        cores.core_document,
        cores.core_position
    from ({{ singer_current_rows(source('tap_spacex', 'launches')) }}) as launches
    -- cores is jsonb[] or jsonb depending on the loader's schema: to_jsonb accepts both
    cross join lateral jsonb_array_elements(
        case
            when jsonb_typeof(to_jsonb(launches.cores)) = 'array' then to_jsonb(launches.cores)
            else '[]'
        end
    ) with ordinality as cores (core_document, core_position)

),

renamed as (

    select
        -- ids
        launch_id || '-' || core_position as launch_core_id,
        launch_id,
        core_document ->> 'core' as core_id,
        core_document ->> 'landpad' as landpad_id,

        -- strings
        launch_name,
        core_document ->> 'landing_type' as landing_type,

        -- numerics
        cast(core_position as integer) as core_position,
        cast(core_document ->> 'flight' as integer) as core_flight_number,

        -- booleans
        cast(core_document ->> 'reused' as boolean) as is_reused,
        cast(core_document ->> 'gridfins' as boolean) as has_gridfins,
        cast(core_document ->> 'legs' as boolean) as has_legs,
        cast(core_document ->> 'landing_attempt' as boolean) as is_landing_attempted,
        cast(core_document ->> 'landing_success' as boolean) as is_landing_successful,

        -- timestamps
        {{ utc_timestamptz('date_utc') }} as launched_at

    from source

)

select * from renamed

-- One row per run x assumption (forecast.assumptions): the values each run was told.

with

source as (

    select * from {{ source('forecast', 'assumptions') }}

),

renamed as (

    select
        -- ids
        run_id,
        name as assumption_name,
        -- strings
        value,
        default_value,
        unit,
        source as assumption_source,
        description as assumption_description,
        -- booleans
        is_overridden

    from source

)

select * from renamed

-- One row per run x fitted quantity (forecast.estimates).

with

source as (

    select * from {{ source('forecast', 'estimates') }}

),

renamed as (

    select
        -- ids
        run_id,
        name as estimate_name,
        -- strings
        unit,
        description as estimate_description,
        -- numerics
        value,
        p10,
        p90

    from source

)

select * from renamed

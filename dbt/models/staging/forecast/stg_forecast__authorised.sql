-- One row per run x scenario x authorised total (forecast.authorised).

with

source as (

    select * from {{ source('forecast', 'authorised') }}

),

renamed as (

    select
        -- ids
        run_id,
        scenario_name,
        -- strings
        authorisation,
        -- numerics
        total as authorised_total,
        share_exceeded,
        -- dates
        exceeded_month_p50

    from source

)

select * from renamed

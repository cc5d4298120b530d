-- One row per run of the forecast engine (forecast.runs): the ledger's spine.

with

source as (

    select * from {{ source('forecast', 'runs') }}

),

renamed as (

    select
        -- ids
        run_id,
        git_commit,
        assumptions_hash,
        -- strings
        data_sources,
        engine_version,
        -- numerics
        paths,
        seed,
        target_satellites,
        -- dates
        data_as_of_date,
        horizon_month,
        -- timestamps
        started_at,
        finished_at

    from source

)

select * from renamed

-- One row per scenario x month of the latest run (forecast.monthly): the projection.

with

source as (

    select * from {{ source('forecast', 'monthly') }}

),

renamed as (

    select
        -- ids
        run_id,
        scenario_name,
        -- numerics
        in_orbit_p10,
        in_orbit_p50,
        in_orbit_p90,
        cum_launches_p10,
        cum_launches_p50,
        cum_launches_p90,
        launches_falcon9_p50,
        launches_starship_p50,
        satellites_launched_p50,
        satellites_retired_p50,
        -- dates
        month

    from source

)

select * from renamed

-- One row per backtest origin of the latest run (forecast.origin_ledger): the headline as it
-- would have been answered at the origin.

with

source as (

    select * from {{ source('forecast', 'origin_ledger') }}

),

renamed as (

    select
        -- ids
        run_id,
        -- numerics
        satellites_in_orbit,
        target_satellites,
        share_never_reached,
        launches_needed_p10,
        launches_needed_p50,
        launches_needed_p90,
        prob_by_2035,
        calibration_factor,
        -- dates
        origin_date,
        reach_month_p10,
        reach_month_p50,
        reach_month_p90

    from source

)

select * from renamed

-- One row per origin x method x target x horizon x threshold of the latest run's backtest
-- (forecast.backtest).

with

source as (

    select * from {{ source('forecast', 'backtest') }}

),

renamed as (

    select
        -- ids
        run_id,
        -- strings
        method,
        target,
        -- numerics
        history_months,
        horizon_months,
        threshold,
        predicted_p10,
        predicted_p50,
        predicted_p90,
        actual,
        crps,
        interval_score,
        calibration_factor,
        -- booleans
        is_covered,
        -- dates
        origin_date

    from source

)

select * from renamed

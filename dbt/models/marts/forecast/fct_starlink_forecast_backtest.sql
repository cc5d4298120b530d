-- The latest run's backtest: one row per origin x method x target x horizon x threshold, the
-- engine's forecast made with only what was known at the origin against what happened, with
-- the median's error (predicted_p50 - actual) beside the engine's scores.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

backtest as (

    select * from {{ ref('stg_forecast__backtest') }}

),

final as (

    select
        backtest.run_id,
        backtest.origin_date,
        backtest.history_months,
        backtest.method,
        backtest.target,
        backtest.horizon_months,
        backtest.threshold,
        backtest.predicted_p10,
        backtest.predicted_p50,
        backtest.predicted_p90,
        backtest.actual,
        backtest.predicted_p50 - backtest.actual as error_p50,
        backtest.crps,
        backtest.interval_score,
        backtest.is_covered,
        backtest.calibration_factor,
        runs.data_as_of_date as as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from backtest
    inner join runs
        on backtest.run_id = runs.run_id

)

select * from final

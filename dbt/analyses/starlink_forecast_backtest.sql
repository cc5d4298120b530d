-- Starlink forecast backtest: every origin's forecast against what then happened.
-- One row per origin, method, target, horizon and threshold of the engine's latest run: the
-- P10, P50 and P90 forecast made with only what was known at origin_date, the actual, the
-- error of the median, CRPS, interval score and whether P10..P90 covered the actual; beside
-- it the method's mean scores for that target across all origins.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

backtest as (

    select * from {{ ref('fct_starlink_forecast_backtest').include(database=false) }}

),

summary as (

    select * from {{ ref('fct_starlink_forecast_backtest_summary').include(database=false) }}

)

select
    backtest.target,
    backtest.horizon_months,
    backtest.threshold,
    backtest.method,
    backtest.origin_date,
    backtest.history_months,
    backtest.predicted_p10,
    backtest.predicted_p50,
    backtest.predicted_p90,
    backtest.actual,
    backtest.error_p50,
    backtest.crps,
    backtest.interval_score,
    backtest.is_covered,
    backtest.calibration_factor,
    summary.origins as method_origins,
    summary.mean_crps as method_mean_crps,
    summary.coverage as method_coverage,
    summary.mean_error_p50 as method_mean_error_p50
from backtest
left join summary
    on backtest.method = summary.method
    and backtest.target = summary.target
    and backtest.horizon_months = summary.horizon_months
    and backtest.threshold = summary.threshold
order by backtest.target, backtest.horizon_months, backtest.threshold, backtest.method, backtest.origin_date

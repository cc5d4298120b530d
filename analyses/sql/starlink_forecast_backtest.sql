-- Starlink forecast backtest: every origin's forecast against what then happened.
-- One row per origin, horizon (months) and method: the P10, P50 and P90 forecast of the
-- satellites in orbit at target_date made with only the data known at origin_date, the actual
-- count, the absolute percentage error of the median and whether P10..P90 covered the actual;
-- with the method's mean error and coverage at that horizon across all origins.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

backtest as (

    select * from "analytics"."fct_starlink_forecast_backtest"

),

summary as (

    select * from "analytics"."fct_starlink_forecast_backtest_summary"

)

select
    backtest.method,
    backtest.horizon_months,
    backtest.origin_date,
    backtest.target_date,
    backtest.predicted_p10,
    backtest.predicted_p50,
    backtest.predicted_p90,
    backtest.actual_in_orbit,
    backtest.predicted_p50 - backtest.actual_in_orbit as error_of_median,
    backtest.abs_pct_error,
    backtest.is_covered,
    summary.mean_abs_pct_error as method_mean_abs_pct_error,
    summary.coverage as method_coverage,
    summary.is_headline_method
from backtest
left join summary
    on backtest.method = summary.method
    and backtest.horizon_months = summary.horizon_months
order by summary.is_headline_method desc, backtest.method, backtest.horizon_months, backtest.origin_date

-- Backtest scores per method x target x horizon x threshold, over the latest run's origins:
-- how many origins were scored, the mean CRPS and mean interval score (lower is better), the
-- P10..P90 coverage (0.8 is calibrated) and the mean and mean absolute error of the median
-- (bias and size; months for threshold_crossing); means to 4 decimals.

with

backtest as (

    select * from {{ ref('fct_starlink_forecast_backtest') }}

),

final as (

    select
        method,
        target,
        horizon_months,
        threshold,
        cast(count(*) as integer) as origins,
        min(origin_date) as first_origin_date,
        max(origin_date) as last_origin_date,
        cast(min(history_months) as integer) as min_history_months,
        cast(avg(crps) as numeric(18, 4)) as mean_crps,
        cast(avg(interval_score) as numeric(18, 4)) as mean_interval_score,
        cast(avg(case when is_covered then 1.0 else 0.0 end) as numeric(18, 4)) as coverage,
        cast(avg(error_p50) as numeric(18, 4)) as mean_error_p50,
        cast(avg(abs(error_p50)) as numeric(18, 4)) as mean_abs_error_p50,
        {{ transformation_updated_at() }} as transformation_updated_at
    from backtest
    group by method, target, horizon_months, threshold

)

select * from final

-- The backtest: one row per origin x horizon x method. At each rolling origin the forecast
-- was re-run on what was known then (int_starlink_forecast_origins_listed: no launch,
-- re-entry or satellite after the origin), and its in-orbit count at origin + horizon months
-- (P10 / P50 / P90 of the paths, end of that month) is compared with what happened
-- (int_starlink_forecast_observed_monthly). Only targets on or before the data's as-of date
-- are scored.

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}
    where is_backtest

),

paths as (

    select * from {{ ref('int_starlink_forecast_paths_simulated') }}

),

observed as (

    select * from {{ ref('int_starlink_forecast_observed_monthly') }}

),

horizons as (

    select cast(horizon_months as integer) as horizon_months
    from (
        values {% for h in var('starlink_backtest_horizons') -%}
            ({{ h }}){% if not loop.last %}, {% endif %}
        {%- endfor %}
    ) as horizon_list (horizon_months)

),

predictions as (

    select
        runs.origin_date,
        horizons.horizon_months,
        runs.backtest_method as method,
        paths.month as target_month,
        percentile_cont(0.1) within group (order by paths.satellites_in_orbit) as predicted_p10,
        percentile_cont(0.5) within group (order by paths.satellites_in_orbit) as predicted_p50,
        percentile_cont(0.9) within group (order by paths.satellites_in_orbit) as predicted_p90,
        count(*) as simulated_paths
    from runs
    cross join horizons
    inner join paths
        on
            runs.run_key = paths.run_key
            and paths.month_number = horizons.horizon_months
    group by runs.origin_date, horizons.horizon_months, runs.backtest_method, paths.month

),

final as (

    select
        predictions.origin_date,
        predictions.horizon_months,
        observed.observed_on as target_date,
        predictions.method,
        cast(predictions.predicted_p10 as numeric(12, 1)) as predicted_p10,
        cast(predictions.predicted_p50 as numeric(12, 1)) as predicted_p50,
        cast(predictions.predicted_p90 as numeric(12, 1)) as predicted_p90,
        observed.satellites_in_orbit as actual_in_orbit,
        cast(
            abs(predictions.predicted_p50 - observed.satellites_in_orbit)
            / nullif(observed.satellites_in_orbit, 0)
            as numeric(10, 6)
        ) as abs_pct_error,
        observed.satellites_in_orbit between predictions.predicted_p10 and predictions.predicted_p90
            as is_covered,
        cast(predictions.simulated_paths as integer) as simulated_paths,
        {{ transformation_updated_at() }} as transformation_updated_at
    from predictions
    inner join observed
        on
            predictions.target_month = observed.month
            -- a complete month: its last day is on or before the as-of date
            and observed.observed_on = cast(observed.month + interval '1 month' - interval '1 day' as date)

)

select * from final

-- Starlink launch cadence month by month, observed and fitted: one row per month from the
-- first month of history to the horizon. launches_observed counts the Starlink-carrying
-- launches the data knows (API launches without satellite data included), up to the latest
-- known launch's month (the as-of month, or later when the SpaceX API lists launches after
-- its satellite cut-off); satellites_deployed_observed sums the launches whose satellite count
-- is known (null when none is). cadence_fitted is the growth model fitted at the as-of date
-- (int_starlink_forecast_cadence_fitted), cadence_p10 / cadence_p90 the band of the cadence
-- across the forecast's parameter draws (int_starlink_forecast_paths_drawn, widening
-- included; Poisson month-to-month noise excluded).

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}
    where not is_backtest and scenario_name = 'fitted'

),

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}
    where not is_backtest

),

draws as (

    select * from {{ ref('int_starlink_forecast_paths_drawn') }}

),

launch_months as (

    select * from {{ ref('int_starlink_forecast_launches_counted') }}
    where origin_key = 'forecast'

),

observed as (

    select * from {{ ref('int_starlink_forecast_observed_monthly') }}

),

months as (

    select
        cast(month_series.month_start as date) as month,
        {{ starlink_months_between('origins.history_start_month', 'month_series.month_start') }} as month_index
    from origins
    cross join generate_series(
        origins.history_start_month,
        cast('{{ var("starlink_forecast_horizon_month") }}' as date),
        interval '1 month'
    ) as month_series (month_start)

),

curve as (

    select
        months.month,
        months.month_index,
        runs.level_at_x_mean,
        runs.growth_rate,
        runs.x_mean,
        case
            when runs.damping >= 1 then cast(months.month_index as double precision)
            else (1 - power(runs.damping, months.month_index)) / (1 - runs.damping)
        end as x,
        runs.run_key
    from months
    cross join runs

),

band as (

    select
        curve.month,
        percentile_cont(0.1) within group (
            order by exp(least(10, greatest(-30, draws.level + draws.growth_rate * (curve.x - curve.x_mean))))
        ) as cadence_p10,
        percentile_cont(0.9) within group (
            order by exp(least(10, greatest(-30, draws.level + draws.growth_rate * (curve.x - curve.x_mean))))
        ) as cadence_p90
    from curve
    inner join draws
        on curve.run_key = draws.run_key
    group by curve.month

),

final as (

    select
        curve.month,
        cast(coalesce(launch_months.launches, observed.launches) as integer) as launches_observed,
        cast(
            case
                when coalesce(launch_months.launches_with_satellites_known, observed.launches_with_satellites_known) > 0
                    then coalesce(launch_months.satellites_deployed, observed.satellites_deployed)
                when coalesce(launch_months.launches, observed.launches) = 0 then 0
            end
            as integer
        ) as satellites_deployed_observed,
        cast(exp(curve.level_at_x_mean + curve.growth_rate * (curve.x - curve.x_mean)) as numeric(10, 3))
            as cadence_fitted,
        cast(band.cadence_p10 as numeric(10, 3)) as cadence_p10,
        cast(band.cadence_p90 as numeric(10, 3)) as cadence_p90,
        coalesce(launch_months.launches, observed.launches) is not null as is_observed,
        {{ transformation_updated_at() }} as transformation_updated_at
    from curve
    inner join band
        on curve.month = band.month
    left join launch_months
        on curve.month = launch_months.month_start
    left join observed
        on curve.month = observed.month

)

select * from final

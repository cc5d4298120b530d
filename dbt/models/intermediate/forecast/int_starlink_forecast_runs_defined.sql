-- One row per simulation run: the forecast's scenarios at the data's as-of date, and the
-- backtest's methods at every backtest origin, each with everything its simulation needs:
-- the origin, the scenario's axes (seed starlink_forecast_scenarios) with the numbers behind
-- them (dbt vars) and the drivers fitted at that origin (cadence, satellites per launch).

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

scenarios as (

    select * from {{ ref('starlink_forecast_scenarios') }}

),

cadence as (

    select * from {{ ref('int_starlink_forecast_cadence_fitted') }}

),

satellites_per_launch as (

    select * from {{ ref('int_starlink_forecast_satellites_per_launch_estimated') }}

),

runs as (

    select
        origins.origin_key,
        scenarios.scenario_name,
        {{ var('starlink_forecast_paths') }} as paths
    from origins
    cross join scenarios
    where not origins.is_backtest

    union all

    select
        origins.origin_key,
        scenarios.scenario_name,
        {{ var('starlink_backtest_paths') }} as paths
    from origins
    inner join scenarios
        on scenarios.backtest_method is not null
    where origins.is_backtest

),

final as (

    select
        runs.origin_key || ':' || runs.scenario_name as run_key,
        runs.origin_key,
        runs.scenario_name,
        scenarios.backtest_method,
        origins.is_backtest,
        origins.origin_date,
        origins.origin_month,
        origins.origin_month_index,
        origins.horizon_months,
        origins.origin_month_remaining_fraction,
        -- launches are known (not simulated) up to this projected month (< 1: none)
        {{ starlink_months_between('origins.origin_month', 'origins.last_fit_month') }}
            as known_launches_through_month,
        cast(runs.paths as integer) as paths,
        scenarios.cadence_model,
        case
            when scenarios.is_capped_at_falcon9_ceiling
                then cast({{ var('starlink_falcon9_ceiling_launches_per_month') }} as double precision)
        end as cadence_ceiling,
        case
            when scenarios.is_heavy_lift then {{ starlink_months_between(
                'origins.origin_month',
                "cast('" ~ var('starlink_heavy_lift_start_month') ~ "' as date)"
            ) }}
        end as heavy_lift_from_month,
        cast({{ var('starlink_heavy_lift_satellites_per_launch') }} as double precision)
            as heavy_lift_satellites_per_launch,
        scenarios.has_retirements,
        cadence.damping,
        cadence.level_at_x_mean,
        cadence.level_se,
        cadence.growth_rate,
        cadence.growth_rate_se,
        cadence.x_mean,
        cadence.flat_launches_per_month,
        cadence.flat_level_se,
        satellites_per_launch.satellites_per_launch,
        satellites_per_launch.satellites_per_launch_se
    from runs
    inner join origins
        on runs.origin_key = origins.origin_key
    inner join scenarios
        on runs.scenario_name = scenarios.scenario_name
    inner join cadence
        on runs.origin_key = cadence.origin_key
    inner join satellites_per_launch
        on runs.origin_key = satellites_per_launch.origin_key

)

select * from final

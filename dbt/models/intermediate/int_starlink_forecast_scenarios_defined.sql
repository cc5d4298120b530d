-- One row per forecast scenario with every parameter of its projection: the drivers estimated
-- from the data (int_starlink_forecast_drivers_estimated) and the assumptions set as dbt vars.
--   * flat_cadence:   launches continue at the trailing average; satellites fail early at the
--                     observed rate and the others retire after their lifetime;
--   * trend_cadence:  the cadence follows the trailing window's linear trend (kept within
--                     0..starlink_max_launches_per_month); same attrition;
--   * no_retirements: the naive answer, flat cadence and no satellite ever leaves orbit.

{% set lifetime_years = var('starlink_satellite_lifetime_years') %}

with

drivers as (

    select * from {{ ref('int_starlink_forecast_drivers_estimated') }}

),

scenarios as (

    select
        'flat_cadence' as scenario,
        1 as scenario_order,
        drivers.launches_per_month,
        cast(0 as numeric) as launches_per_month_change,
        drivers.early_failure_rate,
        cast({{ lifetime_years }} as numeric) as satellite_lifetime_years
    from drivers

    union all

    select
        'trend_cadence' as scenario,
        2 as scenario_order,
        drivers.trend_launches_per_month_at_as_of as launches_per_month,
        drivers.launches_per_month_trend_slope as launches_per_month_change,
        drivers.early_failure_rate,
        cast({{ lifetime_years }} as numeric) as satellite_lifetime_years
    from drivers

    union all

    select
        'no_retirements' as scenario,
        3 as scenario_order,
        drivers.launches_per_month,
        cast(0 as numeric) as launches_per_month_change,
        cast(0 as numeric) as early_failure_rate,
        cast(null as numeric) as satellite_lifetime_years
    from drivers

),

final as (

    select
        scenarios.scenario,
        scenarios.scenario_order,
        drivers.as_of_date,
        make_date({{ var('starlink_forecast_horizon_year') }}, 12, 31) as horizon_date,
        {{ var('starlink_target_satellites') }} as target_satellites,
        drivers.satellites_in_orbit_at_as_of,
        scenarios.launches_per_month,
        scenarios.launches_per_month_change,
        cast({{ var('starlink_max_launches_per_month') }} as numeric) as max_launches_per_month,
        drivers.satellites_per_launch,
        scenarios.early_failure_rate,
        scenarios.satellite_lifetime_years,
        cast(
            round(scenarios.satellite_lifetime_years * 12) as integer
        ) as satellite_lifetime_months,
        case scenarios.scenario
            when 'flat_cadence'
                then
                    format(
                        'Launches continue at the trailing %s-month average of %s/month with '
                        || '%s satellites each; %s%% fail within %s months, the rest retire '
                        || 'after %s years.',
                        drivers.window_months,
                        round(scenarios.launches_per_month, 2),
                        round(drivers.satellites_per_launch, 1),
                        round(100 * scenarios.early_failure_rate, 2),
                        drivers.early_failure_window_months,
                        scenarios.satellite_lifetime_years
                    )
            when 'trend_cadence'
                then
                    format(
                        'Launch cadence follows its trailing %s-month linear trend (%s/month at '
                        || 'the as-of date, %s/month each month, kept within 0..%s) with %s '
                        || 'satellites each; %s%% fail within %s months, the rest retire after '
                        || '%s years.',
                        drivers.window_months,
                        round(scenarios.launches_per_month, 2),
                        to_char(scenarios.launches_per_month_change, 'SG0.000'),
                        {{ var('starlink_max_launches_per_month') }},
                        round(drivers.satellites_per_launch, 1),
                        round(100 * scenarios.early_failure_rate, 2),
                        drivers.early_failure_window_months,
                        scenarios.satellite_lifetime_years
                    )
            else
                format(
                    'Naive: launches continue at the trailing %s-month average of %s/month '
                    || 'with %s satellites each, and no satellite ever leaves orbit.',
                    drivers.window_months,
                    round(scenarios.launches_per_month, 2),
                    round(drivers.satellites_per_launch, 1)
                )
        end as method
    from scenarios
    cross join drivers

)

select * from final

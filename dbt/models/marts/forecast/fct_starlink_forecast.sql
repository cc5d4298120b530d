-- The answer to "when will there be 42,000 Starlink satellites in orbit, and how many
-- launches will it take?": one row per scenario, from the simulated paths of the forecast
-- (int_starlink_forecast_paths_simulated), starting at the data's as-of date.
-- Per path: the first month whose end finds the target in orbit and the launches from the
-- as-of date to then; across paths: P10 / P50 / P90 (a path that never reaches the target
-- by the horizon counts as later than any date, so a percentile falling on such paths is
-- null), the share never reaching it, and the chance by the end of 2030, 2035, 2040.
-- The headline is the scenario of the method with the best backtest
-- (fct_starlink_forecast_backtest_summary; fitted when nothing could be scored).
-- `answer` is THE sentence, written here once: dates to the month, launches rounded to 10.

{% set target = var('starlink_target_satellites') %}

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}
    where not is_backtest

),

scenarios as (

    select * from {{ ref('starlink_forecast_scenarios') }}

),

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}
    where not is_backtest

),

paths as (

    select * from {{ ref('int_starlink_forecast_paths_simulated') }}
    where origin_key = 'forecast'

),

backtest_summary as (

    select * from {{ ref('fct_starlink_forecast_backtest_summary') }}

),

headline_method as (

    select coalesce(
        (select min(method) from backtest_summary where is_headline_method),
        'fitted'
    ) as method

),

reached as (

    select
        run_key,
        path,
        min(month_number) filter (where satellites_in_orbit >= {{ target }}) as reach_month_number
    from paths
    group by run_key, path

),

per_path as (

    select
        reached.run_key,
        reached.path,
        reached.reach_month_number,
        paths.month as reach_month,
        paths.launches_to_date as launches_needed,
        at_horizon.satellites_in_orbit as satellites_in_orbit_at_horizon
    from reached
    inner join runs
        on reached.run_key = runs.run_key
    inner join paths as at_horizon
        on
            reached.run_key = at_horizon.run_key
            and reached.path = at_horizon.path
            and at_horizon.month_number = runs.horizon_months
    left join paths
        on
            reached.run_key = paths.run_key
            and reached.path = paths.path
            and reached.reach_month_number = paths.month_number

),

-- never reached = 1,000,000 (sorts after every real value), turned back into null
percentiles as (

    select
        run_key,
        count(*) as simulated_paths,
        percentile_disc(0.1) within group (order by coalesce(reach_month_number, 1000000)) as reach_p10,
        percentile_disc(0.5) within group (order by coalesce(reach_month_number, 1000000)) as reach_p50,
        percentile_disc(0.9) within group (order by coalesce(reach_month_number, 1000000)) as reach_p90,
        percentile_disc(0.1) within group (order by coalesce(launches_needed, 1000000)) as launches_p10,
        percentile_disc(0.5) within group (order by coalesce(launches_needed, 1000000)) as launches_p50,
        percentile_disc(0.9) within group (order by coalesce(launches_needed, 1000000)) as launches_p90,
        avg(case when reach_month is null then 1.0 else 0.0 end) as share_never_reached,
        avg(case when reach_month < date '2031-01-01' then 1.0 else 0.0 end) as prob_by_2030,
        avg(case when reach_month < date '2036-01-01' then 1.0 else 0.0 end) as prob_by_2035,
        avg(case when reach_month < date '2041-01-01' then 1.0 else 0.0 end) as prob_by_2040,
        percentile_cont(0.5) within group (order by satellites_in_orbit_at_horizon)
            as satellites_in_orbit_at_horizon_p50
    from per_path
    group by run_key

),

at_origin as (

    select
        run_key,
        max(satellites_in_orbit) as satellites_in_orbit_at_as_of
    from paths
    where month_number = 0
    group by run_key

),

assembled as (

    select
        runs.scenario_name,
        scenarios.scenario_order,
        scenarios.scenario_label,
        scenarios.scenario_description,
        scenarios.backtest_method,
        coalesce(scenarios.backtest_method = headline_method.method, false) as is_headline,
        scenarios.is_naive,
        origins.origin_date as as_of_date,
        origins.data_sources,
        cast(round(at_origin.satellites_in_orbit_at_as_of) as integer) as satellites_in_orbit_at_as_of,
        cast({{ target }} as integer) as target_satellites,
        cast(percentiles.simulated_paths as integer) as simulated_paths,
        cast(runs.origin_month + make_interval(months => runs.horizon_months + 1) - interval '1 day' as date)
            as horizon_date,
        case when percentiles.reach_p10 < 1000000
            then cast(runs.origin_month + make_interval(months => percentiles.reach_p10) as date)
        end as reach_month_p10,
        case when percentiles.reach_p50 < 1000000
            then cast(runs.origin_month + make_interval(months => percentiles.reach_p50) as date)
        end as reach_month_p50,
        case when percentiles.reach_p90 < 1000000
            then cast(runs.origin_month + make_interval(months => percentiles.reach_p90) as date)
        end as reach_month_p90,
        cast(percentiles.share_never_reached as numeric(6, 4)) as share_never_reached,
        case when percentiles.launches_p10 < 1000000 then cast(round(percentiles.launches_p10) as integer) end
            as launches_needed_p10,
        case when percentiles.launches_p50 < 1000000 then cast(round(percentiles.launches_p50) as integer) end
            as launches_needed_p50,
        case when percentiles.launches_p90 < 1000000 then cast(round(percentiles.launches_p90) as integer) end
            as launches_needed_p90,
        cast(percentiles.prob_by_2030 as numeric(6, 4)) as prob_by_2030,
        cast(percentiles.prob_by_2035 as numeric(6, 4)) as prob_by_2035,
        cast(percentiles.prob_by_2040 as numeric(6, 4)) as prob_by_2040,
        cast(percentiles.satellites_in_orbit_at_horizon_p50 as numeric(12, 1))
            as satellites_in_orbit_at_horizon_p50
    from runs
    inner join scenarios
        on runs.scenario_name = scenarios.scenario_name
    inner join origins
        on runs.origin_key = origins.origin_key
    inner join percentiles
        on runs.run_key = percentiles.run_key
    inner join at_origin
        on runs.run_key = at_origin.run_key
    cross join headline_method

),

final as (

    select
        *,
        scenario_label || ': '
        || to_char(target_satellites, 'FM999,999,999') || ' in orbit '
        || case
            when reach_month_p90 is not null then
                'between ' || to_char(reach_month_p10, 'Mon YYYY') || ' and '
                || to_char(reach_month_p90, 'Mon YYYY')
                || ' (median ' || to_char(reach_month_p50, 'Mon YYYY') || '), after '
                || to_char(round(launches_needed_p10, -1), 'FM999,999') || '–'
                || to_char(round(launches_needed_p90, -1), 'FM999,999') || ' more launches'
            when reach_month_p50 is not null then
                'from ' || to_char(reach_month_p10, 'Mon YYYY')
                || ' (median ' || to_char(reach_month_p50, 'Mon YYYY') || '), but not by '
                || to_char(horizon_date, 'Mon YYYY') || ' in '
                || to_char(round(100 * share_never_reached), 'FM990') || '% of paths; after '
                || to_char(round(launches_needed_p10, -1), 'FM999,999') || ' or more launches (median '
                || to_char(round(launches_needed_p50, -1), 'FM999,999') || ')'
            else
                'not by ' || to_char(horizon_date, 'Mon YYYY') || ' in '
                || to_char(round(100 * share_never_reached), 'FM990') || '% of paths (median '
                || to_char(round(satellites_in_orbit_at_horizon_p50, -2), 'FM999,999,999')
                || ' in orbit then)'
        end
        || '; ' || to_char(round(100 * prob_by_2035), 'FM990') || '% chance by 2035. As of '
        || to_char(as_of_date, 'YYYY-MM-DD') || ', '
        || to_char(satellites_in_orbit_at_as_of, 'FM999,999,999') || ' in orbit.' as answer,
        {{ transformation_updated_at() }} as transformation_updated_at
    from assembled

)

select * from final

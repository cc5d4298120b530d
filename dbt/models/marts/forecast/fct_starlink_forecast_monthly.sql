-- The constellation month by month per scenario, observed then projected: one row per
-- scenario x month from the first month of history to the horizon. Up to the as-of month
-- the observed count (end of month; the as-of date in the as-of month); from the as-of month
-- on, P10 / P50 / P90 across the scenario's simulated paths at the end of each month (equal
-- to the observed count in the as-of month) and the median launches in the month.

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}
    where not is_backtest

),

paths as (

    select * from {{ ref('int_starlink_forecast_paths_simulated') }}
    where origin_key = 'forecast'

),

observed as (

    select * from {{ ref('int_starlink_forecast_observed_monthly') }}

),

projected as (

    select
        scenario_name,
        month,
        month_number,
        percentile_cont(0.1) within group (order by satellites_in_orbit) as in_orbit_p10,
        percentile_cont(0.5) within group (order by satellites_in_orbit) as in_orbit_p50,
        percentile_cont(0.9) within group (order by satellites_in_orbit) as in_orbit_p90,
        percentile_cont(0.5) within group (order by launches) as launches_p50
    from paths
    group by scenario_name, month, month_number

),

observed_rows as (

    select
        runs.scenario_name,
        observed.month,
        true as is_observed,
        observed.satellites_in_orbit as observed_in_orbit
    from runs
    cross join observed

),

final as (

    select
        coalesce(observed_rows.scenario_name, projected.scenario_name) as scenario_name,
        coalesce(observed_rows.month, projected.month) as month,
        coalesce(observed_rows.is_observed, false) as is_observed,
        observed_rows.observed_in_orbit,
        cast(projected.in_orbit_p10 as numeric(12, 1)) as in_orbit_p10,
        cast(projected.in_orbit_p50 as numeric(12, 1)) as in_orbit_p50,
        cast(projected.in_orbit_p90 as numeric(12, 1)) as in_orbit_p90,
        cast(case when projected.month_number > 0 then projected.launches_p50 end as numeric(8, 1))
            as launches_p50,
        {{ transformation_updated_at() }} as transformation_updated_at
    from observed_rows
    full outer join projected
        on
            observed_rows.scenario_name = projected.scenario_name
            and observed_rows.month = projected.month

)

select * from final

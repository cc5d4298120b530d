-- Starlink launch cadence month by month: one row per month from the first month with a
-- Starlink launch to the forecast's horizon. launches_observed counts the Starlink-carrying
-- launches the history knows (fct_starlink_launches, SpaceX API launches without satellite
-- data included) up to the latest known launch's month; satellites_deployed_observed sums
-- those whose count is known. From the as-of month on, the headline scenario's median
-- launches per vehicle in the month, as the engine projects them (forecast.monthly).

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

headline as (

    select scenarios.scenario_name
    from {{ ref('stg_forecast__scenarios') }} as scenarios
    inner join runs
        on scenarios.run_id = runs.run_id
    where scenarios.is_headline

),

projected as (

    select monthly.*
    from {{ ref('stg_forecast__monthly') }} as monthly
    inner join runs
        on monthly.run_id = runs.run_id
    inner join headline
        on monthly.scenario_name = headline.scenario_name

),

launches as (

    select * from {{ ref('fct_starlink_launches') }}
    where launch_date is not null

),

launch_months as (

    select
        cast(date_trunc('month', launch_date) as date) as month,
        count(*) as launches,
        count(satellites_deployed) as launches_with_satellites_known,
        sum(satellites_deployed) as satellites_deployed
    from launches
    group by 1

),

months as (

    select cast(month_series.month_start as date) as month
    from runs
    cross join generate_series(
        (select min(month) from launch_months),
        runs.horizon_month,
        interval '1 month'
    ) as month_series (month_start)

),

final as (

    select
        months.month,
        months.month <= (select max(month) from launch_months) as is_observed,
        cast(
            case
                when months.month <= (select max(month) from launch_months)
                    then coalesce(launch_months.launches, 0)
            end
            as integer
        ) as launches_observed,
        cast(
            case
                when launch_months.launches_with_satellites_known > 0 then launch_months.satellites_deployed
                when months.month <= (select max(month) from launch_months)
                    and launch_months.launches is null then 0
            end
            as integer
        ) as satellites_deployed_observed,
        headline.scenario_name as headline_scenario_name,
        projected.launches_falcon9_p50,
        projected.launches_starship_p50,
        projected.launches_falcon9_p50 + projected.launches_starship_p50 as launches_p50,
        {{ transformation_updated_at() }} as transformation_updated_at
    from months
    cross join headline
    left join launch_months
        on months.month = launch_months.month
    left join projected
        on months.month = projected.month

)

select * from final

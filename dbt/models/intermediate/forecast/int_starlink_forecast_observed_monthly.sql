-- The observed constellation month by month, from the first month of history to the data's
-- as-of month: one row per month. satellites_in_orbit counts, from launch and re-entry dates
-- alone, the satellites launched on or before the month's observation date and not
-- re-entered by then (a satellite marked decayed without a date re-entered on the as-of
-- date); the observation date is the month's last day, or the as-of date in the as-of month.
-- Launches per month are those of int_starlink__launches_unified (API launches without
-- satellite data included), up to the end of the as-of month.

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}
    where not is_backtest

),

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

months as (

    select
        cast(month_series.month_start as date) as month,
        least(
            cast(month_series.month_start + interval '1 month' - interval '1 day' as date),
            origins.origin_date
        ) as observed_on
    from origins
    cross join generate_series(
        origins.history_start_month, origins.origin_month, interval '1 month'
    ) as month_series (month_start)

),

histories as (

    select
        launch_date,
        coalesce(decay_date, case when not is_in_orbit then as_of_date end) as decayed_on
    from satellites

),

in_orbit as (

    select
        months.month,
        count(histories.launch_date) as satellites_in_orbit
    from months
    left join histories
        on
            histories.launch_date <= months.observed_on
            and (histories.decayed_on is null or histories.decayed_on > months.observed_on)
    group by months.month

),

launched as (

    select
        cast(date_trunc('month', launch_date) as date) as month,
        count(*) as launches,
        count(satellites_deployed) as launches_with_satellites_known,
        sum(satellites_deployed) as satellites_deployed
    from launches
    group by 1

),

final as (

    select
        months.month,
        months.observed_on,
        cast(in_orbit.satellites_in_orbit as integer) as satellites_in_orbit,
        cast(coalesce(launched.launches, 0) as integer) as launches,
        cast(coalesce(launched.launches_with_satellites_known, 0) as integer) as launches_with_satellites_known,
        cast(launched.satellites_deployed as integer) as satellites_deployed
    from months
    inner join in_orbit
        on months.month = in_orbit.month
    left join launched
        on months.month = launched.month

)

select * from final

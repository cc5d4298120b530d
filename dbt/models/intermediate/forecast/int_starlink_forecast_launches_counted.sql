-- Starlink-carrying launches per calendar month as known at each origin: one row per origin
-- x month, from the first month of history to the origin's last complete month of known
-- launches (int_starlink_forecast_origins_listed). Only launches on or before the origin's
-- `launches_known_until` are counted, so a backtest origin never sees a later launch.
-- API launches without satellite data count as launches; their satellites are unknown
-- (satellites_deployed sums the launches whose count is known).

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

months as (

    select
        origins.origin_key,
        origins.origin_date,
        origins.history_start_month,
        cast(month_series.month_start as date) as month_start
    from origins
    cross join generate_series(
        origins.history_start_month, origins.last_fit_month, interval '1 month'
    ) as month_series (month_start)

),

known_launches as (

    select
        origins.origin_key,
        cast(date_trunc('month', launches.launch_date) as date) as month_start,
        launches.launch_date > origins.origin_date as is_after_origin,
        launches.satellites_deployed
    from origins
    inner join launches
        on
            launches.launch_date <= origins.launches_known_until
            and launches.launch_date >= origins.history_start_month

),

per_month as (

    select
        origin_key,
        month_start,
        count(*) as launches,
        count(*) filter (where is_after_origin) as launches_after_origin,
        count(satellites_deployed) as launches_with_satellites_known,
        sum(satellites_deployed) as satellites_deployed
    from known_launches
    group by origin_key, month_start

),

final as (

    select
        months.origin_key,
        months.month_start,
        {{ starlink_months_between('months.history_start_month', 'months.month_start') }}
            as month_index,
        cast(coalesce(per_month.launches, 0) as integer) as launches,
        cast(coalesce(per_month.launches_after_origin, 0) as integer) as launches_after_origin,
        cast(
            coalesce(per_month.launches_with_satellites_known, 0) as integer
        ) as launches_with_satellites_known,
        cast(coalesce(per_month.satellites_deployed, 0) as integer) as satellites_deployed
    from months
    left join per_month
        on
            months.origin_key = per_month.origin_key
            and months.month_start = per_month.month_start

)

select * from final

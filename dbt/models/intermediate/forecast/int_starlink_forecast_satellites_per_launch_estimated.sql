-- Satellites per launch as known at each origin: one row per origin. The launches with a
-- known satellite count, launched on or before the origin, in the
-- `starlink_satellites_per_launch_window_months` months up to the latest of them: their mean
-- (what a future launch carries), standard deviation and the standard error of the mean.
-- A recent window follows the satellite generations (60 v1.0 -> ~50 v1.5 -> ~21-29 v2 mini)
-- instead of averaging them; rideshares carrying a few Starlinks count as launches, as they
-- do in the cadence.

{% set window_months = var('starlink_satellites_per_launch_window_months') %}

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

known as (

    select
        origins.origin_key,
        launches.launch_date,
        launches.satellites_deployed,
        max(launches.launch_date) over (partition by origins.origin_key) as latest_known_launch_date
    from origins
    inner join launches
        on
            launches.launch_date <= origins.origin_date
            and launches.satellites_deployed is not null

),

final as (

    select
        origin_key,
        max(latest_known_launch_date) as window_end_date,
        cast(count(*) as integer) as launches_in_window,
        cast(avg(satellites_deployed) as double precision) as satellites_per_launch,
        cast(coalesce(stddev_samp(satellites_deployed), 0) as double precision)
            as satellites_per_launch_sd,
        cast(coalesce(stddev_samp(satellites_deployed), 0) / sqrt(count(*)) as double precision)
            as satellites_per_launch_se
    from known
    where launch_date > latest_known_launch_date - make_interval(months => {{ window_months }})
    group by origin_key

)

select * from final

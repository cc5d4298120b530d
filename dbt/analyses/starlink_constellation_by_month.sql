-- Starlink constellation month by month: history, then each scenario's projection.
-- Observed rows (scenario 'observed') are calendar months of the daily constellation, up to
-- the as-of date: satellites launched and left orbit in the month, in orbit on its last
-- observed day. Projected rows are the forecast's months after the as-of month: the median
-- (P50) of the simulated paths in orbit at the month's end and launches in the month, with
-- the P10-P90 band.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

daily as (

    select
        date_trunc('month', date_day)::date as month_start_date,
        date_day,
        satellites_launched,
        satellites_decayed,
        satellites_in_orbit
    from {{ ref('fct_starlink_constellation_daily').include(database=false) }}

),

observed_months as (

    select
        month_start_date,
        max(date_day) as month_end_date,
        sum(satellites_launched) as satellites_launched,
        sum(satellites_decayed) as satellites_left_orbit
    from daily
    group by month_start_date

),

observed as (

    select
        'observed' as scenario,
        observed_months.month_end_date,
        observed_months.satellites_launched::numeric as satellites_launched,
        observed_months.satellites_left_orbit::numeric as satellites_left_orbit,
        daily.satellites_in_orbit::numeric as satellites_in_orbit,
        cast(null as numeric) as satellites_in_orbit_p10,
        cast(null as numeric) as satellites_in_orbit_p90,
        cast(null as numeric) as launches_p50
    from observed_months
    inner join daily
        on observed_months.month_end_date = daily.date_day

),

projected as (

    select
        scenario_name as scenario,
        cast(month + interval '1 month' - interval '1 day' as date) as month_end_date,
        cast(null as numeric) as satellites_launched,
        cast(null as numeric) as satellites_left_orbit,
        in_orbit_p50 as satellites_in_orbit,
        in_orbit_p10 as satellites_in_orbit_p10,
        in_orbit_p90 as satellites_in_orbit_p90,
        launches_p50
    from {{ ref('fct_starlink_forecast_monthly').include(database=false) }}
    where not is_observed

)

select * from observed
union all
select * from projected
order by scenario, month_end_date

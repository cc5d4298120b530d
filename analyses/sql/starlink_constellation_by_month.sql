-- Starlink constellation month by month: history, then each scenario's projection.
-- Observed rows (scenario 'observed') are calendar months of the daily constellation, up to
-- the as-of date: satellites launched and left orbit in the month, in orbit on its last
-- observed day. Projected rows are the forecast's months (month_end_date = as_of_date +
-- month_number months), expected values with fractions of satellites.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

daily as (

    select
        date_trunc('month', date_day)::date as month_start_date,
        date_day,
        satellites_launched,
        satellites_decayed,
        satellites_in_orbit
    from "analytics"."fct_starlink_constellation_daily"

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
        daily.satellites_in_orbit::numeric as satellites_in_orbit
    from observed_months
    inner join daily
        on observed_months.month_end_date = daily.date_day

),

projected as (

    select
        scenario,
        month_end_date,
        satellites_launched,
        satellites_retired as satellites_left_orbit,
        satellites_in_orbit
    from "analytics"."fct_starlink_forecast_monthly"
    where month_number > 0

)

select * from observed
union all
select * from projected
order by scenario, month_end_date

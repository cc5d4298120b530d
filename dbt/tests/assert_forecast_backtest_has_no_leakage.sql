-- No leakage in the backtest: at every backtest origin the inputs of the forecast hold
-- exactly what was known then, computed here independently from the unified history.
-- Returns a row per origin and input that knows more (or less) than it should:
--   * launches: the months counted end at the origin's month and hold exactly the launches
--     on or before the origin (from the first month of history);
--   * satellites per launch: averaged over launches on or before the origin only;
--   * lifetimes: the Kaplan-Meier table starts from exactly the satellites launched by the
--     origin, and its re-entries are those on or before the origin;
--   * the constellation: every path starts from exactly the satellites in orbit at the
--     origin (launched by then, not re-entered by then).

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}
    where is_backtest

),

satellites as (

    select
        launch_date,
        coalesce(decay_date, case when not is_in_orbit then as_of_date end) as decayed_on
    from {{ ref('int_starlink__satellites_unified') }}

),

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

expected as (

    select
        origins.origin_key,
        origins.origin_month,
        (
            select count(*) from launches
            where launches.launch_date <= origins.origin_date
                and launches.launch_date >= origins.history_start_month
        ) as launches_known,
        (
            select count(*) from satellites
            where satellites.launch_date <= origins.origin_date
        ) as satellites_known,
        (
            select count(*) from satellites
            where satellites.decayed_on <= origins.origin_date
        ) as reentries_known,
        (
            select count(*) from satellites
            where satellites.launch_date <= origins.origin_date
                and (satellites.decayed_on is null or satellites.decayed_on > origins.origin_date)
        ) as in_orbit_at_origin
    from origins

),

counted as (

    select
        origin_key,
        max(month_start) as last_month,
        sum(launches) as launches_known
    from {{ ref('int_starlink_forecast_launches_counted') }}
    group by origin_key

),

payloads as (

    select * from {{ ref('int_starlink_forecast_satellites_per_launch_estimated') }}

),

life_table as (

    select
        origin_key,
        max(at_risk) filter (where age_months = 0) as satellites_known,
        sum(decays) as reentries_counted,
        max(observed_max_age) as observed_max_age
    from {{ ref('int_starlink_forecast_survival_estimated') }}
    group by origin_key

),

starts as (

    select
        origin_key,
        min(satellites_in_orbit) as least_start,
        max(satellites_in_orbit) as most_start
    from {{ ref('int_starlink_forecast_paths_simulated') }}
    where month_number = 0
    group by origin_key

)

select expected.origin_key, 'launches counted past the origin or missing' as failure
from expected
inner join counted on expected.origin_key = counted.origin_key
where counted.last_month > expected.origin_month or counted.launches_known <> expected.launches_known

union all

select expected.origin_key, 'satellites per launch from a launch after the origin'
from expected
inner join payloads on expected.origin_key = payloads.origin_key
inner join origins on expected.origin_key = origins.origin_key
where payloads.window_end_date > origins.origin_date

union all

-- the table stops at the oldest well-observed age, so only ages it covers can be compared:
-- at age 0 every satellite known is at risk
select expected.origin_key, 'lifetimes from satellites not known at the origin'
from expected
inner join life_table on expected.origin_key = life_table.origin_key
where life_table.satellites_known <> expected.satellites_known
    or life_table.reentries_counted > expected.reentries_known

union all

select expected.origin_key, 'paths do not start from the constellation at the origin'
from expected
inner join starts on expected.origin_key = starts.origin_key
where abs(starts.least_start - expected.in_orbit_at_origin) > 1e-6
    or abs(starts.most_start - expected.in_orbit_at_origin) > 1e-6

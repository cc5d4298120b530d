-- The constellation month by month per scenario, observed then projected (the fan charts'
-- data): one row per scenario of the latest run x month, from the first month with a
-- satellite in orbit to the run's horizon. Observed months (up to the run's as-of month) carry
-- the count in orbit at the month's end (the as-of date in the as-of month) from
-- fct_starlink_constellation_daily; projected months (the engine's, from the as-of month on)
-- carry P10 / P50 / P90 of satellites in orbit and of launches since the as-of date, and the
-- median launches per vehicle in the month.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

scenarios as (

    select scenarios.scenario_name
    from {{ ref('stg_forecast__scenarios') }} as scenarios
    inner join runs
        on scenarios.run_id = runs.run_id

),

projected as (

    select monthly.*
    from {{ ref('stg_forecast__monthly') }} as monthly
    inner join runs
        on monthly.run_id = runs.run_id

),

daily as (

    select * from {{ ref('fct_starlink_constellation_daily') }}

),

observed as (

    -- the last observed day of each month up to the run's as-of date
    select distinct on (date_trunc('month', daily.date_day))
        cast(date_trunc('month', daily.date_day) as date) as month,
        cast(daily.satellites_in_orbit as integer) as observed_in_orbit
    from daily
    inner join runs
        on daily.date_day <= runs.data_as_of_date
    order by date_trunc('month', daily.date_day), daily.date_day desc

),

observed_rows as (

    select
        scenarios.scenario_name,
        observed.month,
        observed.observed_in_orbit
    from scenarios
    cross join observed

),

final as (

    select
        runs.run_id,
        coalesce(observed_rows.scenario_name, projected.scenario_name) as scenario_name,
        coalesce(observed_rows.month, projected.month) as month,
        observed_rows.month is not null as is_observed,
        projected.month is not null as is_projected,
        observed_rows.observed_in_orbit,
        projected.in_orbit_p10,
        projected.in_orbit_p50,
        projected.in_orbit_p90,
        projected.cum_launches_p10,
        projected.cum_launches_p50,
        projected.cum_launches_p90,
        projected.launches_falcon9_p50,
        projected.launches_starship_p50,
        projected.satellites_launched_p50,
        projected.satellites_retired_p50,
        {{ transformation_updated_at() }} as transformation_updated_at
    from observed_rows
    full outer join projected
        on
            observed_rows.scenario_name = projected.scenario_name
            and observed_rows.month = projected.month
    cross join runs

)

select * from final

-- The drivers of the Starlink forecast, estimated from the satellite data at its cut-off
-- (the as-of date), never from today's date. One row.
--   * launch cadence: Starlink-carrying launches per month over the trailing window, its
--     average and its linear trend (least squares over the window's months);
--   * satellites per launch over the same window;
--   * early-failure rate: of the satellites launched at least `early_failure_window_months`
--     before the as-of date, the share that decayed within that many months of launch.

{% set window_months = var('starlink_trailing_window_months') %}
{% set early_failure_window_months = var('starlink_early_failure_window_months') %}

with

satellites as (

    -- the unified satellite history (catalogue first, the SpaceX API where it lacks a
    -- satellite), in the column names this model was written for
    select
        norad_id as satellite_id,
        spacex_launch_id as launch_id,
        launch_designator as cospar_launch_id,
        launch_date,
        decay_date,
        is_decayed,
        is_in_orbit,
        as_of_date as data_as_of_date
    from {{ ref('int_starlink__satellites_unified') }}

),

as_of as (

    select
        max(data_as_of_date) as as_of_date,
        count(*) filter (where is_in_orbit) as satellites_in_orbit_at_as_of
    from satellites

),

-- launches that carried Starlink satellites; satellites without an attributed launch are
-- grouped by their COSPAR launch id, which all objects of one launch share
starlink_launches as (

    select
        coalesce(launch_id, 'cospar ' || cospar_launch_id) as launch_key,
        min(launch_date) as launch_date,
        count(*) as satellites_deployed
    from satellites
    group by coalesce(launch_id, 'cospar ' || cospar_launch_id)

),

-- the trailing window as consecutive months ending on the as-of date: month_index 1 is the
-- oldest, month_index {{ window_months }} ends on the as-of date (start exclusive, end inclusive)
window_months as (

    select
        {{ window_months }} - month_series.months_back as month_index,
        cast(
            as_of.as_of_date - make_interval(months => month_series.months_back + 1) as date
        ) as month_start_date,
        cast(
            as_of.as_of_date - make_interval(months => month_series.months_back) as date
        ) as month_end_date
    from as_of
    cross join generate_series(0, {{ window_months }} - 1) as month_series (months_back)

),

launches_per_window_month as (

    select
        window_months.month_index,
        count(starlink_launches.launch_key) as launches,
        coalesce(sum(starlink_launches.satellites_deployed), 0) as satellites_deployed
    from window_months
    left join starlink_launches
        on
            starlink_launches.launch_date > window_months.month_start_date
            and starlink_launches.launch_date <= window_months.month_end_date
    group by window_months.month_index

),

-- average and least-squares line of the monthly launch counts
cadence as (

    select
        sum(launches) as launches_in_window,
        sum(satellites_deployed) as satellites_in_window,
        cast(avg(launches) as numeric(12, 6)) as launches_per_month,
        cast(regr_slope(launches, month_index) as numeric(12, 6)) as launches_per_month_trend_slope,
        -- the trend line's value in the window's last month, i.e. at the as-of date
        cast(
            regr_intercept(launches, month_index)
            + regr_slope(launches, month_index) * {{ window_months }}
            as numeric(12, 6)
        ) as trend_launches_per_month_at_as_of
    from launches_per_window_month

),

early_failures as (

    select
        count(*) as satellites_observed_for_early_failure,
        count(*) filter (
            where
            satellites.is_decayed
            and coalesce(satellites.decay_date, as_of.as_of_date)
            <= satellites.launch_date + make_interval(months => {{ early_failure_window_months }})
        ) as early_failures
    from satellites
    cross join as_of
    where
        satellites.launch_date
        <= as_of.as_of_date - make_interval(months => {{ early_failure_window_months }})

),

final as (

    select
        as_of.as_of_date,
        cast(
            as_of.as_of_date - make_interval(months => {{ window_months }}) as date
        ) as window_start_date,
        {{ window_months }} as window_months,
        as_of.satellites_in_orbit_at_as_of,
        cadence.launches_in_window,
        cadence.satellites_in_window,
        cadence.launches_per_month,
        cadence.launches_per_month_trend_slope,
        cadence.trend_launches_per_month_at_as_of,
        cast(
            cadence.satellites_in_window / cast(nullif(cadence.launches_in_window, 0) as numeric)
            as numeric(12, 6)
        ) as satellites_per_launch,
        {{ early_failure_window_months }} as early_failure_window_months,
        early_failures.satellites_observed_for_early_failure,
        early_failures.early_failures,
        cast(
            coalesce(
                early_failures.early_failures
                / cast(nullif(early_failures.satellites_observed_for_early_failure, 0) as numeric),
                0
            )
            as numeric(12, 8)
        ) as early_failure_rate
    from as_of
    cross join cadence
    cross join early_failures

)

select * from final

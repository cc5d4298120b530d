-- How the answer moved with the data, from the start: one row per point in the headline's
-- history, oldest first. The backtest origins of the latest run (point_kind 'backtest_origin',
-- as of the origin: the engine on the history cut there, with that run's assumptions) and
-- every real run of the engine (point_kind 'run', as of its data, from
-- fct_starlink_forecast_runs), each with the headline's reach month P10 / P50 / P90 of the
-- target, the share of paths never reaching it, the launches needed and the chance by 2035.

with

runs as (

    select * from {{ ref('fct_starlink_forecast_runs') }}

),

latest_run as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

origins as (

    select * from {{ ref('stg_forecast__origin_ledger') }}

),

headlines as (

    select * from {{ ref('stg_forecast__scenarios') }}
    where is_headline

),

threshold_factors as (

    -- The factor each run widened its headline's reach month with (the backtest's, from all
    -- origins); absent when the run had no threshold crossings to calibrate on.
    select
        run_id,
        value as calibration_factor
    from {{ ref('stg_forecast__estimates') }}
    where estimate_name = 'calibration_capacity_threshold_crossing_0'

),

origin_points as (

    select
        'backtest_origin' as point_kind,
        origins.run_id,
        origins.origin_date as as_of_date,
        latest_run.data_sources,
        latest_run.assumptions_hash,
        origins.satellites_in_orbit,
        origins.target_satellites,
        origins.reach_month_p10,
        origins.reach_month_p50,
        origins.reach_month_p90,
        origins.share_never_reached,
        origins.launches_needed_p10,
        origins.launches_needed_p50,
        origins.launches_needed_p90,
        origins.prob_by_2035,
        origins.calibration_factor,
        false as is_current_answer
    from origins
    inner join latest_run
        on origins.run_id = latest_run.run_id

),

run_points as (

    select
        'run' as point_kind,
        runs.run_id,
        runs.as_of_date,
        runs.data_sources,
        runs.assumptions_hash,
        headlines.satellites_in_orbit_at_as_of as satellites_in_orbit,
        runs.target_satellites,
        runs.reach_month_p10,
        runs.reach_month_p50,
        runs.reach_month_p90,
        runs.share_never_reached,
        runs.launches_needed_p10,
        runs.launches_needed_p50,
        runs.launches_needed_p90,
        headlines.prob_by_2035,
        threshold_factors.calibration_factor,
        runs.is_latest_run as is_current_answer
    from runs
    left join headlines
        on runs.run_id = headlines.run_id
    left join threshold_factors
        on runs.run_id = threshold_factors.run_id

),

points as (

    select * from origin_points
    union all
    select * from run_points

),

final as (

    select
        point_kind,
        run_id,
        as_of_date,
        cast(row_number() over (
            order by as_of_date, point_kind = 'run', run_id
        ) as integer) as point_order,
        is_current_answer,
        data_sources,
        assumptions_hash,
        satellites_in_orbit,
        target_satellites,
        reach_month_p10,
        reach_month_p50,
        reach_month_p90,
        share_never_reached,
        launches_needed_p10,
        launches_needed_p50,
        launches_needed_p90,
        prob_by_2035,
        calibration_factor,
        {{ transformation_updated_at() }} as transformation_updated_at
    from points

)

select * from final

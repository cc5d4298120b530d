-- The answer to "when will there be 42,000 Starlink satellites in orbit, and how many
-- launches will it take?": one row per scenario of the forecast engine's latest run, each
-- stamped with the run it came from (as-of date, data sources, commit, assumptions hash,
-- paths, seed). The numbers and the `answer` sentence are the engine's (forecast.scenarios);
-- nothing is recomputed here.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

scenarios as (

    select * from {{ ref('stg_forecast__scenarios') }}

),

final as (

    select
        scenarios.scenario_name,
        scenarios.scenario_order,
        scenarios.scenario_label,
        scenarios.scenario_description,
        scenarios.conditional_on,
        scenarios.is_headline,
        scenarios.is_naive,
        runs.run_id,
        runs.data_as_of_date as as_of_date,
        runs.data_sources,
        runs.git_commit,
        runs.engine_version,
        runs.assumptions_hash,
        runs.assumptions_overridden,
        runs.overridden_assumptions,
        runs.paths,
        runs.seed,
        runs.horizon_month,
        runs.finished_at as run_finished_at,
        scenarios.satellites_in_orbit_at_as_of,
        scenarios.nowcast_launches_p50,
        scenarios.nowcast_satellites_p50,
        scenarios.target_satellites,
        scenarios.reach_month_p10,
        scenarios.reach_month_p50,
        scenarios.reach_month_p90,
        scenarios.share_never_reached,
        scenarios.launches_needed_p10,
        scenarios.launches_needed_p50,
        scenarios.launches_needed_p90,
        scenarios.prob_by_2030,
        scenarios.prob_by_2035,
        scenarios.prob_by_2040,
        scenarios.in_orbit_at_horizon_p10,
        scenarios.in_orbit_at_horizon_p50,
        scenarios.in_orbit_at_horizon_p90,
        scenarios.answer,
        {{ transformation_updated_at() }} as transformation_updated_at
    from scenarios
    inner join runs
        on scenarios.run_id = runs.run_id

)

select * from final

-- The ledger of the forecast: one row per run of the engine, oldest first, with what it was
-- made from (as-of date, data sources, commit, assumptions hash and the assumptions it
-- overrode) and what its headline scenario answered (reach month and launches needed,
-- P10 / P50 / P90): how the answer moved from run to run.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}

),

headlines as (

    select * from {{ ref('stg_forecast__scenarios') }}
    where is_headline

),

final as (

    select
        runs.run_id,
        runs.is_latest_run,
        runs.started_at,
        runs.finished_at,
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
        runs.target_satellites,
        headlines.scenario_name as headline_scenario_name,
        headlines.reach_month_p10,
        headlines.reach_month_p50,
        headlines.reach_month_p90,
        headlines.share_never_reached,
        headlines.launches_needed_p10,
        headlines.launches_needed_p50,
        headlines.launches_needed_p90,
        headlines.answer as headline_answer,
        {{ transformation_updated_at() }} as transformation_updated_at
    from runs
    left join headlines
        on runs.run_id = headlines.run_id

)

select * from final

-- What the forecast engine's latest run fitted on the history (current cadence regime,
-- satellites per launch, hazards, de-orbit fit ...): one row per estimate, with its P10..P90
-- where the engine gives one.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

estimates as (

    select * from {{ ref('stg_forecast__estimates') }}

),

final as (

    select
        estimates.estimate_name,
        estimates.run_id,
        estimates.value,
        estimates.p10,
        estimates.p90,
        estimates.unit,
        estimates.estimate_description as description,
        runs.data_as_of_date as as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from estimates
    inner join runs
        on estimates.run_id = runs.run_id

)

select * from final

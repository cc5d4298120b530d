-- The assumptions of the forecast engine's latest run: one row per assumption, the value the
-- run used beside its default (forecast/assumptions.yaml), its unit, source and meaning.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

assumptions as (

    select * from {{ ref('stg_forecast__assumptions') }}

),

final as (

    select
        assumptions.assumption_name,
        assumptions.run_id,
        assumptions.value,
        assumptions.default_value,
        assumptions.is_overridden,
        assumptions.unit,
        assumptions.assumption_source as source,
        assumptions.assumption_description as description,
        runs.assumptions_hash,
        {{ transformation_updated_at() }} as transformation_updated_at
    from assumptions
    inner join runs
        on assumptions.run_id = runs.run_id

)

select * from final

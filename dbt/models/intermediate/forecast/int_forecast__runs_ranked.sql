-- One row per run of the forecast engine, with is_latest_run on the run whose results the
-- marts show (the highest run_id: ids increase with every run; monthly and backtest hold only
-- its rows) and the overridden assumptions of each run in one line.

with

runs as (

    select * from {{ ref('stg_forecast__runs') }}

),

assumptions as (

    select * from {{ ref('stg_forecast__assumptions') }}

),

overrides as (

    select
        run_id,
        cast(count(*) filter (where is_overridden) as integer) as assumptions_overridden,
        string_agg(assumption_name || '=' || value, ', ' order by assumption_name)
            filter (where is_overridden) as overridden_assumptions
    from assumptions
    group by run_id

),

final as (

    select
        runs.*,
        coalesce(overrides.assumptions_overridden, 0) as assumptions_overridden,
        overrides.overridden_assumptions,
        runs.run_id = max(runs.run_id) over () as is_latest_run
    from runs
    left join overrides
        on runs.run_id = overrides.run_id

)

select * from final

-- Authorised constellation totals against the forecast engine's latest run: one row per
-- scenario x authorisation, the share of the scenario's paths whose in-orbit count exceeds the
-- total by the horizon and the month half of them do.

with

runs as (

    select * from {{ ref('int_forecast__runs_ranked') }}
    where is_latest_run

),

authorised as (

    select * from {{ ref('stg_forecast__authorised') }}

),

final as (

    select
        authorised.scenario_name,
        authorised.authorisation,
        authorised.run_id,
        authorised.authorised_total,
        authorised.share_exceeded,
        authorised.exceeded_month_p50,
        {{ transformation_updated_at() }} as transformation_updated_at
    from authorised
    inner join runs
        on authorised.run_id = runs.run_id

)

select * from final

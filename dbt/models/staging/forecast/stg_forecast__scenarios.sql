-- One row per run x scenario (forecast.scenarios): the answer of each scenario.

with

source as (

    select * from {{ source('forecast', 'scenarios') }}

),

renamed as (

    select
        -- ids
        run_id,
        scenario_name,
        -- strings
        label as scenario_label,
        description as scenario_description,
        conditional_on,
        answer,
        -- numerics
        scenario_order,
        satellites_in_orbit_at_as_of,
        nowcast_launches_p50,
        nowcast_satellites_p50,
        target_satellites,
        share_never_reached,
        launches_needed_p10,
        launches_needed_p50,
        launches_needed_p90,
        prob_by_2030,
        prob_by_2035,
        prob_by_2040,
        in_orbit_at_horizon_p10,
        in_orbit_at_horizon_p50,
        in_orbit_at_horizon_p90,
        -- booleans
        is_headline,
        is_naive,
        -- dates
        reach_month_p10,
        reach_month_p50,
        reach_month_p90

    from source

)

select * from renamed

-- The answer: one row per scenario, when the constellation reaches the target number of
-- satellites in orbit and how many launches from the as-of date it takes. The first month
-- whose satellites_in_orbit reaches the target is the crossing month; target_reached_on is its
-- last day and launches_needed the projected launches up to it, rounded up. A scenario that
-- does not reach the target by the horizon has both null; satellites_in_orbit_at_horizon
-- shows where it levels off.

with

scenarios as (

    select * from {{ ref('int_starlink_forecast_scenarios_defined') }}

),

months as (

    select * from {{ ref('int_starlink_forecast_months_projected') }}

),

crossing_months as (

    select distinct on (scenario)
        scenario,
        month_number,
        month_end_date,
        projected_launches_to_date
    from months
    where satellites_in_orbit >= target_satellites
    order by scenario, month_number

),

horizon_months as (

    select distinct on (scenario)
        scenario,
        satellites_in_orbit
    from months
    order by scenario asc, month_number desc

),

final as (

    select
        scenarios.scenario,
        scenarios.scenario_order,
        scenarios.method,
        scenarios.target_satellites,
        scenarios.satellites_in_orbit_at_as_of,
        round(scenarios.launches_per_month, 3) as launches_per_month,
        round(scenarios.launches_per_month_change, 3) as launches_per_month_change,
        round(scenarios.satellites_per_launch, 1) as satellites_per_launch,
        round(scenarios.early_failure_rate, 4) as early_failure_rate,
        scenarios.satellite_lifetime_years,
        cast(
            ceil(round(crossing_months.projected_launches_to_date, 6)) as integer
        ) as launches_needed,
        crossing_months.month_number as months_needed,
        round(horizon_months.satellites_in_orbit, 0) as satellites_in_orbit_at_horizon,
        scenarios.as_of_date,
        crossing_months.month_end_date as target_reached_on,
        scenarios.horizon_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from scenarios
    left join crossing_months
        on scenarios.scenario = crossing_months.scenario
    left join horizon_months
        on scenarios.scenario = horizon_months.scenario

)

select * from final

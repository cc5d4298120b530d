-- The Starlink constellation projected month by month per scenario, from the as-of date to
-- the horizon. Month 0 is the as-of date itself (the observed constellation); month m covers
-- the days after as_of_date + (m - 1) months up to as_of_date + m months. Per month m >= 1:
--   projected_launches      = launches_per_month + launches_per_month_change * m,
--                             kept within 0..max_launches_per_month
--   satellites_launched     = projected_launches * satellites_per_launch
--   satellites_failed_early = satellites_launched * early_failure_rate (in the launch month)
--   satellites_retired_end_of_life = the survivors launched satellite_lifetime_months earlier,
--                             plus the satellites in orbit at the as-of date whose launch date
--                             + lifetime falls in the month (overdue ones in month 1)
--   satellites_in_orbit     = satellites_in_orbit_at_as_of + running total of
--                             (launched - failed early - retired at end of life)
-- No recursion is needed: every month depends only on its own launches and on the launches
-- one lifetime earlier. Values are expected values, so launches and satellites are fractional.

with

scenarios as (

    select * from {{ ref('int_starlink_forecast_scenarios_defined') }}

),

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

months as (

    select
        scenarios.scenario,
        month_series.month_number,
        cast(
            scenarios.as_of_date
            + make_interval(months => greatest(month_series.month_number - 1, 0))
            as date
        ) as month_start_date,
        cast(
            scenarios.as_of_date + make_interval(months => month_series.month_number)
            as date
        ) as month_end_date
    from scenarios
    -- enough months to pass the horizon; keep those ending on or before it
    cross join
        generate_series(
            0,
            12 * (
                cast(extract(year from scenarios.horizon_date) as integer)
                - cast(extract(year from scenarios.as_of_date) as integer)
                + 1
            )
        ) as month_series (month_number)
    where
        scenarios.as_of_date + make_interval(months => month_series.month_number)
        <= scenarios.horizon_date

),

launches as (

    select
        months.scenario,
        months.month_number,
        months.month_start_date,
        months.month_end_date,
        case
            when months.month_number = 0 then 0
            else greatest(
                0,
                least(
                    scenarios.max_launches_per_month,
                    scenarios.launches_per_month
                    + scenarios.launches_per_month_change * months.month_number
                )
            )
        end as projected_launches,
        coalesce(scenarios.satellites_per_launch, 0) as satellites_per_launch,
        scenarios.early_failure_rate
    from months
    inner join scenarios
        on months.scenario = scenarios.scenario

),

launched as (

    select
        scenario,
        month_number,
        month_start_date,
        month_end_date,
        projected_launches,
        projected_launches * satellites_per_launch as satellites_launched,
        projected_launches * satellites_per_launch * early_failure_rate as satellites_failed_early
    from launches

),

-- satellites in orbit at the as-of date, by the day their lifetime ends
existing_satellite_retirements as (

    select
        scenarios.scenario,
        greatest(
            cast(
                satellites.launch_date
                + make_interval(months => scenarios.satellite_lifetime_months)
                as date
            ),
            scenarios.as_of_date + 1
        ) as retirement_date,
        count(*) as satellites
    from scenarios
    inner join satellites
        on satellites.is_in_orbit
    where scenarios.satellite_lifetime_months is not null
    group by
        scenarios.scenario,
        retirement_date

),

existing_satellite_retirements_per_month as (

    select
        months.scenario,
        months.month_number,
        sum(existing_satellite_retirements.satellites) as satellites_retired
    from months
    inner join existing_satellite_retirements
        on
            months.scenario = existing_satellite_retirements.scenario
            and existing_satellite_retirements.retirement_date > months.month_start_date
            and existing_satellite_retirements.retirement_date <= months.month_end_date
    where months.month_number >= 1
    group by
        months.scenario,
        months.month_number

),

monthly as (

    select
        launched.scenario,
        launched.month_number,
        launched.month_start_date,
        launched.month_end_date,
        launched.projected_launches,
        launched.satellites_launched,
        launched.satellites_failed_early,
        coalesce(
            launched_one_lifetime_earlier.satellites_launched
            - launched_one_lifetime_earlier.satellites_failed_early,
            0
        )
        + coalesce(existing_satellite_retirements_per_month.satellites_retired, 0)
            as satellites_retired_end_of_life
    from launched
    inner join scenarios
        on launched.scenario = scenarios.scenario
    left join launched as launched_one_lifetime_earlier
        on
            launched.scenario = launched_one_lifetime_earlier.scenario
            and launched.month_number - scenarios.satellite_lifetime_months
            = launched_one_lifetime_earlier.month_number
    left join existing_satellite_retirements_per_month
        on
            launched.scenario = existing_satellite_retirements_per_month.scenario
            and launched.month_number = existing_satellite_retirements_per_month.month_number

),

final as (

    select
        monthly.scenario,
        monthly.month_number,
        monthly.month_start_date,
        monthly.month_end_date,
        cast(monthly.projected_launches as numeric(18, 6)) as projected_launches,
        cast(
            sum(monthly.projected_launches) over running_total as numeric(18, 6)
        ) as projected_launches_to_date,
        cast(monthly.satellites_launched as numeric(18, 6)) as satellites_launched,
        cast(monthly.satellites_failed_early as numeric(18, 6)) as satellites_failed_early,
        cast(
            monthly.satellites_retired_end_of_life as numeric(18, 6)
        ) as satellites_retired_end_of_life,
        cast(
            monthly.satellites_failed_early + monthly.satellites_retired_end_of_life
            as numeric(18, 6)
        ) as satellites_retired,
        cast(
            scenarios.satellites_in_orbit_at_as_of
            + sum(
                monthly.satellites_launched
                - monthly.satellites_failed_early
                - monthly.satellites_retired_end_of_life
            ) over running_total
            as numeric(18, 6)
        ) as satellites_in_orbit,
        scenarios.target_satellites
    from monthly
    inner join scenarios
        on monthly.scenario = scenarios.scenario
    window running_total as (
        partition by monthly.scenario
        order by monthly.month_number
        rows between unbounded preceding and current row
    )

)

select * from final

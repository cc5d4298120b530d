-- The Starlink forecast month by month per scenario, for charts: projected launches,
-- satellites launched, retired and in orbit from the as-of date (month 0) to the horizon.
-- The arithmetic is in int_starlink_forecast_months_projected; values are expected values,
-- rounded here for display.

with

months as (

    select * from {{ ref('int_starlink_forecast_months_projected') }}

),

final as (

    select
        scenario,
        month_number,
        month_start_date,
        month_end_date,
        round(projected_launches, 3) as projected_launches,
        round(projected_launches_to_date, 3) as projected_launches_to_date,
        round(satellites_launched, 1) as satellites_launched,
        round(satellites_failed_early, 1) as satellites_failed_early,
        round(satellites_retired_end_of_life, 1) as satellites_retired_end_of_life,
        round(satellites_retired, 1) as satellites_retired,
        round(satellites_in_orbit, 1) as satellites_in_orbit,
        satellites_in_orbit >= target_satellites as is_target_reached,
        {{ transformation_updated_at() }} as transformation_updated_at
    from months

)

select * from final

-- One row per day from the first launch that carried Starlink satellites to the satellite
-- data's cut-off: satellites launched, decayed and in orbit at the end of each day (UTC).
-- A satellite marked decayed without a decay date counts as decayed on the cut-off day.

with

satellites as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}

),

days as (

    select cast(day_series.date_day as date) as date_day
    from (
        select
            min(launch_date) as first_launch_date,
            max(data_as_of_date) as as_of_date
        from satellites
    ) as bounds
    cross join generate_series(
        bounds.first_launch_date,
        bounds.as_of_date,
        interval '1 day'
    ) as day_series (date_day)

),

launched_per_day as (

    select
        launch_date as date_day,
        count(*) as satellites_launched
    from satellites
    group by launch_date

),

decayed_per_day as (

    select
        coalesce(decay_date, data_as_of_date) as date_day,
        count(*) as satellites_decayed
    from satellites
    where not is_in_orbit
    group by coalesce(decay_date, data_as_of_date)

),

daily as (

    select
        days.date_day,
        coalesce(launched_per_day.satellites_launched, 0) as satellites_launched,
        coalesce(decayed_per_day.satellites_decayed, 0) as satellites_decayed
    from days
    left join launched_per_day
        on days.date_day = launched_per_day.date_day
    left join decayed_per_day
        on days.date_day = decayed_per_day.date_day

),

final as (

    select
        date_day,
        satellites_launched,
        satellites_decayed,
        cast(sum(satellites_launched) over running_total as bigint) as satellites_launched_to_date,
        cast(sum(satellites_decayed) over running_total as bigint) as satellites_decayed_to_date,
        cast(
            sum(satellites_launched - satellites_decayed) over running_total as bigint
        ) as satellites_in_orbit,
        {{ transformation_updated_at() }} as transformation_updated_at
    from daily
    window running_total as (
        order by date_day
        rows between unbounded preceding and current row
    )

)

select * from final

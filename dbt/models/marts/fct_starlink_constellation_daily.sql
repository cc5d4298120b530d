-- One row per day (UTC) from the first launch that carried Starlink satellites to the data's
-- as-of date (its latest event, int_starlink__satellites_unified): satellites launched and
-- decayed that day and to date, and in orbit at the end of the day, from the unified history
-- (catalogue first). Beside them, each source's own in-orbit count on the days it covers:
-- Space-Track's catalogue's (null without it), CelesTrak's (payloads; to its latest event,
-- null without it) and the SpaceX API's (up to the day it last observed its
-- satellites, 2021-10-17 in the recorded snapshot); tests compare the two where both exist.
-- A satellite marked decayed without a decay date counts as decayed on its source's cut-off.
-- The last weeks are a lower bound: the catalogue lists new objects days to weeks after launch
-- (is_within_cataloguing_lag).

{% set cataloguing_lag_days = var('spacetrack_cataloguing_lag_days') %}

with

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

catalogue as (

    select * from {{ ref('stg_spacetrack__satellites') }}

),

celestrak as (

    select * from {{ ref('stg_celestrak__satellites') }}
    where object_type_code = 'PAY'

),

spacex_api as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}

),

bounds as (

    select
        min(satellites.launch_date) as first_launch_date,
        max(satellites.as_of_date) as as_of_date,
        (select max(data_as_of_date) from spacex_api) as spacex_api_as_of_date,
        (select count(*) from catalogue) > 0 as has_catalogue,
        (select greatest(max(launch_date), max(decay_date)) from celestrak) as celestrak_as_of_date
    from satellites

),

days as (

    select cast(day_series.date_day as date) as date_day
    from bounds
    cross join generate_series(
        bounds.first_launch_date,
        bounds.as_of_date,
        interval '1 day'
    ) as day_series (date_day)

),

-- +1 on the launch day, -1 on the decay day, per source
events as (

    select 'unified' as source, launch_date as event_date, 1 as launched, 0 as decayed
    from satellites
    union all
    select 'unified', coalesce(decay_date, as_of_date), 0, 1
    from satellites
    where not is_in_orbit
    union all
    select 'spacetrack', launch_date, 1, 0
    from catalogue
    union all
    select 'spacetrack', decay_date, 0, 1
    from catalogue
    where decay_date is not null
    union all
    select 'celestrak', launch_date, 1, 0
    from celestrak
    union all
    select 'celestrak', decay_date, 0, 1
    from celestrak
    where decay_date is not null
    union all
    select 'spacex_api', launch_date, 1, 0
    from spacex_api
    union all
    select 'spacex_api', coalesce(decay_date, data_as_of_date), 0, 1
    from spacex_api
    where is_decayed

),

events_per_day as (

    select
        event_date as date_day,
        sum(launched) filter (where source = 'unified') as satellites_launched,
        sum(decayed) filter (where source = 'unified') as satellites_decayed,
        sum(launched - decayed) filter (where source = 'spacetrack') as spacetrack_net_change,
        sum(launched - decayed) filter (where source = 'spacex_api') as spacex_api_net_change,
        sum(launched - decayed) filter (where source = 'celestrak') as celestrak_net_change
    from events
    group by event_date

),

daily as (

    select
        days.date_day,
        coalesce(events_per_day.satellites_launched, 0) as satellites_launched,
        coalesce(events_per_day.satellites_decayed, 0) as satellites_decayed,
        coalesce(events_per_day.spacetrack_net_change, 0) as spacetrack_net_change,
        coalesce(events_per_day.spacex_api_net_change, 0) as spacex_api_net_change,
        coalesce(events_per_day.celestrak_net_change, 0) as celestrak_net_change
    from days
    left join events_per_day
        on days.date_day = events_per_day.date_day

),

running as (

    select
        date_day,
        satellites_launched,
        satellites_decayed,
        sum(satellites_launched) over running_total as satellites_launched_to_date,
        sum(satellites_decayed) over running_total as satellites_decayed_to_date,
        sum(satellites_launched - satellites_decayed) over running_total as satellites_in_orbit,
        sum(spacetrack_net_change) over running_total as spacetrack_in_orbit,
        sum(spacex_api_net_change) over running_total as spacex_api_in_orbit,
        sum(celestrak_net_change) over running_total as celestrak_in_orbit
    from daily
    window running_total as (
        order by date_day
        rows between unbounded preceding and current row
    )

),

final as (

    select
        running.date_day,
        cast(running.satellites_launched as bigint) as satellites_launched,
        cast(running.satellites_decayed as bigint) as satellites_decayed,
        cast(running.satellites_launched_to_date as bigint) as satellites_launched_to_date,
        cast(running.satellites_decayed_to_date as bigint) as satellites_decayed_to_date,
        cast(running.satellites_in_orbit as bigint) as satellites_in_orbit,
        cast(
            case when bounds.has_catalogue then running.spacetrack_in_orbit end as bigint
        ) as satellites_in_orbit_per_spacetrack,
        cast(
            case
                when running.date_day <= bounds.spacex_api_as_of_date
                    then running.spacex_api_in_orbit
            end as bigint
        ) as satellites_in_orbit_per_spacex_api,
        cast(
            case
                when running.date_day <= bounds.celestrak_as_of_date
                    then running.celestrak_in_orbit
            end as bigint
        ) as satellites_in_orbit_per_celestrak,
        coalesce(
            bounds.has_catalogue
            and running.date_day > bounds.as_of_date - {{ cataloguing_lag_days }},
            false
        ) as is_within_cataloguing_lag,
        bounds.as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from running
    cross join bounds

)

select * from final

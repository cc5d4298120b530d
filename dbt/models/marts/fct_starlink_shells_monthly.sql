-- Where the constellation is: one row per month and orbital shell, the Starlink satellites in
-- orbit in the shell at the end of the month (at the as-of date for its month), launched into
-- it and re-entered from it during the month, from the unified history (each satellite's
-- orbit from its source catalogue, int_starlink__satellites_unified). A satellite's shell is
-- the first of var starlink_shells whose inclination band holds its inclination; outside every
-- band, its inclination rounded to a degree ("other 40°"); without orbit data (the SpaceX
-- API's rows, a new object without elements), "unknown". The inclination is the catalogue's
-- latest, taken for the satellite's whole life: inclination hardly changes in orbit (raising
-- and lowering change the altitude), so a satellite's shell is known from launch; the
-- altitude is not, and is given only as the shell's median at the catalogue's last update
-- for the satellites in orbit at the as-of date.

{%- set shells = var('starlink_shells') %}

with

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

shell_bands as (

    {%- for shell in shells %}
    select
        {{ loop.index }} as shell_order,
        '{{ shell.shell }}' as shell,
        cast({{ shell.inclination_min_deg }} as numeric) as inclination_min_deg,
        cast({{ shell.inclination_max_deg }} as numeric) as inclination_max_deg
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

placed as (

    select
        satellites.norad_id,
        satellites.launch_date,
        satellites.decay_date,
        satellites.is_in_orbit,
        satellites.as_of_date,
        (satellites.apogee_km + satellites.perigee_km) / 2 as mean_altitude_km,
        coalesce(
            band.shell,
            case
                when satellites.inclination_deg is null then 'unknown'
                else 'other ' || round(satellites.inclination_deg)::text || '°'
            end
        ) as shell,
        band.inclination_min_deg,
        band.inclination_max_deg,
        coalesce(band.shell_order, {{ shells | length }} + 1) as shell_order
    from satellites
    left join lateral (
        select shell_bands.*
        from shell_bands
        where satellites.inclination_deg between shell_bands.inclination_min_deg and shell_bands.inclination_max_deg
        order by shell_bands.shell_order
        limit 1
    ) as band on true

),

shells_seen as (

    select
        shell,
        min(shell_order) as shell_order,
        min(inclination_min_deg) as inclination_min_deg,
        min(inclination_max_deg) as inclination_max_deg,
        percentile_cont(0.5) within group (order by mean_altitude_km)
            filter (where is_in_orbit) as median_altitude_km_at_as_of_date
    from placed
    group by shell

),

bounds as (

    select
        date_trunc('month', min(launch_date))::date as first_month,
        max(as_of_date) as as_of_date
    from satellites

),

months as (

    select
        cast(month_series.month_start as date) as month_start,
        least(
            cast(month_series.month_start + interval '1 month' - interval '1 day' as date),
            bounds.as_of_date
        ) as month_end
    from bounds
    cross join generate_series(bounds.first_month, bounds.as_of_date, interval '1 month')
        as month_series (month_start)

),

-- a satellite marked decayed without a date (API rows) counts as re-entered at the as-of date
with_exit as (

    select
        placed.*,
        case when not placed.is_in_orbit then coalesce(placed.decay_date, placed.as_of_date) end as exit_date
    from placed

),

-- per shell and month: launched, re-entered, and in orbit at month end as a running sum;
-- events after a month's end (the as-of month's days after the as-of date: none) never count
events as (

    select
        shell,
        cast(date_trunc('month', launch_date) as date) as month_start,
        1 as launched,
        0 as decayed
    from with_exit
    union all
    select
        shell,
        cast(date_trunc('month', exit_date) as date),
        0,
        1
    from with_exit
    where exit_date is not null

),

events_per_month as (

    select
        shell,
        month_start,
        sum(launched) as satellites_launched,
        sum(decayed) as satellites_decayed
    from events
    group by shell, month_start

),

monthly as (

    select
        months.month_start,
        months.month_end,
        shells_seen.shell,
        shells_seen.shell_order,
        coalesce(events_per_month.satellites_launched, 0) as satellites_launched,
        coalesce(events_per_month.satellites_decayed, 0) as satellites_decayed,
        sum(
            coalesce(events_per_month.satellites_launched, 0)
            - coalesce(events_per_month.satellites_decayed, 0)
        ) over (
            partition by shells_seen.shell
            order by months.month_start
            rows between unbounded preceding and current row
        ) as satellites_in_orbit
    from months
    cross join shells_seen
    left join events_per_month
        on events_per_month.shell = shells_seen.shell
        and events_per_month.month_start = months.month_start

),

final as (

    select
        monthly.month_start,
        monthly.shell,
        monthly.shell_order,
        shells_seen.inclination_min_deg,
        shells_seen.inclination_max_deg,
        monthly.month_end,
        cast(monthly.satellites_in_orbit as bigint) as satellites_in_orbit,
        cast(monthly.satellites_launched as bigint) as satellites_launched,
        cast(monthly.satellites_decayed as bigint) as satellites_decayed,
        cast(
            monthly.satellites_in_orbit::numeric
            / nullif(sum(monthly.satellites_in_orbit) over (partition by monthly.month_start), 0)
            as numeric(6, 4)
        ) as share_of_constellation,
        cast(shells_seen.median_altitude_km_at_as_of_date as numeric(7, 1)) as median_altitude_km_at_as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from monthly
    inner join shells_seen
        on monthly.shell = shells_seen.shell

)

select * from final

-- Launches needed to hold the target in orbit in steady state: one row per satellites per
-- launch s x satellite lifetime L. A constellation of N satellites that each stay L years
-- needs N / L replacements a year, i.e. N = 12 * lambda * s * L with lambda launches a month:
-- lambda = N / (12 * s * L).

with

satellites_per_launch as (

    select cast(satellites_per_launch as integer) as satellites_per_launch
    from (
        values {% for s in var('starlink_requirements_satellites_per_launch') -%}
            ({{ s }}){% if not loop.last %}, {% endif %}
        {%- endfor %}
    ) as payloads (satellites_per_launch)

),

lifetimes as (

    select cast(lifetime_years as integer) as lifetime_years
    from (
        values {% for l in var('starlink_requirements_lifetime_years') -%}
            ({{ l }}){% if not loop.last %}, {% endif %}
        {%- endfor %}
    ) as lifetime_list (lifetime_years)

),

final as (

    select
        satellites_per_launch.satellites_per_launch,
        lifetimes.lifetime_years,
        cast({{ var('starlink_target_satellites') }} as integer) as target_satellites,
        cast(
            {{ var('starlink_target_satellites') }}
            / (12.0 * satellites_per_launch.satellites_per_launch * lifetimes.lifetime_years)
            as numeric(10, 2)
        ) as launches_per_month_needed,
        cast(
            {{ var('starlink_target_satellites') }}
            / (1.0 * satellites_per_launch.satellites_per_launch * lifetimes.lifetime_years)
            as numeric(10, 1)
        ) as launches_per_year_needed,
        {{ transformation_updated_at() }} as transformation_updated_at
    from satellites_per_launch
    cross join lifetimes

)

select * from final

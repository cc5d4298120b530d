-- The parameters of every simulated path: one row per run x path. Draws are seeded
-- (macros/starlink_forecast.sql) by origin and path, not by run, so every scenario or method
-- of one origin shares them (common random numbers: scenarios differ only by their
-- assumptions). With z standard normal draws and W = `starlink_interval_widening_factor`:
--   * level       = the cadence model's level + W z_level * its standard error,
--   * growth_rate = its growth rate + W z_growth * its standard error
--     (level and growth rate are uncorrelated in the centred parametrisation);
--   * flat_launches_per_month = the flat cadence * exp(W z_flat * its log standard error);
--   * satellites_per_launch   = the recent mean + W z_payload * its standard error (>= 1);
--   * variant = 1 + (path - 1) mod `starlink_lifetime_variants`, the lifetime it follows.

{% set widening = var('starlink_interval_widening_factor') %}
{% set seed = var('starlink_forecast_seed') %}
{% set variants = var('starlink_lifetime_variants') %}

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}

),

path_uniforms as materialized (

    select
        runs.run_key,
        path_series.path,
        1 + (path_series.path - 1) % {{ variants }} as variant,
        {% for stream in ['level', 'growth', 'flat', 'payload'] -%}
        {{ starlink_uniform("'" ~ seed ~ ":' || runs.origin_date || ':' || path_series.path || ':" ~ stream ~ "'") }}
            as u_{{ stream }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from runs
    cross join generate_series(1, runs.paths) as path_series (path)

),

paths as materialized (

    select
        run_key,
        path,
        variant,
        {% for stream in ['level', 'growth', 'flat', 'payload'] -%}
        {{ starlink_normal_quantile('u_' ~ stream) }} as z_{{ stream }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from path_uniforms

),

final as (

    select
        paths.run_key,
        cast(paths.path as integer) as path,
        cast(paths.variant as integer) as variant,
        paths.z_level,
        paths.z_growth,
        runs.level_at_x_mean + {{ widening }} * paths.z_level * runs.level_se as level,
        runs.growth_rate + {{ widening }} * paths.z_growth * runs.growth_rate_se as growth_rate,
        runs.flat_launches_per_month
        * exp({{ widening }} * paths.z_flat * runs.flat_level_se) as flat_launches_per_month,
        greatest(
            1, runs.satellites_per_launch + {{ widening }} * paths.z_payload * runs.satellites_per_launch_se
        ) as satellites_per_launch
    from paths
    inner join runs
        on paths.run_key = runs.run_key

)

select * from final

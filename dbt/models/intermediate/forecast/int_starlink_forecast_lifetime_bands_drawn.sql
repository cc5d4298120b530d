-- The lifetime model of the simulation: a piecewise-constant monthly hazard by age band, one
-- row per origin x lifetime variant x age band. Variant v (1..`starlink_lifetime_variants`)
-- is the lifetime drawn for the paths p with 1 + (p - 1) mod V = v.
--
-- Bands:
--   * observed: ages observed at the origin (up to observed_max_age of
--     int_starlink_forecast_survival_estimated), cut at the lower bounds
--     `starlink_survival_age_bands`; hazard = decays / satellites at risk summed over the
--     band's ages (the life-table / piecewise-exponential estimate of the Kaplan-Meier data);
--   * tail: from the first unobserved age to just before the planned de-orbit age, the tail
--     hazard times exp(W z1 / sqrt(tail decays)) (its Poisson uncertainty on the log scale);
--   * de-orbit: from the planned de-orbit age `starlink_planned_deorbit_age_months`
--     + W z2 `starlink_planned_deorbit_age_sd_months` (rounded up, and never inside the
--     observed ages) on, at least 1 / `starlink_deorbit_spread_months`.
-- z1, z2 are the variant's seeded standard normal draws, W `starlink_interval_widening_factor`.
-- Hazards are kept <= 0.5 a month (the simulation's geometric sums stay finite).
-- survival_before = probability of being in orbit at the end of age month (age_from - 1).

{% set variants = var('starlink_lifetime_variants') %}
{% set widening = var('starlink_interval_widening_factor') %}
{% set seed = var('starlink_forecast_seed') %}
{% set band_starts = var('starlink_survival_age_bands') %}

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

km as (

    select * from {{ ref('int_starlink_forecast_survival_estimated') }}

),

tails as (

    select distinct
        origin_key,
        observed_max_age,
        tail_hazard,
        tail_decays
    from km

),

band_starts as (

    select
        band_start,
        lead(band_start) over (order by band_start) - 1 as band_end
    from (
        values {% for start in band_starts -%}
            ({{ start }}){% if not loop.last %}, {% endif %}
        {%- endfor %}
    ) as starts (band_start)

),

observed_bands as (

    select
        km.origin_key,
        band_starts.band_start as age_from,
        least(coalesce(band_starts.band_end, km.observed_max_age), km.observed_max_age) as age_to,
        cast(sum(km.decays) as double precision) / sum(km.at_risk) as hazard
    from km
    inner join band_starts
        on
            km.age_months >= band_starts.band_start
            and (band_starts.band_end is null or km.age_months <= band_starts.band_end)
    where km.age_months <= km.observed_max_age
    group by km.origin_key, band_starts.band_start, band_starts.band_end, km.observed_max_age

),

variant_uniforms as materialized (

    select
        origins.origin_key,
        variant_series.variant,
        {{ starlink_uniform("'" ~ seed ~ ":' || origins.origin_date || ':' || variant_series.variant || ':tail'") }}
            as u_tail,
        {{ starlink_uniform("'" ~ seed ~ ":' || origins.origin_date || ':' || variant_series.variant || ':deorbit'") }}
            as u_deorbit
    from origins
    cross join generate_series(1, {{ variants }}) as variant_series (variant)

),

variants as materialized (

    select
        variant_uniforms.origin_key,
        variant_uniforms.variant,
        tails.observed_max_age,
        coalesce(tails.tail_hazard, 0) * exp(
            {{ widening }} * {{ starlink_normal_quantile('variant_uniforms.u_tail') }}
            / sqrt(greatest(coalesce(tails.tail_decays, 0), 1))
        ) as tail_hazard,
        greatest(
            tails.observed_max_age + 1,
            cast(ceil(
                {{ var('starlink_planned_deorbit_age_months') }}
                + {{ widening }} * {{ var('starlink_planned_deorbit_age_sd_months') }}
                * {{ starlink_normal_quantile('variant_uniforms.u_deorbit') }}
            ) as integer)
        ) as deorbit_age_months
    from variant_uniforms
    inner join tails
        on variant_uniforms.origin_key = tails.origin_key

),

bands as (

    select
        variants.origin_key,
        variants.variant,
        'observed' as band_kind,
        observed_bands.age_from,
        observed_bands.age_to,
        observed_bands.hazard
    from variants
    inner join observed_bands
        on variants.origin_key = observed_bands.origin_key

    union all

    select
        origin_key,
        variant,
        'tail' as band_kind,
        observed_max_age + 1 as age_from,
        deorbit_age_months - 1 as age_to,
        tail_hazard as hazard
    from variants
    where deorbit_age_months > observed_max_age + 1

    union all

    select
        origin_key,
        variant,
        'deorbit' as band_kind,
        deorbit_age_months as age_from,
        cast(null as integer) as age_to,
        greatest(tail_hazard, 1.0 / {{ var('starlink_deorbit_spread_months') }}) as hazard
    from variants

),

final as (

    select
        origin_key,
        variant,
        cast(row_number() over (partition by origin_key, variant order by age_from) as integer) as band_index,
        band_kind,
        cast(age_from as integer) as age_from,
        cast(age_to as integer) as age_to,
        least(0.5, hazard) as hazard,
        exp(coalesce(sum(ln(1 - least(0.5, hazard)) * (age_to - age_from + 1)) over (
            partition by origin_key, variant
            order by age_from
            rows between unbounded preceding and 1 preceding
        ), 0)) as survival_before
    from bands

)

select * from final

-- Same seed, same numbers: the simulation's random numbers are hashes of their keys, so
-- they are the same on every run, plan and machine. Fails (returns rows) when
--   * a seeded uniform differs from md5(key) computed independently (Python's hashlib:
--     (first 32 bits + 0.5) / 2^32), or
--   * the normal quantile differs from Python's statistics.NormalDist().inv_cdf by > 1e-4 (Acklam's approximation is within 2e-5), or
--   * a Poisson draw over 20,000 evenly spread uniforms misses the Poisson mean by > 1% or its
--     variance by > 3% (means 0.5 to 40, across the exact and the Cornish-Fisher branches).

with

uniforms as (

    select
        key,
        expected,
        {{ starlink_uniform('key') }} as actual
    from (
        values
            ('42:2025-06-18:1:level', 0.7513771877856925),
            ('42:2025-06-18:2:growth', 0.7280482411151752),
            ('7:2030-01-31:500:12:launches', 0.2880497331498191)
    ) as known (key, expected)

),

quantile_inputs as (

    select
        cast(u as double precision) as u,
        expected
    from (
        values
            (0.001, -3.090232306167813),
            (0.02, -2.0537489106318225),
            (0.3, -0.5244005127080407),
            (0.5, 0.0),
            (0.77, 0.7388468491852137),
            (0.99, 2.3263478740408408),
            (0.9995, 3.2905267314919255)
    ) as known (u, expected)

),

quantiles as (

    select
        u,
        expected,
        {{ starlink_normal_quantile('u') }} as actual
    from quantile_inputs

),

poisson_inputs as materialized (

    select
        cast(means.mean as double precision) as mean,
        (grid.i - 0.5) / 20000.0 as u
    from (values (0.5), (3), (7.5), (12), (40)) as means (mean)
    cross join generate_series(1, 20000) as grid (i)

),

poisson_quantiles as materialized (

    select
        mean,
        u,
        {{ starlink_normal_quantile('u') }} as z
    from poisson_inputs

),

poisson_draws as (

    select
        mean,
        {{ starlink_poisson('mean', 'u', 'z') }} as draw
    from poisson_quantiles

),

poisson_moments as (

    select
        mean,
        avg(draw) as draw_mean,
        var_pop(draw) as draw_variance
    from poisson_draws
    group by mean

)

select 'uniform ' || key as failure from uniforms where actual <> expected
union all
select 'normal quantile at ' || u from quantiles where abs(actual - expected) > 1e-4
union all
select 'poisson mean ' || mean || ': ' || draw_mean || ', variance ' || draw_variance
from poisson_moments
where abs(draw_mean - mean) > 0.01 * mean or abs(draw_variance - mean) > 0.03 * mean

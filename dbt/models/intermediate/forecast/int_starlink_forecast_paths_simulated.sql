-- The simulation: one row per run x path x projected month m (0 = the origin, then each
-- calendar month after the origin's month, to the run's horizon). Runs are the forecast's
-- scenarios and the backtest's methods (int_starlink_forecast_runs_defined).
--
-- Per path (parameters drawn in int_starlink_forecast_paths_drawn):
--   * cadence, growth model: ln(lambda_t) = level + growth_rate * (x_t - x_mean)
--     (int_starlink_forecast_cadence_fitted); flat model: the path's flat mean; capped at
--     the Falcon 9 ceiling in that scenario;
--   * launches in month m ~ Poisson(lambda * exposure), exposure 1, plus in the first
--     projected month the rest of the origin's month; launches already known after the
--     origin (the SpaceX API lists launches past its satellite cut-off) are taken as they
--     happened instead;
--   * satellites per launch: the path's, or the heavy-lift payload from the scenario's
--     start month;
--   * lifetime: the path's lifetime variant (int_starlink_forecast_lifetime_bands_drawn).
-- In orbit at the end of month m = the satellites in orbit at the origin still there
-- (int_starlink_forecast_survivors_projected) + sum over earlier months k of the satellites
-- launched in k times S(m - k) (S: the variant's survival by age): expected survivors of
-- each cohort, not satellite by satellite. Without retirements, every satellite stays.

{% set seed = var('starlink_forecast_seed') %}

with

runs as (

    select * from {{ ref('int_starlink_forecast_runs_defined') }}

),

launch_months as (

    select * from {{ ref('int_starlink_forecast_launches_counted') }}

),

lifetime_bands as (

    select * from {{ ref('int_starlink_forecast_lifetime_bands_drawn') }}

),

survivors as (

    select * from {{ ref('int_starlink_forecast_survivors_projected') }}

),

path_parameters as (

    select * from {{ ref('int_starlink_forecast_paths_drawn') }}

),

known_launches as (

    select
        runs.run_key,
        greatest(
            1, {{ starlink_months_between('runs.origin_month', 'launch_months.month_start') }}
        ) as month_number,
        sum(launch_months.launches_after_origin) as launches
    from runs
    inner join launch_months
        on
            runs.origin_key = launch_months.origin_key
            and launch_months.launches_after_origin > 0
    group by runs.run_key, month_number

),

cadence_months as (

    select
        runs.run_key,
        runs.origin_date,
        path_parameters.path,
        path_parameters.variant,
        month_series.month_number,
        case
            when runs.heavy_lift_from_month is not null
                and month_series.month_number >= runs.heavy_lift_from_month
                then runs.heavy_lift_satellites_per_launch
            else path_parameters.satellites_per_launch
        end as satellites_per_launch,
        month_series.month_number <= runs.known_launches_through_month as is_launches_known,
        case
            when month_series.month_number = 1 and runs.known_launches_through_month < 1
                then 1 + runs.origin_month_remaining_fraction
            else 1
        end as exposure,
        least(
            coalesce(runs.cadence_ceiling, 'infinity'::double precision),
            case
                when runs.cadence_model = 'flat' then path_parameters.flat_launches_per_month
                -- ln(cadence) kept within -30..10 (no underflow, no overflow)
                else exp(least(10, greatest(-30,
                    path_parameters.level + path_parameters.growth_rate * (
                        case
                            when runs.damping >= 1 then runs.origin_month_index + month_series.month_number
                            else (1 - power(runs.damping, runs.origin_month_index + month_series.month_number))
                            / (1 - runs.damping)
                        end
                        - runs.x_mean
                    )
                )))
            end
        ) as cadence
    from runs
    inner join path_parameters
        on runs.run_key = path_parameters.run_key
    cross join generate_series(1, runs.horizon_months) as month_series (month_number)

),

launch_uniforms as materialized (

    select
        cadence_months.*,
        cadence_months.cadence * cadence_months.exposure as expected_launches,
        {{ starlink_uniform("'" ~ seed ~ ":' || cadence_months.origin_date || ':' || cadence_months.path || ':' || cadence_months.month_number || ':launches'") }}
            as u_launches
    from cadence_months

),

launch_draws as materialized (

    select
        *,
        {{ starlink_normal_quantile('u_launches') }} as z_launches
    from launch_uniforms

),

launched as materialized (

    select
        launch_draws.run_key,
        launch_draws.path,
        launch_draws.variant,
        launch_draws.month_number,
        launch_draws.cadence,
        cast(
            case
                when launch_draws.is_launches_known then coalesce(known_launches.launches, 0)
                else {{ starlink_poisson('launch_draws.expected_launches', 'launch_draws.u_launches', 'launch_draws.z_launches') }}
            end
            as double precision
        ) as launches,
        launch_draws.satellites_per_launch
    from launch_draws
    left join known_launches
        on
            launch_draws.run_key = known_launches.run_key
            and launch_draws.month_number = known_launches.month_number

),

-- Satellites launched after the origin still in orbit: with N_k launched in month k and a
-- hazard constant (r = 1 - hazard) within each age band [lo, hi], band b contributes to
-- month m
--     S(lo - 1) * sum over k with lo <= m - k <= hi of N_k r^(m - k - lo + 1)
--   = S(lo - 1) * (r R(m - lo) - r^(hi - lo + 2) R(m - hi - 1)),
-- where R(j) = sum over k <= j of N_k r^(j - k) = r^j * (running sum of N_k r^-k) and
-- R(j) = 0 for j < 1: one running sum and two lags per band instead of a sum over every
-- earlier cohort (exact for the banded hazard).
band_terms as (

    select
        launched.run_key,
        launched.path,
        launched.month_number,
        bands.band_index,
        bands.age_from,
        bands.age_to,
        bands.survival_before,
        1 - bands.hazard as r,
        power(1 - bands.hazard, launched.month_number) * sum(
            launched.launches * launched.satellites_per_launch
            * power(1 - bands.hazard, -launched.month_number)
        ) over (
            partition by launched.run_key, launched.path, bands.band_index
            order by launched.month_number
            rows between unbounded preceding and current row
        ) as running_sum
    from launched
    inner join runs
        on launched.run_key = runs.run_key
    inner join lifetime_bands as bands
        on
            runs.origin_key = bands.origin_key
            and launched.variant = bands.variant
            and bands.age_from <= runs.horizon_months
    where runs.has_retirements

),

band_contributions as (

    select
        run_key,
        path,
        month_number,
        survival_before * (
            r * lag(running_sum, age_from, cast(0 as double precision)) over band_months
            - case
                when age_to is null then 0
                else power(r, age_to - age_from + 2)
                    * lag(running_sum, least(age_to + 1, 100000), cast(0 as double precision)) over band_months
            end
        ) as satellites_in_orbit
    from band_terms
    window band_months as (
        partition by run_key, path, band_index
        order by month_number
    )

),

new_cohorts_in_orbit as (

    select
        run_key,
        path,
        month_number,
        sum(satellites_in_orbit) as satellites_in_orbit
    from band_contributions
    group by run_key, path, month_number

),

projected as (

    select
        launched.run_key,
        launched.path,
        launched.variant,
        launched.month_number,
        launched.cadence,
        launched.launches,
        launched.launches * launched.satellites_per_launch as satellites_launched,
        sum(launched.launches) over cumulative as launches_to_date,
        sum(launched.launches * launched.satellites_per_launch) over cumulative as satellites_launched_to_date
    from launched
    window cumulative as (
        partition by launched.run_key, launched.path
        order by launched.month_number
        rows between unbounded preceding and current row
    )

),

origin_rows as (

    select
        path_parameters.run_key,
        path_parameters.path,
        path_parameters.variant,
        0 as month_number,
        cast(null as double precision) as cadence,
        cast(0 as double precision) as launches,
        cast(0 as double precision) as satellites_launched,
        cast(0 as double precision) as launches_to_date,
        cast(0 as double precision) as satellites_launched_to_date
    from path_parameters

),

all_months as (

    select * from origin_rows
    union all
    select * from projected

),

final as (

    select
        all_months.run_key,
        runs.origin_key,
        runs.scenario_name,
        all_months.path,
        all_months.month_number,
        cast(runs.origin_month + make_interval(months => all_months.month_number) as date) as month,
        all_months.cadence,
        all_months.launches,
        all_months.satellites_launched,
        all_months.launches_to_date,
        case
            when runs.has_retirements
                then survivors.satellites_in_orbit + coalesce(new_cohorts_in_orbit.satellites_in_orbit, 0)
            else at_origin.satellites_in_orbit + all_months.satellites_launched_to_date
        end as satellites_in_orbit
    from all_months
    inner join runs
        on all_months.run_key = runs.run_key
    inner join survivors
        on
            runs.origin_key = survivors.origin_key
            and all_months.variant = survivors.variant
            and all_months.month_number = survivors.month_number
    inner join survivors as at_origin
        on
            runs.origin_key = at_origin.origin_key
            and at_origin.variant = 1
            and at_origin.month_number = 0
    left join new_cohorts_in_orbit
        on
            all_months.run_key = new_cohorts_in_orbit.run_key
            and all_months.path = new_cohorts_in_orbit.path
            and all_months.month_number = new_cohorts_in_orbit.month_number

)

select * from final

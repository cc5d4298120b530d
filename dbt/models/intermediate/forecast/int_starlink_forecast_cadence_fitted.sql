-- The launch cadence model, fitted at each origin on every complete month of known launches
-- (int_starlink_forecast_launches_counted): one row per origin.
--
-- Growth model: monthly launches y_t ~ Poisson(lambda_t), a log-linear trend damped toward a
-- ceiling,
--     ln(lambda_t) = a + b * x_t,   x_t = (1 - phi^t) / (1 - phi)   (x_t = t when phi = 1),
-- t = months since the start of the history. b is the monthly growth rate at the start and
-- the growth rate decays by the factor phi every month, so ln(lambda) levels off at
-- a + b / (1 - phi) (phi = 1: plain exponential growth). For each phi of the grid
-- `starlink_cadence_damping_grid`, a and b are fitted by maximum likelihood with iteratively
-- reweighted least squares (`starlink_cadence_irls_iterations` iterations, unrolled, from the
-- least-squares fit of ln(y + 0.5)); the phi with the smallest deviance wins (profile
-- likelihood). Standard errors come from the Fisher information at the optimum, inflated by
-- the Pearson dispersion (quasi-Poisson; launches are over-dispersed, e.g. the 2021 pause),
-- and are reported for the centred parametrisation
--     ln(lambda_t) = level + b * (x_t - x_mean),   x_mean = the Fisher-weighted mean of x,
-- in which level and b are uncorrelated: the simulation draws them independently.
--
-- The flat cadence (the backtest's flat_cadence and naive methods) is the mean of the last
-- `starlink_flat_cadence_window_months` complete months, with the standard error of a
-- Poisson mean on the log scale, 1 / sqrt(launches in the window).

{% set iterations = var('starlink_cadence_irls_iterations') %}
{% set flat_window = var('starlink_flat_cadence_window_months') %}

with

launch_months as (

    select * from {{ ref('int_starlink_forecast_launches_counted') }}

),

damping_grid as (

    select cast(damping as double precision) as damping
    from (
        values {% for phi in var('starlink_cadence_damping_grid') -%}
            ({{ phi }}){% if not loop.last %}, {% endif %}
        {%- endfor %}
    ) as grid (damping)

),

design as (

    select
        launch_months.origin_key,
        damping_grid.damping,
        launch_months.month_index,
        cast(launch_months.launches as double precision) as y,
        case
            when damping_grid.damping >= 1 then cast(launch_months.month_index as double precision)
            else (1 - power(damping_grid.damping, launch_months.month_index)) / (1 - damping_grid.damping)
        end as x
    from launch_months
    cross join damping_grid

),

-- starting values: least squares on ln(y + 0.5)
fit_0 as (

    select
        origin_key,
        damping,
        regr_intercept(ln(y + 0.5), x) as a,
        regr_slope(ln(y + 0.5), x) as b
    from design
    group by origin_key, damping

),

{% for i in range(1, iterations + 1) %}
-- IRLS step {{ i }}: weights mu, working response eta + (y - mu) / mu, weighted least squares
working_{{ i }} as (

    select
        design.origin_key,
        design.damping,
        design.x,
        exp(fit_{{ i - 1 }}.a + fit_{{ i - 1 }}.b * design.x) as w,
        fit_{{ i - 1 }}.a + fit_{{ i - 1 }}.b * design.x
        + (design.y - exp(fit_{{ i - 1 }}.a + fit_{{ i - 1 }}.b * design.x))
        / exp(fit_{{ i - 1 }}.a + fit_{{ i - 1 }}.b * design.x) as z
    from design
    inner join fit_{{ i - 1 }}
        on
            design.origin_key = fit_{{ i - 1 }}.origin_key
            and design.damping = fit_{{ i - 1 }}.damping

),

fit_{{ i }} as (

    select
        origin_key,
        damping,
        sum(w * z) / sum(w)
        - (
            (sum(w * x * z) - sum(w * x) * sum(w * z) / sum(w))
            / nullif(sum(w * x * x) - sum(w * x) * sum(w * x) / sum(w), 0)
        ) * sum(w * x) / sum(w) as a,
        (sum(w * x * z) - sum(w * x) * sum(w * z) / sum(w))
        / nullif(sum(w * x * x) - sum(w * x) * sum(w * x) / sum(w), 0) as b
    from working_{{ i }}
    group by origin_key, damping

),
{% endfor %}

fit_statistics as (

    select
        design.origin_key,
        design.damping,
        fit_{{ iterations }}.a,
        fit_{{ iterations }}.b,
        count(*) as months_fitted,
        sum(design.y) as launches_fitted,
        max(design.month_index) as last_month_index,
        2 * sum(
            case when design.y > 0 then design.y * ln(design.y / exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x)) else 0 end
            - (design.y - exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x))
        ) as deviance,
        sum(
            power(design.y - exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x), 2)
            / exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x)
        ) as pearson_chi2,
        sum(exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x)) as sum_w,
        sum(exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x) * design.x) as sum_wx,
        sum(exp(fit_{{ iterations }}.a + fit_{{ iterations }}.b * design.x) * design.x * design.x) as sum_wxx
    from design
    inner join fit_{{ iterations }}
        on
            design.origin_key = fit_{{ iterations }}.origin_key
            and design.damping = fit_{{ iterations }}.damping
    group by design.origin_key, design.damping, fit_{{ iterations }}.a, fit_{{ iterations }}.b

),

best_fit as (

    select
        *,
        row_number() over (
            partition by origin_key
            order by deviance nulls last, damping desc
        ) as deviance_rank
    from fit_statistics
    where a is not null and b is not null

),

flat as (

    select
        launch_months.origin_key,
        avg(launch_months.launches) as flat_launches_per_month,
        sum(launch_months.launches) as flat_window_launches
    from launch_months
    inner join (
        select origin_key, max(month_index) as last_month_index
        from launch_months
        group by origin_key
    ) as last_months
        on launch_months.origin_key = last_months.origin_key
    where launch_months.month_index > last_months.last_month_index - {{ flat_window }}
    group by launch_months.origin_key

),

final as (

    select
        best_fit.origin_key,
        best_fit.months_fitted,
        cast(best_fit.launches_fitted as integer) as launches_fitted,
        best_fit.last_month_index,
        best_fit.damping,
        best_fit.a as intercept,
        best_fit.b as growth_rate,
        best_fit.sum_wx / best_fit.sum_w as x_mean,
        best_fit.a + best_fit.b * best_fit.sum_wx / best_fit.sum_w as level_at_x_mean,
        greatest(1, best_fit.pearson_chi2 / greatest(best_fit.months_fitted - 2, 1)) as dispersion,
        sqrt(
            greatest(1, best_fit.pearson_chi2 / greatest(best_fit.months_fitted - 2, 1))
            / best_fit.sum_w
        ) as level_se,
        sqrt(
            greatest(1, best_fit.pearson_chi2 / greatest(best_fit.months_fitted - 2, 1))
            / nullif(best_fit.sum_wxx - best_fit.sum_wx * best_fit.sum_wx / best_fit.sum_w, 0)
        ) as growth_rate_se,
        best_fit.deviance,
        -- the fitted cadence in the last fitted month, its growth rate then (per year), and
        -- the level the damped trend tends to (null when undamped)
        exp(
            best_fit.a + best_fit.b * case
                when best_fit.damping >= 1 then best_fit.last_month_index
                else (1 - power(best_fit.damping, best_fit.last_month_index)) / (1 - best_fit.damping)
            end
        ) as fitted_launches_per_month_at_last_month,
        exp(12 * best_fit.b * power(best_fit.damping, best_fit.last_month_index)) - 1
            as growth_per_year_at_last_month,
        case
            when best_fit.damping < 1 then exp(best_fit.a + best_fit.b / (1 - best_fit.damping))
        end as ceiling_launches_per_month,
        flat.flat_launches_per_month,
        1 / sqrt(greatest(flat.flat_window_launches, 1)) as flat_level_se
    from best_fit
    inner join flat
        on best_fit.origin_key = flat.origin_key
    where best_fit.deviance_rank = 1

)

select * from final

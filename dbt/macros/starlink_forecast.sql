{#-
    Deterministic pseudo-random numbers for the Starlink forecast's simulation. Postgres'
    random() is not reproducible across plans, so every draw is a hash of its key (a text SQL
    expression naming the seed, origin, path, month and stream): the same key gives the same
    number on every run, plan and machine.
-#}

{#- Uniform on (0, 1): the first 32 bits of md5(key), centred in their bucket (never 0 or 1). -#}
{% macro starlink_uniform(key_sql) -%}
    (
        (cast(cast(('x' || substr(md5({{ key_sql }}), 1, 8)) as bit(32)) as bigint) + 0.5)
        / cast(4294967296 as double precision)
    )
{%- endmacro %}

{#-
    Standard normal quantile of the uniform column `u` (inverse CDF, Acklam's rational
    approximation, absolute error < 2e-5 in the tails). `u` should be a column, not an expression: it is
    repeated.
-#}
{% macro starlink_normal_quantile(u) -%}
    case
        when {{ u }} < 0.02425 then
            (((((-7.784894002430293e-03 * sqrt(-2 * ln({{ u }})) - 3.223964580411365e-01)
            * sqrt(-2 * ln({{ u }})) - 2.400758277161838e+00) * sqrt(-2 * ln({{ u }}))
            - 2.549671636319520e+00) * sqrt(-2 * ln({{ u }})) + 4.374664141464968e+00)
            * sqrt(-2 * ln({{ u }})) + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * sqrt(-2 * ln({{ u }})) + 3.224671290700398e-01)
            * sqrt(-2 * ln({{ u }})) + 2.445134137142996e+00) * sqrt(-2 * ln({{ u }}))
            + 3.754408661907416e+00) * sqrt(-2 * ln({{ u }})) + 1)
        when {{ u }} > 1 - 0.02425 then
            -(((((-7.784894002430293e-03 * sqrt(-2 * ln(1 - {{ u }})) - 3.223964580411365e-01)
            * sqrt(-2 * ln(1 - {{ u }})) - 2.400758277161838e+00) * sqrt(-2 * ln(1 - {{ u }}))
            - 2.549671636319520e+00) * sqrt(-2 * ln(1 - {{ u }})) + 4.374664141464968e+00)
            * sqrt(-2 * ln(1 - {{ u }})) + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * sqrt(-2 * ln(1 - {{ u }})) + 3.224671290700398e-01)
            * sqrt(-2 * ln(1 - {{ u }})) + 2.445134137142996e+00) * sqrt(-2 * ln(1 - {{ u }}))
            + 3.754408661907416e+00) * sqrt(-2 * ln(1 - {{ u }})) + 1)
        else
            (((((-3.969683028665376e+01 * power({{ u }} - 0.5, 2) + 2.209460984245205e+02)
            * power({{ u }} - 0.5, 2) - 2.759285104469687e+02) * power({{ u }} - 0.5, 2)
            + 1.383577518672690e+02) * power({{ u }} - 0.5, 2) - 3.066479806614716e+01)
            * power({{ u }} - 0.5, 2) + 2.506628277459239e+00) * ({{ u }} - 0.5)
            / (((((-5.447609879822406e+01 * power({{ u }} - 0.5, 2) + 1.615858368580409e+02)
            * power({{ u }} - 0.5, 2) - 1.556989798598866e+02) * power({{ u }} - 0.5, 2)
            + 6.680131188771972e+01) * power({{ u }} - 0.5, 2) - 1.328068155288572e+01)
            * power({{ u }} - 0.5, 2) + 1)
    end
{%- endmacro %}

{#-
    A Poisson draw with mean `mean` (a column) from the uniform column `u`, by inverse CDF:
    exact for 0..7 when the mean is at most 25 (the cumulative probabilities are written out),
    beyond that the
    Cornish–Fisher quantile floor(mean + z·sqrt(mean) + (z² − 1)/6 + 1/2) with z the normal
    quantile of the same uniform (`z`, a column), never below 8. Mean and variance agree with
    the Poisson's within 1% for every mean (checked from 0.3 to 30).
-#}
{% macro starlink_poisson(mean, u, z) -%}
    case
        when {{ mean }} <= 0 then 0
        -- P(N <= 7) < 1e-5 from a mean of 25: straight to the approximation
        when {{ mean }} > 25 then greatest(
            8,
            floor({{ mean }} + {{ z }} * sqrt({{ mean }}) + (power({{ z }}, 2) - 1) / 6 + 0.5)
        )
        {%- for k in range(8) %}
        when {{ u }} <= exp(-least({{ mean }}, 700)) * (
            {%- for j in range(k + 1) -%}
                {%- if j > 0 %} + {% endif -%}
                power({{ mean }}, {{ j }}) / {{ [1, 1, 2, 6, 24, 120, 720, 5040][j] }}
            {%- endfor -%}
        ) then {{ k }}
        {%- endfor %}
        else greatest(
            8,
            floor({{ mean }} + {{ z }} * sqrt({{ mean }}) + (power({{ z }}, 2) - 1) / 6 + 0.5)
        )
    end
{%- endmacro %}

{#- Whole calendar months from the month of `start_sql` to the month of `end_sql` (dates). -#}
{% macro starlink_months_between(start_sql, end_sql) -%}
    cast(
        (extract(year from {{ end_sql }}) - extract(year from {{ start_sql }})) * 12
        + extract(month from {{ end_sql }}) - extract(month from {{ start_sql }})
        as integer
    )
{%- endmacro %}

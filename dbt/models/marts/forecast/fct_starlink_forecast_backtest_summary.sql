-- Backtest scores per method x horizon: origins scored, mean absolute percentage error of
-- the P50 and coverage (share of origins whose actual fell within P10..P90; 0.8 is the
-- nominal). The headline method is, among the methods of var starlink_headline_methods (not
-- the naive line), the one with the smallest mean APE averaged over the horizons (ties:
-- coverage closest to 0.8, then fitted first).

with

backtest as (

    select * from {{ ref('fct_starlink_forecast_backtest') }}

),

scores as (

    select
        method,
        horizon_months,
        cast(count(*) as integer) as origins,
        cast(avg(abs_pct_error) as numeric(10, 6)) as mean_abs_pct_error,
        cast(avg(case when is_covered then 1.0 else 0.0 end) as numeric(10, 6)) as coverage
    from backtest
    group by method, horizon_months

),

method_ranks as (

    select
        method,
        row_number() over (
            order by
                case
                    when method in (
                        {%- for method in var('starlink_headline_methods') %}
                        '{{ method }}'{{ ',' if not loop.last }}
                        {%- endfor %}
                    ) then 0
                    else 1
                end,
                avg(mean_abs_pct_error),
                abs(avg(coverage) - 0.8),
                case when method = 'fitted' then 0 else 1 end
        ) as method_rank
    from scores
    group by method

),

final as (

    select
        scores.method,
        scores.horizon_months,
        scores.origins,
        scores.mean_abs_pct_error,
        scores.coverage,
        method_ranks.method_rank = 1 as is_headline_method,
        {{ transformation_updated_at() }} as transformation_updated_at
    from scores
    inner join method_ranks
        on scores.method = method_ranks.method

)

select * from final

-- Every date the forecast starts from: the data's as-of date (origin_kind 'forecast') and the
-- backtest's rolling origins (origin_kind 'backtest'), one row each.
--
-- * forecast: the state (satellites in orbit) is as of the data's as-of date; launches are
--   known up to the latest Starlink launch in the data, which is later than the as-of date
--   when the SpaceX API lists launches after its satellite cut-off (2021-10 -> 2022-09).
-- * backtest: month ends every `starlink_backtest_interval_months` months back from the last
--   complete month before the as-of month, as long as `starlink_backtest_min_history_months`
--   months of launches precede them. Everything at a backtest origin is known only up to the
--   origin date itself (launches, decays and satellites after it are excluded downstream).
-- Months are indexed from the first month of history (`starlink_history_start_month`):
-- the cadence is fitted on complete months from there to `last_fit_month`.

{% set interval_months = var('starlink_backtest_interval_months') %}
{% set min_history_months = var('starlink_backtest_min_history_months') %}

with

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

launches as (

    select * from {{ ref('int_starlink__launches_unified') }}

),

data_bounds as (

    select
        max(satellites.as_of_date) as as_of_date,
        case
            when bool_or(satellites.source = 'spacetrack') then 'spacex_api+spacetrack'
            else 'spacex_api'
        end as data_sources,
        greatest(
            cast(date_trunc('month', min(satellites.launch_date)) as date),
            cast('{{ var("starlink_history_start_month") }}' as date)
        ) as history_start_month
    from satellites

),

launch_bounds as (

    select max(launch_date) as latest_launch_date
    from launches

),

forecast_origin as (

    select
        'forecast' as origin_kind,
        data_bounds.as_of_date as origin_date,
        greatest(
            data_bounds.as_of_date, coalesce(launch_bounds.latest_launch_date, data_bounds.as_of_date)
        ) as launches_known_until
    from data_bounds
    cross join launch_bounds

),

backtest_origins as (

    select
        'backtest' as origin_kind,
        cast(
            date_trunc('month', data_bounds.as_of_date)
            - make_interval(months => {{ interval_months }} * origin_series.origins_back)
            - interval '1 day'
            as date
        ) as origin_date
    from data_bounds
    cross join generate_series(1, 1000) as origin_series (origins_back)
    where
        date_trunc('month', data_bounds.as_of_date)
        - make_interval(months => {{ interval_months }} * origin_series.origins_back)
        >= data_bounds.history_start_month + make_interval(months => {{ min_history_months }})

),

origins as (

    select
        origin_kind,
        origin_date,
        launches_known_until
    from forecast_origin

    union all

    select
        origin_kind,
        origin_date,
        origin_date as launches_known_until
    from backtest_origins

),

final as (

    select
        case
            when origins.origin_kind = 'forecast' then 'forecast'
            else 'backtest ' || to_char(origins.origin_date, 'YYYY-MM-DD')
        end as origin_key,
        origins.origin_kind,
        origins.origin_kind = 'backtest' as is_backtest,
        origins.origin_date,
        cast(date_trunc('month', origins.origin_date) as date) as origin_month,
        origins.launches_known_until,
        -- the last complete month of known launches
        cast(
            date_trunc('month', origins.launches_known_until + 1) - interval '1 month' as date
        ) as last_fit_month,
        data_bounds.history_start_month,
        data_bounds.as_of_date as data_as_of_date,
        data_bounds.data_sources,
        {{ starlink_months_between('data_bounds.history_start_month', 'origins.origin_date') }}
            as origin_month_index,
        case
            when origins.origin_kind = 'forecast' then {{ starlink_months_between(
                'origins.origin_date',
                "cast('" ~ var('starlink_forecast_horizon_month') ~ "' as date)"
            ) }}
            else {{ var('starlink_backtest_horizons') | max }}
        end as horizon_months,
        -- the as-of month's days after the origin date, as a fraction of that month: launches
        -- in them belong to the first projected month (0 at a backtest origin, a month end)
        cast(
            (
                cast(date_trunc('month', origins.origin_date) + interval '1 month' as date)
                - origins.origin_date - 1
            ) as double precision
        )
        / (
            cast(date_trunc('month', origins.origin_date) + interval '1 month' as date)
            - cast(date_trunc('month', origins.origin_date) as date)
        ) as origin_month_remaining_fraction
    from origins
    cross join data_bounds

)

select * from final

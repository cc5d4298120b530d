-- The satellites already in orbit at each origin, projected: one row per origin x lifetime
-- variant x projected month m (0 = the origin, then the calendar months after the origin's
-- month, to its horizon). A satellite in orbit at the origin at age a (months since its
-- launch month) is still in orbit at the end of month m with probability
-- S(a + m) / S(a), S the variant's survival curve (int_starlink_forecast_lifetimes_drawn):
-- expected survivors per age cohort, summed. At m = 0 this is exactly the observed count.
-- A backtest origin knows only satellites launched by then and re-entries by then.

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

lifetimes as (

    select * from {{ ref('int_starlink_forecast_lifetimes_drawn') }}

),

histories as (

    select
        launch_date,
        coalesce(
            decay_date,
            case when not is_in_orbit then as_of_date end
        ) as decayed_on
    from satellites

),

in_orbit_at_origin as (

    select
        origins.origin_key,
        origins.horizon_months,
        {{ starlink_months_between('histories.launch_date', 'origins.origin_date') }} as age_months,
        count(*) as satellites
    from origins
    inner join histories
        on
            histories.launch_date <= origins.origin_date
            and (histories.decayed_on is null or histories.decayed_on > origins.origin_date)
    group by origins.origin_key, origins.horizon_months, age_months

),

projected as (

    select
        in_orbit_at_origin.origin_key,
        now_alive.variant,
        later.age_months - in_orbit_at_origin.age_months as month_number,
        sum(in_orbit_at_origin.satellites * later.survival / nullif(now_alive.survival, 0))
            as satellites_in_orbit
    from in_orbit_at_origin
    inner join lifetimes as now_alive
        on
            in_orbit_at_origin.origin_key = now_alive.origin_key
            and in_orbit_at_origin.age_months = now_alive.age_months
    inner join lifetimes as later
        on
            now_alive.origin_key = later.origin_key
            and now_alive.variant = later.variant
            and later.age_months >= now_alive.age_months
            and later.age_months <= now_alive.age_months + in_orbit_at_origin.horizon_months
    group by in_orbit_at_origin.origin_key, now_alive.variant, month_number

),

final as (

    select
        origin_key,
        variant,
        cast(month_number as integer) as month_number,
        coalesce(satellites_in_orbit, 0) as satellites_in_orbit
    from projected

)

select * from final

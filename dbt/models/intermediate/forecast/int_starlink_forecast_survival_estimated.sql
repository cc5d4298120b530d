-- How long Starlink satellites stay in orbit, as known at each origin: a Kaplan-Meier
-- estimate of survival by age in whole calendar months since the launch month, one row per
-- origin x age observed.
--
-- Each satellite launched on or before the origin contributes its age at re-entry (an event,
-- when it re-entered on or before the origin) or its age at the origin (censored: still in
-- orbit then, whatever happened later). A satellite marked decayed without a decay date
-- re-entered on the data's as-of date. At age a: at_risk = satellites whose age at event or
-- censoring is >= a, decays = events at age a, hazard = decays / at_risk (censored satellites
-- count at risk in the month they are censored), survival = prod over ages <= a of
-- (1 - hazard): the probability of still being in orbit at the end of age month a.
--
-- Rows stop at observed_max_age, the oldest age with at least `starlink_survival_min_at_risk`
-- satellites at risk. Beyond it the simulation uses tail_hazard, a constant monthly hazard
-- (exponential tail): decays / at_risk summed over the last
-- `starlink_survival_tail_window_months` observed ages (tail_decays of them, for its
-- uncertainty), raised after the planned de-orbit age (see int_starlink_forecast_paths_simulated).

{% set min_at_risk = var('starlink_survival_min_at_risk') %}
{% set tail_window = var('starlink_survival_tail_window_months') %}

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

satellites as (

    select * from {{ ref('int_starlink__satellites_unified') }}

),

histories as (

    select
        origins.origin_key,
        origins.origin_date,
        satellites.launch_date,
        coalesce(
            satellites.decay_date,
            case when not satellites.is_in_orbit then satellites.as_of_date end
        ) as decayed_on
    from origins
    inner join satellites
        on satellites.launch_date <= origins.origin_date

),

durations as (

    select
        origin_key,
        coalesce(decayed_on <= origin_date, false) as is_decayed,
        greatest(
            0,
            case
                when decayed_on <= origin_date then {{ starlink_months_between('launch_date', 'decayed_on') }}
                else {{ starlink_months_between('launch_date', 'origin_date') }}
            end
        ) as age_months
    from histories

),

per_age as (

    select
        origin_key,
        age_months,
        count(*) filter (where is_decayed) as decays,
        count(*) filter (where not is_decayed) as censored
    from durations
    group by origin_key, age_months

),

ages as (

    select
        origin_key,
        age_series.age_months
    from (
        select origin_key, max(age_months) as max_age_months
        from durations
        group by origin_key
    ) as bounds
    cross join generate_series(0, bounds.max_age_months) as age_series (age_months)

),

life_table as (

    select
        ages.origin_key,
        ages.age_months,
        coalesce(per_age.decays, 0) as decays,
        coalesce(per_age.censored, 0) as censored,
        sum(coalesce(per_age.decays, 0) + coalesce(per_age.censored, 0)) over (
            partition by ages.origin_key
            order by ages.age_months desc
            rows between unbounded preceding and current row
        ) as at_risk
    from ages
    left join per_age
        on
            ages.origin_key = per_age.origin_key
            and ages.age_months = per_age.age_months

),

observed_span as (

    select
        origin_key,
        coalesce(max(age_months) filter (where at_risk >= {{ min_at_risk }}), -1) as observed_max_age
    from life_table
    group by origin_key

),

tail as (

    select
        life_table.origin_key,
        sum(life_table.decays) as tail_decays,
        sum(life_table.at_risk) as tail_at_risk
    from life_table
    inner join observed_span
        on life_table.origin_key = observed_span.origin_key
    where
        observed_span.observed_max_age < 0
        or (
            life_table.age_months <= observed_span.observed_max_age
            and life_table.age_months > observed_span.observed_max_age - {{ tail_window }}
        )
    group by life_table.origin_key

),

final as (

    select
        life_table.origin_key,
        life_table.age_months,
        cast(life_table.at_risk as integer) as at_risk,
        cast(life_table.decays as integer) as decays,
        cast(life_table.censored as integer) as censored,
        -- rounded to 10 decimals: exact enough, and equal on every machine
        cast(round(cast(cast(life_table.decays as double precision) / life_table.at_risk as numeric), 10)
            as double precision) as hazard,
        cast(round(cast(exp(sum(ln(greatest(1 - cast(life_table.decays as double precision) / life_table.at_risk, 1e-12))) over (
            partition by life_table.origin_key
            order by life_table.age_months
            rows between unbounded preceding and current row
        )) as numeric), 10) as double precision) as survival,
        observed_span.observed_max_age,
        cast(round(cast(cast(tail.tail_decays as double precision) / nullif(tail.tail_at_risk, 0) as numeric), 10)
            as double precision) as tail_hazard,
        cast(tail.tail_decays as integer) as tail_decays
    from life_table
    inner join observed_span
        on life_table.origin_key = observed_span.origin_key
    inner join tail
        on life_table.origin_key = tail.origin_key
    where life_table.age_months <= greatest(observed_span.observed_max_age, 0)

)

select * from final

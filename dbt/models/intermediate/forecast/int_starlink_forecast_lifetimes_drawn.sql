-- The simulation's survival curves by single month of age: one row per origin x lifetime
-- variant x age in months, from 0 to the oldest age a satellite in orbit at the origin can
-- reach by the horizon. survival = the probability of still being in orbit at the end of
-- age month a, from the variant's piecewise-constant hazards
-- (int_starlink_forecast_lifetime_bands_drawn): survival_before of the age's band times
-- (1 - hazard)^(a - age_from + 1). Used to project the satellites already in orbit.

with

origins as (

    select * from {{ ref('int_starlink_forecast_origins_listed') }}

),

bands as (

    select * from {{ ref('int_starlink_forecast_lifetime_bands_drawn') }}

),

first_launch as (

    select min(launch_date) as first_launch_date
    from {{ ref('int_starlink__satellites_unified') }}

),

ages as (

    select
        origins.origin_key,
        age_series.age_months
    from origins
    cross join first_launch
    cross join generate_series(
        0,
        {{ starlink_months_between('first_launch.first_launch_date', 'origins.origin_date') }}
        + origins.horizon_months
    ) as age_series (age_months)

),

final as (

    select
        ages.origin_key,
        bands.variant,
        ages.age_months,
        bands.hazard,
        bands.survival_before * power(1 - bands.hazard, ages.age_months - bands.age_from + 1)
            as survival
    from ages
    inner join bands
        on
            ages.origin_key = bands.origin_key
            and ages.age_months >= bands.age_from
            and (bands.age_to is null or ages.age_months <= bands.age_to)

)

select * from final

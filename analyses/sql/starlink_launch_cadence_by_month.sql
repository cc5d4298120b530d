-- Starlink launch cadence month by month: observed launches against the fitted growth model.
-- One row per month from the first Starlink launch: launches and satellites deployed observed
-- (null after the as-of date), the fitted cadence (launches per month) with its P10..P90 band,
-- and the observed launches' difference from the fit.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    cadence.month,
    cadence.is_observed,
    cadence.launches_observed,
    cadence.satellites_deployed_observed,
    round(cadence.satellites_deployed_observed::numeric / nullif(cadence.launches_observed, 0), 1) as satellites_per_launch_observed,
    cadence.cadence_fitted,
    cadence.cadence_p10,
    cadence.cadence_p90,
    cadence.launches_observed - cadence.cadence_fitted as launches_above_fit
from "analytics"."fct_starlink_launch_cadence_monthly" as cadence
order by cadence.month

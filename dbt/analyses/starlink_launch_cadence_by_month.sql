-- Starlink launch cadence month by month: observed launches, then the headline's projection.
-- One row per month from the first Starlink launch to the horizon: launches and satellites
-- deployed observed (null after the latest known launch), satellites per launch, and from the
-- as-of month the headline scenario's median launches per vehicle (Falcon 9, Starship).
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    cadence.month,
    cadence.is_observed,
    cadence.launches_observed,
    cadence.satellites_deployed_observed,
    round(cadence.satellites_deployed_observed::numeric / nullif(cadence.launches_observed, 0), 1) as satellites_per_launch_observed,
    cadence.headline_scenario_name,
    cadence.launches_falcon9_p50,
    cadence.launches_starship_p50,
    cadence.launches_p50
from {{ ref('fct_starlink_launch_cadence_monthly').include(database=false) }} as cadence
order by cadence.month

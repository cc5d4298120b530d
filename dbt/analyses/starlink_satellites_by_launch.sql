-- Every launch that carried Starlink satellites, with the satellites it deployed.
-- One row per launch (by its international designator YYYY-NNN where the satellites give one),
-- in date order: the satellites deployed (null: unknown, for API launches no satellite data
-- covers), the running total deployed, and the SpaceX API's launch id where the API lists it
-- (null for launches found only in Space-Track's catalogue).
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    launches.launch_designator,
    launches.launch_date,
    launches.launch_name,
    launches.launch_id as spacex_launch_id,
    launches.source,
    launches.satellites_deployed,
    sum(launches.satellites_deployed) over (order by launches.launch_date, launches.launch_key) as satellites_deployed_to_date
from {{ ref('fct_starlink_launches').include(database=false) }} as launches
order by launches.launch_date, launches.launch_key

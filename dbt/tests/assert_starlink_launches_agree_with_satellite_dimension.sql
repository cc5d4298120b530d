-- Per launch, fct_starlink_launches' counts equal the satellites dim_starlink_satellites
-- attributes to it (launch_key), and no launch with satellites is missing on either side
-- (launches without satellite data have satellites_deployed null and no satellites).
-- Returns the disagreeing launches.

with

from_satellites as (

    select
        launch_key,
        count(*) as satellites_deployed,
        count(*) filter (where is_in_orbit) as satellites_in_orbit
    from {{ ref('dim_starlink_satellites') }}
    group by launch_key

),

launches as (

    select * from {{ ref('fct_starlink_launches') }}
    where satellites_deployed is not null

)

select
    coalesce(from_satellites.launch_key, launches.launch_key) as launch_key,
    from_satellites.satellites_deployed as satellites_in_dimension,
    launches.satellites_deployed as satellites_in_fact
from from_satellites
full outer join launches
    on from_satellites.launch_key = launches.launch_key
where
    from_satellites.launch_key is null
    or launches.launch_key is null
    or from_satellites.satellites_deployed != launches.satellites_deployed
    or from_satellites.satellites_in_orbit != launches.satellites_in_orbit

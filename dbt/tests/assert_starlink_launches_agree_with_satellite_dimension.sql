-- Per launch, fct_starlink_launches' counts equal the satellites dim_starlink_satellites
-- attributes to it, and no launch with satellites is missing. Returns the disagreeing launches.

with

from_satellites as (

    select
        launch_id,
        count(*) as satellites_deployed,
        count(*) filter (where is_in_orbit) as satellites_in_orbit
    from {{ ref('dim_starlink_satellites') }}
    where launch_id is not null
    group by launch_id

),

launches as (

    select * from {{ ref('fct_starlink_launches') }}

)

select
    coalesce(from_satellites.launch_id, launches.launch_id) as launch_id,
    from_satellites.satellites_deployed as satellites_in_dimension,
    launches.satellites_deployed as satellites_in_fact
from from_satellites
full outer join launches
    on from_satellites.launch_id = launches.launch_id
where
    from_satellites.launch_id is null
    or launches.launch_id is null
    or from_satellites.satellites_deployed != launches.satellites_deployed
    or from_satellites.satellites_in_orbit != launches.satellites_in_orbit

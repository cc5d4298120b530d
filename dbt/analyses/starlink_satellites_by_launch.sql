-- Starlink satellites by launch: what each launch deployed and what is left of it.
-- One row per launch that carried Starlink satellites, oldest first: satellites deployed, in
-- orbit and decayed at the data's cut-off (as_of_date), the satellite versions it carried and
-- how the satellites were attributed to it. Launches after the cut-off are not in the data.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

with

satellites as (

    select
        launch_id,
        as_of_date,
        string_agg(distinct version, ', ' order by version) as versions,
        string_agg(
            distinct launch_match_method, ', ' order by launch_match_method
        ) as launch_match_methods
    from {{ ref('dim_starlink_satellites').include(database=false) }}
    where launch_id is not null
    group by launch_id, as_of_date

)

select
    launches.launch_id,
    launches.launch_name,
    launches.rocket_name,
    launches.launched_at,
    satellites.versions,
    launches.satellites_deployed,
    launches.satellites_in_orbit,
    launches.satellites_decayed,
    round(100.0 * launches.satellites_decayed / nullif(launches.satellites_deployed, 0), 1)
        as percent_decayed,
    satellites.launch_match_methods,
    satellites.as_of_date
from {{ ref('fct_starlink_launches').include(database=false) }} as launches
left join satellites
    on launches.launch_id = satellites.launch_id
order by launches.launched_at

-- One row per Starlink satellite in the satellite data, with the launch that carried it
-- (attributed in int_starlink_satellites_matched_to_launches) and whether it was still in
-- orbit at the data's cut-off.

with

satellites as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}

),

final as (

    select
        satellite_id,
        norad_id,
        cospar_id,
        launch_id,
        object_name,
        version,
        launch_match_method,
        is_in_orbit,
        launch_date,
        decay_date,
        data_as_of_date as as_of_date,
        {{ transformation_updated_at() }} as transformation_updated_at
    from satellites

)

select * from final

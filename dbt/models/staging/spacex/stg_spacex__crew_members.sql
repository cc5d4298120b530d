{{ config(enabled='crew' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'crew')) }}

),

renamed as (

    select
        -- ids
        id as crew_member_id,
        {{ as_text_array('launches') }} as launch_ids,

        -- strings
        name as crew_member_name,
        agency,
        status,
        image as image_url,
        wikipedia as wikipedia_url,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

{{ config(enabled='company' in var('spacex_streams')) }}

with

source as (

    {{ singer_current_rows(source('tap_spacex', 'company')) }}

),

renamed as (

    select
        -- ids
        id as company_id,

        -- strings
        name as company_name,
        founder,
        ceo,
        cto,
        coo,
        cto_propulsion,
        summary,
        headquarters ->> 'address' as headquarters_address,
        headquarters ->> 'city' as headquarters_city,
        headquarters ->> 'state' as headquarters_state,
        links ->> 'website' as website_url,
        links ->> 'twitter' as twitter_url,

        -- numerics
        cast(founded as integer) as founded_year,
        cast(employees as integer) as employees,
        cast(vehicles as integer) as vehicles,
        cast(launch_sites as integer) as launch_sites,
        cast(test_sites as integer) as test_sites,
        cast(valuation as bigint) as valuation_usd,

        -- timestamps
        {{ utc_timestamptz('_sdc_batched_at') }} as loaded_at

    from source

)

select * from renamed

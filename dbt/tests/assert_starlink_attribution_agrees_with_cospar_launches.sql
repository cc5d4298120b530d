-- All objects of one launch share the launch part of their COSPAR id ("2019-029"), so the
-- attribution of satellites to launches must map COSPAR launches to launches one-to-one.
-- Returns launches with several COSPAR launch ids and COSPAR launches split over launches.

with

satellites as (

    select * from {{ ref('int_starlink_satellites_matched_to_launches') }}
    where launch_id is not null and cospar_launch_id is not null

),

launches_with_several_cospar_ids as (

    select
        'launch with several COSPAR launch ids' as problem,
        launch_id as problem_key,
        count(distinct cospar_launch_id) as matches
    from satellites
    group by launch_id
    having count(distinct cospar_launch_id) > 1

),

cospar_ids_with_several_launches as (

    select
        'COSPAR launch id attributed to several launches' as problem,
        cospar_launch_id as problem_key,
        count(distinct launch_id) as matches
    from satellites
    group by cospar_launch_id
    having count(distinct launch_id) > 1

)

select * from launches_with_several_cospar_ids
union all
select * from cospar_ids_with_several_launches

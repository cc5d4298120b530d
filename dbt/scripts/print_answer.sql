-- Prints the answer of the pipeline: the `answer` sentence of each scenario of
-- analytics.fct_starlink_forecast (the forecast engine's latest run, built by `dbt build
-- --selector forecast`), headline first; then the as-of date and the sources in words, with the
-- satellites each supplied (analytics.dim_starlink_satellites.source), the same line as the
-- report's (analyses/report: Data.SourcesLine); then one line stamping them with the run: the
-- data's as-of date, its sources, the commit and the assumptions hash. The sentences are written
-- once, by the engine; this script only prints them. Run with psql, e.g.
--   psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
\pset format unaligned
\pset tuples_only on
\pset footer off

select answer
from analytics.fct_starlink_forecast
order by is_headline desc, scenario_order;

-- e.g. "Data as of 18 Jun 2025: Space-Track's catalogue (8,848 satellites), the SpaceX API (2
-- satellites the catalogue lacks, launches to Sep 2022)." Each satellite has one source:
-- Space-Track first, then CelesTrak for what Space-Track lacks, then the SpaceX API.
with

satellites as (

    select
        count(*) filter (where source = 'spacetrack') as spacetrack,
        count(*) filter (where source = 'celestrak') as celestrak,
        count(*) filter (where source = 'spacex_api') as spacex_api
    from analytics.dim_starlink_satellites

),

api_launches as (

    select max(launch_date) as last_launch_date
    from analytics.fct_starlink_launches
    where launch_id is not null

),

parts as (

    select
        case when satellites.spacetrack > 0 then
            'Space-Track''s catalogue (' || to_char(satellites.spacetrack, 'FM999,999,990')
            || case when satellites.spacetrack = 1 then ' satellite)' else ' satellites)' end
        end as spacetrack,
        case when satellites.celestrak > 0 then
            'CelesTrak''s catalogue (' || to_char(satellites.celestrak, 'FM999,999,990')
            || case when satellites.celestrak = 1 then ' satellite' else ' satellites' end
            || case when satellites.spacetrack > 0 then ' Space-Track''s lacks)' else ')' end
        end as celestrak,
        case when satellites.spacex_api > 0 or api_launches.last_launch_date is not null then
            'the SpaceX API ('
            || concat_ws(', ',
                case when satellites.spacex_api > 0 then
                    to_char(satellites.spacex_api, 'FM999,999,990')
                    || case when satellites.spacex_api = 1 then ' satellite' else ' satellites' end
                    || case
                        when satellites.spacetrack > 0 and satellites.celestrak > 0 then ' the catalogues lack'
                        when satellites.spacetrack > 0 or satellites.celestrak > 0 then ' the catalogue lacks'
                        else ''
                    end
                end,
                'launches to ' || to_char(api_launches.last_launch_date, 'Mon YYYY')
            )
            || ')'
        end as spacex_api
    from satellites
    cross join api_launches

)

select
    'Data as of ' || to_char(forecast.as_of_date, 'FMDD Mon YYYY') || ': '
    || concat_ws(', ', parts.spacetrack, parts.celestrak, parts.spacex_api) || '.'
from analytics.fct_starlink_forecast as forecast
cross join parts
where forecast.is_headline;

select
    'Data as of ' || to_char(as_of_date, 'YYYY-MM-DD')
    || ' (' || data_sources || '); commit ' || coalesce(git_commit, 'unknown')
    || '; assumptions ' || assumptions_hash
    || case when assumptions_overridden > 0 then ' (overridden: ' || overridden_assumptions || ')' else '' end
    || '; run ' || run_id || '.'
from analytics.fct_starlink_forecast
where is_headline;

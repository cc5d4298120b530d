-- Prints the answer of the pipeline: the `answer` sentence of each scenario of
-- analytics.fct_starlink_forecast (the forecast engine's latest run, built by `dbt build
-- --selector forecast`), headline first, then one line stamping them with the run: the data's
-- as-of date, its sources, the commit and the assumptions hash. The sentences are written once,
-- by the engine; this script only prints them. Run with psql, e.g.
--   psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
\pset format unaligned
\pset tuples_only on
\pset footer off

select answer
from analytics.fct_starlink_forecast
order by is_headline desc, scenario_order;

select
    'Data as of ' || to_char(as_of_date, 'YYYY-MM-DD')
    || ' (' || data_sources || '); commit ' || coalesce(git_commit, 'unknown')
    || '; assumptions ' || assumptions_hash
    || case when assumptions_overridden > 0 then ' (overridden: ' || overridden_assumptions || ')' else '' end
    || '; run ' || run_id || '.'
from analytics.fct_starlink_forecast
where is_headline;

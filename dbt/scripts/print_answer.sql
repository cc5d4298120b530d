-- Prints the answer of the pipeline: the `answer` sentence of each scenario of
-- analytics.fct_starlink_forecast (built by `dbt build`), headline first. The sentence is
-- written once, in that model; this script only prints it. Run with psql, e.g.
--   psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
\pset format unaligned
\pset tuples_only on
\pset footer off

select answer
from analytics.fct_starlink_forecast
order by is_headline desc, scenario_order;

-- Prints the answer of the pipeline, one line per scenario, from analytics.fct_starlink_forecast
-- (built by `dbt build`). Run with psql, e.g.
--   psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
-- Example line:
--   flat cadence: 42,000 in orbit on 2031-05-17 after 512 launches (as of 2021-10-17;
--   1.58 launches/month, 53.5 satellites/launch, 0.76% early failures, 5-year lifetime)
\pset format unaligned
\pset tuples_only on
\pset footer off

select
    replace(scenario, '_', ' ')
    || ': '
    || to_char(target_satellites, 'FM999,999,999')
    || ' in orbit '
    || case
        when target_reached_on is not null
            then 'on ' || to_char(target_reached_on, 'YYYY-MM-DD')
            || ' after ' || to_char(launches_needed, 'FM999,999,999') || ' launches'
        else 'not reached by ' || to_char(horizon_date, 'YYYY-MM-DD')
            || ', levels off near '
            || to_char(satellites_in_orbit_at_horizon, 'FM999,999,999')
    end
    || ' (as of ' || to_char(as_of_date, 'YYYY-MM-DD') || '; '
    || to_char(launches_per_month, 'FM999,990.00') || ' launches/month'
    || case
        when launches_per_month_change != 0
            then ' changing by ' || to_char(launches_per_month_change, 'FMSG990.000') || ' each month'
        else ''
    end
    || ', ' || to_char(satellites_per_launch, 'FM999,990.0') || ' satellites/launch, '
    || case
        when satellite_lifetime_years is null then 'no satellite ever leaves orbit'
        else to_char(100 * early_failure_rate, 'FM990.00') || '% early failures, '
            || to_char(satellite_lifetime_years, 'FM990.##') || '-year lifetime'
    end
    || ')' as answer
from analytics.fct_starlink_forecast
order by scenario_order;

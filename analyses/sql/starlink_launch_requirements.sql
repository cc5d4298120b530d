-- Launches needed to hold the target in orbit, by satellites per launch and lifetime.
-- Steady state: N satellites that each last L years, launched s at a time, need
-- N / (12 * s * L) launches a month, whatever the path to N.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    requirements.satellites_per_launch,
    requirements.lifetime_years,
    requirements.target_satellites,
    round(requirements.launches_per_month_needed, 1) as launches_per_month_needed,
    round(requirements.launches_per_year_needed) as launches_per_year_needed
from "analytics"."fct_starlink_launch_requirements" as requirements
order by requirements.satellites_per_launch, requirements.lifetime_years

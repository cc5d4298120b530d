-- Where the Starlink satellites are: satellites in orbit per orbital shell, month by month.
-- One row per month from the first launch to the as-of date, one column per shell of var
-- starlink_shells (in_orbit_53 for "53°", in_orbit_97_6 for "97.6°"), then the satellites
-- outside every band (in_orbit_other), those without orbit data (in_orbit_unknown) and the
-- whole constellation, counted at month_end (the month's last day, or the as-of date). For the
-- shells at the as-of date with their share and median altitude, read the latest month of
-- fct_starlink_shells_monthly itself.
-- Refs leave the database name out, so this SQL runs in whichever database holds the marts.

select
    shells.month_start,
    shells.month_end,
    sum(shells.satellites_in_orbit) filter (where shells.shell = '53°')
        as in_orbit_53,
    sum(shells.satellites_in_orbit) filter (where shells.shell = '43°')
        as in_orbit_43,
    sum(shells.satellites_in_orbit) filter (where shells.shell = '70°')
        as in_orbit_70,
    sum(shells.satellites_in_orbit) filter (where shells.shell = '97.6°')
        as in_orbit_97_6,
    sum(shells.satellites_in_orbit) filter (where shells.inclination_min_deg is null and shells.shell <> 'unknown')
        as in_orbit_other,
    sum(shells.satellites_in_orbit) filter (where shells.shell = 'unknown') as in_orbit_unknown,
    sum(shells.satellites_in_orbit) as in_orbit_total
from "analytics"."fct_starlink_shells_monthly" as shells
group by shells.month_start, shells.month_end
order by shells.month_start

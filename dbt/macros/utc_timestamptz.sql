{#-
    A UTC timestamp as `timestamptz`. target-postgres stores JSON-schema `date-time` strings as
    `timestamp without time zone` holding UTC; Space-Track times are strings without a zone,
    also UTC. Casting to `timestamp` first accepts both (a zone suffix in a string is ignored).
-#}
{% macro utc_timestamptz(expression) -%}
    (cast({{ expression }} as timestamp) at time zone 'UTC')
{%- endmacro %}

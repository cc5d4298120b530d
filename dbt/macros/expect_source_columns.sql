{#-
    Schema drift guard for a raw table: fails the model that reads it with a message naming
    each expected source field that the table lacks (target-postgres creates one column per
    field the tap's SCHEMA declares, so a field dropped at the source, or a tap that stopped
    sending it, shows up as a missing column). Only checked at run time and only when the
    table exists; returns nothing.
-#}
{% macro expect_source_columns(relation, expected_columns) -%}
    {%- if execute and relation is not none -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- set missing = [] -%}
        {%- for column in expected_columns -%}
            {%- if column not in present -%}
                {%- do missing.append(column) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing | length > 0 -%}
            {%- do exceptions.raise_compiler_error(
                "schema drift in source table " ~ relation ~ ": the source documents no longer carry "
                ~ (missing | join(', ')) ~ " (expected by " ~ model.name ~ "; present: "
                ~ (present | join(', ')) ~ ")"
            ) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#-
    singer_current_rows() of an optional raw table: when the table does not exist (its tap is
    not configured, e.g. no Space-Track credentials and no snapshot), zero rows with the same
    columns, so every model downstream still builds. `columns` maps each source column the
    model reads to its raw type (target-postgres' type for it); the Singer metadata columns
    are added. When the table exists, its expected columns are checked first
    (expect_source_columns), so schema drift fails naming the missing source field.
-#}
{% macro singer_current_rows_or_empty(source_relation, columns, key='id') -%}
    {%- set relation = load_relation(source_relation) -%}
    {%- if relation is not none -%}
        {%- do expect_source_columns(relation, columns.keys() | list) -%}
        {{ singer_current_rows(relation, key) }}
    {%- else -%}
        -- {{ source_relation }} does not exist (source not loaded): no rows, same columns
        select
            {%- for column, data_type in columns.items() %}
            cast(null as {{ data_type }}) as {{ adapter.quote(column) }},
            {%- endfor %}
            cast(null as timestamp) as _sdc_extracted_at,
            cast(null as timestamp) as _sdc_received_at,
            cast(null as timestamp) as _sdc_batched_at,
            cast(null as timestamp) as _sdc_deleted_at,
            cast(null as bigint) as _sdc_sequence,
            cast(null as bigint) as _sdc_table_version
        where false
    {%- endif -%}
{%- endmacro %}

{#-
    The current version of each document of a table loaded by target-postgres: one row per
    `id` (the latest batch wins, defensively: upserts already keep one), without the
    documents deleted at the source (`_sdc_deleted_at` set on their latest version).
-#}
{% macro singer_current_rows(relation, key='id') -%}
    select latest.*
    from (
        select distinct on ({{ key }}) *
        from {{ relation }}
        order by {{ key }}, _sdc_batched_at desc nulls last, _sdc_sequence desc nulls last
    ) as latest
    where latest._sdc_deleted_at is null
{%- endmacro %}

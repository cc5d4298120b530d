{#-
    Schema drift check for a source column: the raw table has the column (else the test fails
    at once with an error naming the missing source field), no current row has it null, and,
    for a jsonb column, each of `json_keys` is present in every non-null value. Returns one row
    per problem, naming the field (and key) and how many documents lack it. `where` limits the
    rows checked (e.g. documents not deleted at the source). An optional source whose table
    does not exist has nothing to check: no rows.
-#}
{% test source_field_is_present(model, column_name, json_keys=[], allow_null=false) %}

{%- set field = column_name | replace('"', '') -%}
{%- set relation = load_relation(model) if execute else none -%}

{%- if execute and relation is none %}

-- {{ model }} does not exist (optional source not loaded): nothing to check
select
    cast(null as text) as missing_field,
    cast(0 as bigint) as documents
where false

{%- else -%}

{%- if execute -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- if field not in present -%}
        {%- do exceptions.raise_compiler_error(
            "schema drift in source table " ~ relation ~ ": no column " ~ field
            ~ " - the source documents no longer carry the field " ~ field
            ~ " (present: " ~ (present | join(', ')) ~ ")"
        ) -%}
    {%- endif -%}
{%- endif %}

with

documents as (

    select {{ adapter.quote(field) }} as value
    from {{ model }}
    where _sdc_deleted_at is null

),

problems as (

    {%- if not allow_null %}
    select
        '{{ field }} (null or absent in the documents)' as missing_field,
        count(*) as documents
    from documents
    where value is null
    {%- else %}
    select cast(null as text) as missing_field, cast(0 as bigint) as documents
    where false
    {%- endif %}
    {%- for key in json_keys %}
    union all
    select
        '{{ field }}.{{ key }}' as missing_field,
        count(*) as documents
    from documents
    where value is not null and not (to_jsonb(value) ? '{{ key }}')
    {%- endfor %}

)

select * from problems
where documents > 0

{%- endif %}

{% endtest %}

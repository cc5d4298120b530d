{#-
    A list column as a Postgres `text[]`, so analysts can write `'<id>' = any(payload_ids)`.
    target-postgres stores a JSON-schema array of strings as `text[]` (of integers `bigint[]`)
    when the schema gives its items, and as `jsonb` when it does not; `to_jsonb` accepts all of
    them. Anything that is not an array gives null.
-#}
{% macro as_text_array(expression) -%}
    case
        when jsonb_typeof(to_jsonb({{ expression }})) = 'array'
            then array(select jsonb_array_elements_text(to_jsonb({{ expression }})))
    end
{%- endmacro %}

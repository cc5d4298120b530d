{#-
    When the model was built: the same expression in every mart, so analysts can tell how
    recent a table is. `current_timestamp` is the start of the transaction that builds it.
-#}
{% macro transformation_updated_at() -%}
    cast(current_timestamp as timestamptz)
{%- endmacro %}

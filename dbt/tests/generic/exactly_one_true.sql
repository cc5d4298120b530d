{#- Exactly one row has `column` true: in the whole model, or in each group of `group_by` (a
    column). Fails with one row per model or group and how many rows have it true. -#}
{% test exactly_one_true(model, column, group_by=none) %}

select
    {% if group_by %}{{ group_by }},{% endif %}
    count(*) filter (where {{ column }}) as rows_true
from {{ model }}
{% if group_by %}group by {{ group_by }}{% endif %}
having count(*) filter (where {{ column }}) <> 1

{% endtest %}

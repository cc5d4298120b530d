-- Drops the three schemas, but only when they are empty: down never deletes loaded or
-- transformed data. When a schema still holds relations, the whole migration fails (and is
-- rolled back) with a message listing them.

do $$
declare
    held text;
    total bigint;
begin
    select string_agg(name, ', ') filter (where rank <= 10), count(*)
    into held, total
    from (
        select format('%I.%I', n.nspname, c.relname) as name,
               row_number() over (order by n.nspname, c.relname) as rank
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('tap_spacex', 'staging', 'analytics')
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    ) as relations;
    if total > 0 then
        raise exception 'the warehouse schemas still hold % relation(s): %', total,
            held || case when total > 10 then ', ...' else '' end
            using hint = 'down never deletes data: drop them yourself (or the schemas, with cascade), then run down again';
    end if;
end
$$;

drop schema if exists analytics;
drop schema if exists staging;
drop schema if exists tap_spacex;

-- Undoes 0007: drops schema tap_celestrak, but only when it is empty (down never deletes loaded
-- data; when it still holds relations the migration fails, rolled back, listing them), after
-- revoking what 0007 granted.

do $$
declare
    held text;
    total bigint;
begin
    select string_agg(name, ', ') filter (where rank <= 10), count(*)
    into held, total
    from (
        select format('%I.%I', n.nspname, c.relname) as name,
               row_number() over (order by c.relname) as rank
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname = 'tap_celestrak'
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    ) as relations;
    if total > 0 then
        raise exception 'schema tap_celestrak still holds % relation(s): %', total,
            held || case when total > 10 then ', ...' else '' end
            using hint = 'down never deletes data: drop them yourself (or the schema, with cascade), then run down again';
    end if;
end
$$;

alter default privileges for role spacex_loader in schema tap_celestrak
    revoke select on tables from spacex_transformer;
revoke all on schema tap_celestrak from spacex_loader, spacex_transformer, spacex_analyst;
drop schema if exists tap_celestrak;

-- Drops schema meltano only when it is empty (down never deletes data: Meltano's state is the
-- pipeline's bookmarks), and revokes what 0005 granted. Leaves the role spacex_meltano in place,
-- as 0002's down does for the other group roles (cluster-wide; drop it by hand once unused).

do $$
declare
    held text;
begin
    select string_agg(format('%I.%I', n.nspname, c.relname), ', ' order by c.relname)
    into held
    from pg_class as c
    join pg_namespace as n on n.oid = c.relnamespace
    where n.nspname = 'meltano'
      and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S');
    if held is not null then
        raise exception 'schema meltano still holds Meltano''s system database: %', held
            using hint = 'down never deletes data: export the state first (meltano --environment prod state get), drop the schema with cascade yourself, then run down again';
    end if;
    if exists (select from pg_roles where rolname = 'spacex_meltano') then
        execute format('revoke connect on database %I from spacex_meltano', current_database());
    end if;
end
$$;

drop schema if exists meltano;

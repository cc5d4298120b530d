-- Undoes 0003 in this database only: revokes what it granted (never DROP OWNED, which would also
-- revoke the roles' rights on shared objects, i.e. on the other databases of the cluster), and
-- hands the relations the roles own here to the owner of their schema, so that nothing in this
-- database depends on the roles any more. Data is kept.

alter default privileges for role spacex_transformer in schema analytics
    revoke select on tables from spacex_analyst;
alter default privileges for role spacex_loader in schema tap_spacex
    revoke select on tables from spacex_transformer;

-- Ownership first: the owner's own rights then move to the new owner with it.
do $$
declare
    relation record;
begin
    for relation in
        select n.nspname as schema_name,
               c.relname as relation_name,
               case c.relkind
                   when 'v' then 'view'
                   when 'm' then 'materialized view'
                   when 'f' then 'foreign table'
                   when 'S' then 'sequence'
                   else 'table'
               end as kind,
               pg_get_userbyid(n.nspowner) as new_owner
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('tap_spacex', 'staging', 'analytics')
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and not (c.relkind = 'S' and exists (
              select from pg_depend as d
              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
          and pg_get_userbyid(c.relowner) in ('spacex_loader', 'spacex_transformer', 'spacex_analyst')
        order by c.oid
    loop
        execute format('alter %s %I.%I owner to %I',
            relation.kind, relation.schema_name, relation.relation_name, relation.new_owner);
    end loop;
end
$$;

revoke all on all tables in schema tap_spacex, staging, analytics
    from spacex_loader, spacex_transformer, spacex_analyst;
revoke all on all sequences in schema tap_spacex, staging, analytics
    from spacex_loader, spacex_transformer, spacex_analyst;
revoke all on schema tap_spacex, staging, analytics
    from spacex_loader, spacex_transformer, spacex_analyst;

-- The database: back to PostgreSQL's defaults. (CREATE on schema public stays revoked from
-- PUBLIC, PostgreSQL 15's default.)
do $$
begin
    execute format('revoke all on database %I from spacex_loader, spacex_transformer, spacex_analyst',
        current_database());
    execute format('grant connect, temporary on database %I to public', current_database());
end
$$;

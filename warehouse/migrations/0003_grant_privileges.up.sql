-- The rights of the group roles (0002) in this database, on its schemas (0001).
--
--                       tap_spacex              staging              analytics
--   spacex_loader       usage, create (owns     -                    -
--                       the tables it creates)
--   spacex_transformer  usage, select           usage, create (owns  usage, create (owns
--                                               what it creates)     what it creates)
--   spacex_analyst      -                       -                    usage, select
--
-- Default privileges carry the grants to tables created later: tables spacex_loader creates
-- in tap_spacex are readable by spacex_transformer, and tables and views spacex_transformer
-- creates in analytics by spacex_analyst. On the database: the three roles connect;
-- spacex_loader and spacex_transformer may create temporary tables (target-postgres stages
-- upserts in one; dbt's incremental models do too); nobody else connects or creates temporary
-- tables (superusers and the database's owner aside). Nobody creates objects in schema public.

-- The database.
do $$
begin
    execute format('revoke connect, temporary on database %I from public', current_database());
    execute format('grant connect on database %I to spacex_loader, spacex_transformer, spacex_analyst',
        current_database());
    execute format('grant temporary on database %I to spacex_loader, spacex_transformer',
        current_database());
    -- PostgreSQL 15 already refuses CREATE in schema public to PUBLIC; older servers did not.
    if exists (select from pg_namespace where nspname = 'public') then
        revoke create on schema public from public;
    end if;
end
$$;

-- Relations that exist already (a warehouse loaded before these roles existed, by the admin)
-- go to the role that owns their kind from now on: it must own a relation to alter, replace or
-- drop it (target-postgres adds columns, dbt swaps tables).
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
               case n.nspname
                   when 'tap_spacex' then 'spacex_loader'
                   else 'spacex_transformer'
               end as new_owner
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('tap_spacex', 'staging', 'analytics')
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          -- Sequences of serial/identity columns follow their table.
          and not (c.relkind = 'S' and exists (
              select from pg_depend as d
              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
          and pg_get_userbyid(c.relowner) <> case n.nspname
                                                 when 'tap_spacex' then 'spacex_loader'
                                                 else 'spacex_transformer'
                                             end
        order by c.oid
    loop
        execute format('alter %s %I.%I owner to %I',
            relation.kind, relation.schema_name, relation.relation_name, relation.new_owner);
    end loop;
end
$$;

-- tap_spacex: the loader creates (and so owns) its tables; the transformer reads them.
grant usage, create on schema tap_spacex to spacex_loader;
grant usage on schema tap_spacex to spacex_transformer;
grant select on all tables in schema tap_spacex to spacex_transformer;
alter default privileges for role spacex_loader in schema tap_spacex
    grant select on tables to spacex_transformer;

-- staging: the transformer's own.
grant usage, create on schema staging to spacex_transformer;

-- analytics: the transformer builds the marts; the analyst reads them.
grant usage, create on schema analytics to spacex_transformer;
grant usage on schema analytics to spacex_analyst;
grant select on all tables in schema analytics to spacex_analyst;
alter default privileges for role spacex_transformer in schema analytics
    grant select on tables to spacex_analyst;

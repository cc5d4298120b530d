-- The raw schema of the third source, CelesTrak's satellite catalogue (tap-celestrak), with
-- the same rights as tap_spacex (0003):
--
--                       tap_celestrak
--   spacex_loader       usage, create (owns the tables it creates)
--   spacex_transformer  usage, select (also on tables the loader creates later)
--   spacex_analyst      -
--
-- Owned by the admin that runs the migrations, like the other schemas (0001). Idempotent: a
-- schema created by hand before keeps its data, and relations already in it go to the loader.

create schema if not exists tap_celestrak;
comment on schema tap_celestrak is
    'Raw CelesTrak satellite catalogue as target-postgres loads it (role spacex_loader writes, spacex_transformer reads). Not for analysts.';

do $$
declare
    relation record;
begin
    for relation in
        select c.relname as relation_name,
               case c.relkind
                   when 'v' then 'view'
                   when 'm' then 'materialized view'
                   when 'f' then 'foreign table'
                   when 'S' then 'sequence'
                   else 'table'
               end as kind
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname = 'tap_celestrak'
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and not (c.relkind = 'S' and exists (
              select from pg_depend as d
              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
          and pg_get_userbyid(c.relowner) <> 'spacex_loader'
        order by c.oid
    loop
        execute format('alter %s tap_celestrak.%I owner to spacex_loader',
            relation.kind, relation.relation_name);
    end loop;
end
$$;

grant usage, create on schema tap_celestrak to spacex_loader;
grant usage on schema tap_celestrak to spacex_transformer;
grant select on all tables in schema tap_celestrak to spacex_transformer;
alter default privileges for role spacex_loader in schema tap_celestrak
    grant select on tables to spacex_transformer;

-- Undoes 0006 in this database: drops the forecast tables and schema, but only when no table
-- holds a row and the schema holds nothing else (down never deletes data: the runs are the
-- ledger of how the answer moved; when it would, the migration fails, rolled back, naming the
-- tables), after revoking what 0006 granted. Leaves the role spacex_forecaster in place, as
-- 0002's down does for the other group roles (cluster-wide; drop it by hand once unused).

do $$
declare
    held text;
    relation record;
    n bigint;
begin
    if exists (select from pg_namespace where nspname = 'forecast') then
        for relation in
            select c.relname
            from pg_class as c
            join pg_namespace as ns on ns.oid = c.relnamespace
            where ns.nspname = 'forecast' and c.relkind in ('r', 'p')
            order by c.relname
        loop
            execute format('select count(*) from forecast.%I', relation.relname) into n;
            if n > 0 then
                held := concat_ws(', ', held, format('forecast.%I (%s rows)', relation.relname, n));
            end if;
        end loop;
        if held is not null then
            raise exception 'schema forecast still holds forecast runs: %', held
                using hint = 'down never deletes data: export what you need, drop the schema with cascade yourself, then run down again';
        end if;
        select string_agg(format('forecast.%I', c.relname), ', ' order by c.relname)
        into held
        from pg_class as c
        join pg_namespace as ns on ns.oid = c.relnamespace
        where ns.nspname = 'forecast'
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and c.relname not in ('runs', 'assumptions', 'scenarios', 'authorised', 'monthly', 'backtest', 'estimates')
          and not (c.relkind = 'S' and exists (
              select from pg_depend as d
              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')));
        if held is not null then
            raise exception 'schema forecast holds relations 0006 did not create: %', held
                using hint = 'down never deletes data: drop them yourself (or the schema, with cascade), then run down again';
        end if;
    end if;
    if exists (select from pg_roles where rolname = 'spacex_forecaster') then
        execute format('revoke all on database %I from spacex_forecaster', current_database());
    end if;
end
$$;

alter default privileges for role spacex_transformer in schema analytics
    revoke select on tables from spacex_forecaster;
revoke all on all tables in schema analytics from spacex_forecaster;
revoke all on schema analytics from spacex_forecaster;

alter default privileges in schema forecast revoke select on tables from spacex_transformer;
drop table if exists forecast.estimates, forecast.backtest, forecast.monthly, forecast.authorised,
    forecast.scenarios, forecast.assumptions, forecast.runs;
revoke all on schema forecast from spacex_forecaster, spacex_transformer, spacex_analyst;
drop schema if exists forecast;

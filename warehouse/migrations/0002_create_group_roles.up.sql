-- The group roles of the warehouse, one per component. They cannot log in and hold no
-- password: login users (from environment variables, created by `spacex-migrate up`, never by
-- a migration) are granted one of them and act as it (ALTER ROLE ... SET role), so whatever a
-- component creates is owned by its group role, whichever login user created it.
--
--   spacex_loader       target-postgres: creates and writes tables in tap_spacex only
--   spacex_transformer  dbt: reads tap_spacex, builds staging and analytics
--   spacex_analyst      people and BI tools: reads analytics only
--
-- Roles are cluster-wide while this migration runs per database, so it is idempotent: it
-- creates a role only when missing, and tolerates another database's migration creating it at
-- the same moment. The rights of the roles are per database (0003).

do $$
declare
    wanted record;
    existing record;
begin
    for wanted in
        select *
        from (values
            ('spacex_loader',
             'Warehouse loader (target-postgres): creates and writes tables in tap_spacex only.'),
            ('spacex_transformer',
             'Warehouse transformer (dbt): reads tap_spacex, builds staging and analytics.'),
            ('spacex_analyst',
             'Warehouse analyst: reads analytics only.')
        ) as roles (name, description)
    loop
        select * into existing from pg_roles where rolname = wanted.name;
        if not found then
            begin
                execute format('create role %I nologin', wanted.name);
                execute format('comment on role %I is %L', wanted.name, wanted.description);
            exception when duplicate_object or unique_violation then
                -- Created meanwhile by the migration of another database of the cluster.
                null;
            end;
        elsif existing.rolcanlogin or existing.rolsuper or existing.rolcreaterole
                or existing.rolcreatedb or existing.rolreplication or existing.rolbypassrls then
            raise exception 'role % exists but is not a plain NOLOGIN group role', wanted.name
                using hint = 'the warehouse''s group roles must not log in nor hold SUPERUSER, CREATEROLE, '
                    'CREATEDB, REPLICATION or BYPASSRLS: fix the role (ALTER ROLE ... NOLOGIN ...) '
                    'or rename it, then run the migration again';
        end if;

        -- An admin that is not a superuser (a managed service's admin) must be a member of a
        -- role to set the role's default privileges (0003).
        if not (select rolsuper from pg_roles where rolname = current_user)
                and not pg_has_role(current_user, wanted.name, 'member') then
            execute format('grant %I to %I', wanted.name, current_user);
        end if;
    end loop;
end
$$;

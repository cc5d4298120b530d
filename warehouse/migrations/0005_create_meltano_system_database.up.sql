-- Meltano's system database for the `prod` environment: its runs (the "already running" check)
-- and its state (the tap's bookmarks) live in the warehouse, in schema `meltano`, so they survive
-- the loss of the project folder. `dev` keeps Meltano's default, SQLite in meltano/.meltano.
--
--   spacex_meltano   Meltano itself (alembic creates and upgrades its tables): usage and create
--                    in schema meltano, nothing in the other schemas.
--
-- Its login user (SPACEX_MELTANO_USER, created by `spacex-migrate up` like the others) connects
-- with search_path=meltano (meltano/meltano.sh builds the URI). The role is cluster-wide, as in
-- 0002: created when missing, refused when it exists with more than a group role's attributes.

do $$
declare
    existing record;
begin
    select * into existing from pg_roles where rolname = 'spacex_meltano';
    if not found then
        begin
            create role spacex_meltano nologin;
            comment on role spacex_meltano is
                'Meltano''s system database (prod): runs and state in schema meltano only.';
        exception when duplicate_object or unique_violation then
            -- Created meanwhile by the migration of another database of the cluster.
            null;
        end;
    elsif existing.rolcanlogin or existing.rolsuper or existing.rolcreaterole
            or existing.rolcreatedb or existing.rolreplication or existing.rolbypassrls then
        raise exception 'role spacex_meltano exists but is not a plain NOLOGIN group role'
            using hint = 'the warehouse''s group roles must not log in nor hold SUPERUSER, CREATEROLE, '
                'CREATEDB, REPLICATION or BYPASSRLS: fix the role or rename it, then run the migration again';
    end if;
    if not (select rolsuper from pg_roles where rolname = current_user)
            and not pg_has_role(current_user, 'spacex_meltano', 'member') then
        grant spacex_meltano to current_user;
    end if;
    execute format('grant connect on database %I to spacex_meltano', current_database());
end
$$;

create schema if not exists meltano;
comment on schema meltano is
    'Meltano''s system database of the prod environment: runs and state (role spacex_meltano). Not for analysts.';
grant usage, create on schema meltano to spacex_meltano;

-- Deliberately leaves the group roles in place. Roles are cluster-wide: other databases of the
-- cluster (another warehouse, a test or dev copy) and the login users that are members of them
-- may still use them, and dropping them would break those. The previous down (0003) has
-- already revoked everything this database granted them and handed their objects here back to
-- the schemas' owner, so this database no longer depends on them.
--
-- To remove the roles for good, once no database of the cluster uses them (after a down of
-- 0003 in each, or after dropping those databases), as an admin:
--     drop role spacex_analyst, spacex_transformer, spacex_loader;
-- (first dropping or reassigning the login users that were granted them).

do $$
begin
    raise notice 'group roles spacex_loader, spacex_transformer and spacex_analyst are left in place (cluster-wide)';
end
$$;

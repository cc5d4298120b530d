-- Undoes 0008: drops forecast.origin_ledger, but only when it holds no row (down never
-- deletes data; when it would, the migration fails, rolled back, naming the table), after
-- revoking what 0008 granted.

do $$
declare
    n bigint;
begin
    if to_regclass('forecast.origin_ledger') is not null then
        select count(*) into n from forecast.origin_ledger;
        if n > 0 then
            raise exception 'forecast.origin_ledger still holds % rows', n
                using hint = 'down never deletes data: export what you need, delete its rows (or the runs) yourself, then run down again';
        end if;
        revoke all on forecast.origin_ledger from spacex_forecaster, spacex_transformer;
    end if;
end
$$;

drop table if exists forecast.origin_ledger;

-- The three schemas of the warehouse. Owned by the role that runs the migrations (an admin):
-- the pipeline's roles get rights on them in 0003, never ownership, so none of them can drop a
-- schema or hand out rights on it.
--
-- Like every migration here, this file runs as one multi-statement simple query, which
-- PostgreSQL executes as a single implicit transaction: it applies whole or not at all. (No
-- explicit BEGIN/COMMIT: after an error inside an explicit block the session would stay in an
-- aborted transaction and golang-migrate could not release its lock on it.)

create schema if not exists tap_spacex;
comment on schema tap_spacex is
    'Raw SpaceX API data as target-postgres loads it (role spacex_loader writes, spacex_transformer reads). Not for analysts.';

create schema if not exists staging;
comment on schema staging is
    'dbt staging and intermediate views over tap_spacex (role spacex_transformer). Not for analysts.';

create schema if not exists analytics;
comment on schema analytics is
    'dbt marts: the tables analysts query (role spacex_analyst reads, spacex_transformer builds).';

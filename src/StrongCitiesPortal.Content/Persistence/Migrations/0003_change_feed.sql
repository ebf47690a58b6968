-- The engine's ordered change feed: one row per change to an item, numbered in commit order.
-- A row is written without its number inside the change's transaction and numbered just before the commit,
-- under a transaction lock, so numbers follow the order in which changes commit.
create sequence cms_change_seq;

create table cms_change (
    id bigint generated always as identity primary key,
    seq bigint unique,
    node_key uuid not null,
    content_type text not null,
    kind text not null,
    cultures text[] not null default '{}',
    subtree boolean not null default false,
    user_name text not null,
    at timestamptz not null
);
create index cms_change_unnumbered on cms_change (id) where seq is null;

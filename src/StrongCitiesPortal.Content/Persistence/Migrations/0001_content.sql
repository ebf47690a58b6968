create extension if not exists pg_trgm;
create extension if not exists unaccent;

create table cms_node (
    id bigint generated always as identity primary key,
    key uuid not null unique,
    parent_id bigint references cms_node (id) on delete cascade,
    content_type text not null,
    level int not null,
    path text not null,
    sort_order int not null default 0,
    trashed boolean not null default false,
    trashed_parent_id bigint,
    latest_version int not null,
    create_date timestamptz not null,
    update_date timestamptz not null,
    created_by text not null,
    updated_by text not null
);
create index cms_node_parent on cms_node (parent_id, sort_order);
create index cms_node_path on cms_node (path text_pattern_ops);
create index cms_node_type on cms_node (content_type);

create table cms_version (
    node_id bigint not null references cms_node (id) on delete cascade,
    version int not null,
    data jsonb not null,
    created_at timestamptz not null,
    created_by text not null,
    note text,
    primary key (node_id, version)
);

-- One row per culture an item has: its draft name and segment, and what of it is live.
create table cms_culture (
    node_id bigint not null references cms_node (id) on delete cascade,
    culture text not null,
    name text not null,
    segment text not null,
    published_version int,
    published_name text,
    published_segment text,
    published_at timestamptz,
    publish_at timestamptz,
    unpublish_at timestamptz,
    primary key (node_id, culture)
);
create index cms_culture_publish_at on cms_culture (publish_at) where publish_at is not null;
create index cms_culture_unpublish_at on cms_culture (unpublish_at) where unpublish_at is not null;

create table cms_audit (
    id bigint generated always as identity primary key,
    node_key uuid not null,
    action text not null,
    culture text,
    from_version int,
    to_version int,
    user_name text not null,
    at timestamptz not null,
    detail text
);
create index cms_audit_node on cms_audit (node_key, id);

create table cms_seed_log (
    key uuid primary key,
    loaded_at timestamptz not null
);

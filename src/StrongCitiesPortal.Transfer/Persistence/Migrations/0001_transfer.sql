-- Which item each imported record became, per document type, and the version the import last wrote:
-- a later version means an editor changed the item since.
create table transfer_external_id (
    content_type text not null,
    external_id text not null,
    node_key uuid not null,
    imported_version int not null,
    imported_at timestamptz not null,
    run_id bigint,
    primary key (content_type, external_id)
);
create index transfer_external_id_node on transfer_external_id (node_key);

-- One import of one file: its options and how far it got (every row up to rows_done is handled).
create table transfer_import_run (
    id bigint generated always as identity primary key,
    source text not null,
    fingerprint text not null,
    content_type text not null,
    parent_key uuid,
    options jsonb not null,
    user_name text not null,
    started_at timestamptz not null,
    updated_at timestamptz not null,
    finished_at timestamptz,
    status text not null,
    rows_done bigint not null default 0
);
create index transfer_import_run_source on transfer_import_run (fingerprint, content_type, id);

-- What happened to each row of a run; a written row's entry commits with the item itself.
create table transfer_import_row (
    run_id bigint not null references transfer_import_run (id) on delete cascade,
    row bigint not null,
    external_id text,
    outcome text not null,
    node_key uuid,
    issues jsonb,
    primary key (run_id, row)
);

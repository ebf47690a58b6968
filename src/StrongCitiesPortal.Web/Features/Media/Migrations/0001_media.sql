-- The media library: folders, images and documents. Files live in the media store (disk or Azure Blob);
-- this table says what each one is. Folders are items of kind 'folder', so one tree holds everything.
create table media_item (
    id bigint generated always as identity primary key,
    key uuid not null unique,
    parent_key uuid references media_item (key) on delete restrict,
    kind text not null check (kind in ('folder', 'image', 'document')),
    name text not null check (length(name) between 1 and 255),
    file_name text,
    content_type text,
    size bigint,
    width int,
    height int,
    alt_text text,
    storage_path text unique,
    sha256 bytea,
    created_at timestamptz not null,
    created_by text not null,
    updated_at timestamptz not null,
    updated_by text not null,
    check ((kind = 'folder') = (storage_path is null))
);
create index media_item_parent on media_item (parent_key, kind, name);

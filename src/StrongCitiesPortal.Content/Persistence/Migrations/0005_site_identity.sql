-- One row naming this database: files an instance keeps on its own disk (the published cache's structure file)
-- record it, and are used only against the database they were written from.
create table cms_site (
    id smallint primary key default 1 check (id = 1),
    identity uuid not null default gen_random_uuid(),
    created_at timestamptz not null default now()
);
insert into cms_site default values;

-- Search results sorted by name: a large match set walks this index in name order and stops after a page.
create index search_document_name on search_document (lower(name), name, slot);

-- The same list of indexes as 0001, with the name index, so that a reindex builds it on its new tables too.
create or replace function search_create_indexes(items regclass, documents regclass, part int) returns void language plpgsql as $$
begin
    if part = 1 then
        execute format('create index on %s using gin (document) with (fastupdate = off)', items);
    else
        execute format('create index on %s using gin (head) with (fastupdate = off)', items);
        execute format('create index on %s using gin (phrases) with (fastupdate = off)', items);
        execute format('create index on %s using gin (facets) with (fastupdate = off)', items);
        execute format('create index on %s (sort_date desc, slot)', items);
        execute format('create index on %s (boost desc, sort_date desc, slot)', items);
        execute format('create unique index on %s (node_id, culture)', documents);
        execute format('create index on %s (node_key)', documents);
        execute format('create index on %s (lower(name), name, slot)', documents);
    end if;
end
$$;

-- Search results sorted by name: a large match set walks this index in name order and stops after a page.
-- A function of its own, which a reindex calls next to search_create_indexes, so that its new tables have it too.
create function search_create_order_indexes(documents regclass) returns void language plpgsql as $$
begin
    execute format('create index on %s (lower(name), name, slot)', documents);
end
$$;
select search_create_order_indexes('search_document');

-- Every search that counts facets reads all facet bitmaps whole. Compressed, each read also inflates it;
-- stored uncompressed (out of line, as before) the counts take about a quarter less time, for a few MB more.
alter table search_facet_bits alter column bits set storage external;
-- Rewrite what is already there so that it is stored the new way.
update search_facet_bits set bits = bits || B'';

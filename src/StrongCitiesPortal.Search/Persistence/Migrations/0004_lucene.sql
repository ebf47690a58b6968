-- Search moved to a Lucene.Net index per instance, fed by the content change feed: the PostgreSQL engine's tables go.
drop table if exists search_facet_bits, search_term_bits, search_word, search_item, search_document,
    search_facet_value, search_state, search_item_next, search_document_next, search_word_next cascade;
drop function if exists search_head, search_rest, search_create_indexes, search_create_word_indexes, search_bit,
    search_mark, search_bitmap, search_create_order_indexes cascade;

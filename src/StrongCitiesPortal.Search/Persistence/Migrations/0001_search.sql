create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- One text-search configuration per content language, with accents folded before stemming.
do $$
declare
    language text;
begin
    foreach language in array array['english', 'french', 'arabic', 'simple'] loop
        if not exists (select 1 from pg_ts_config where cfgname = 'portal_' || language) then
            execute format('create text search configuration portal_%s (copy = %s)', language, language);
            execute format('alter text search configuration portal_%s alter mapping for hword, hword_part, word with unaccent, %s',
                language, case language when 'simple' then 'simple' else language || '_stem' end);
        end if;
    end loop;
end
$$;

-- Slots number the rows densely so that a set of rows can be a bitmap; a reindex renumbers them from 0.
-- Bitmaps are capacity bits long (search_state), a multiple of 64.
create sequence search_slot as integer minvalue 0 start 0;

-- The weighted vectors of a row: the name highest, then summary, themes and tags (the head), then body
-- and block text, then the rest; the document is the head and the rest. Declared once here; publishing
-- and a reindex both call them.
create function search_head(config regconfig, name text, summary text, keywords text) returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector(config, name), 'A') || setweight(to_tsvector(config, summary || ' ' || keywords), 'B');
$$;
create function search_rest(config regconfig, body text, other text) returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector(config, body), 'C') || setweight(to_tsvector(config, other), 'D');
$$;

-- One row per published item and culture, in two tables. search_item is what a search scans over its
-- whole match set, so it is kept narrow: its vectors and phrase pairs live in TOAST and are only read
-- back for the few rows ranked on their text. search_document holds what the hits shown need.
create table search_item (
    slot int primary key,
    sort_date timestamptz not null,
    boost real not null,
    facets int[] not null,
    phrases int[] not null,
    head tsvector not null,
    document tsvector not null
) with (toast_tuple_target = 128, fillfactor = 90);
alter table search_item alter column facets set storage plain;

create table search_document (
    slot int primary key,
    node_id bigint not null,
    node_key uuid not null,
    culture text not null,
    version int not null,
    content_type text not null,
    config regconfig not null,
    name text not null,
    summary text not null,
    keywords text not null,
    body text not null,
    other text not null,
    update_date timestamptz not null
);

-- Declared as functions so that a reindex builds exactly these indexes on its new tables. Part 1 is the
-- big text index, part 2 the rest, so that a reindex can build the two parts on two connections at once.
create function search_create_indexes(items regclass, documents regclass, part int) returns void language plpgsql as $$
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
    end if;
end
$$;
select search_create_indexes('search_item', 'search_document', 1);
select search_create_indexes('search_item', 'search_document', 2);

-- Every facet value ever seen: the facet, its stable key (an item key, a code, an option) and its label per culture.
create table search_facet_value (
    id int generated always as identity primary key,
    facet text not null,
    key text not null,
    labels jsonb not null default '{}',
    -- For a value that is an item (a theme, a city): what the items that pick it copy from it, to spot a change.
    source jsonb,
    unique (facet, key)
);
create index search_facet_value_key on search_facet_value (key);

-- Which slots carry a facet value, one bit per slot: counting a facet value over a match set is one AND and a bit count.
create table search_facet_bits (
    value_id int primary key references search_facet_value (id) on delete cascade,
    bits varbit not null
);

-- Which slots hold a lexeme (or a phrase's word pair, keyed '#' and its hash), for those in many rows
-- (chosen by a reindex, kept exact by publishing): a query of common words and phrases then needs no
-- pass over its rows to count its matches and facets.
create table search_term_bits (
    lexeme text primary key,
    bits varbit not null
);

-- The words of the index as people type them (lower case, accents folded), for typo correction and prefixes.
create table search_word (
    word text primary key,
    ndoc int not null
);
create function search_create_word_indexes(target regclass) returns void language plpgsql as $$
begin
    execute format('create index on %s (word text_pattern_ops)', target);
    execute format('create index on %s using gin (word gin_trgm_ops)', target);
end
$$;
select search_create_word_indexes('search_word');

create table search_state (
    id int primary key check (id = 1),
    capacity int not null,
    generation bigint not null,
    rows int not null
);
insert into search_state (id, capacity, generation, rows) values (1, 8192, 0, 0);

-- The position of a slot in a bitmap: slots are grouped by 64 and each group is written as a bigint's bits.
create function search_bit(slot int) returns int language sql immutable parallel safe as $$
    select (slot >> 6) * 64 + 63 - (slot & 63);
$$;

-- Sets (1) or clears (0) one slot's bit in the bitmaps of the given facet values.
create function search_mark(value_ids int[], slot int, state int) returns void language sql as $$
    update search_facet_bits set bits = set_bit(bits, search_bit(slot), state) where value_id = any(value_ids);
$$;

-- Builds the bitmap of a set of slots (capacity bits long).
create function search_bitmap(slots int[], capacity int) returns varbit language sql stable parallel safe as $$
    select coalesce(string_agg(coalesce(w.bits, 0)::bit(64)::text, '' order by c.chunk), '')::varbit
    from generate_series(0, (capacity >> 6) - 1) c(chunk)
    left join (select s >> 6 as chunk, bit_or(1::bigint << (s & 63)) as bits from unnest(slots) s group by 1) w on w.chunk = c.chunk;
$$;

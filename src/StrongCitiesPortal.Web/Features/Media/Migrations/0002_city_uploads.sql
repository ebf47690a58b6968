-- A city editor's uploads: kept in the city's own folder, and not served to the public until an item that
-- uses them is published (they are reviewed with the item).
alter table media_item add column city_key uuid;
alter table media_item add column awaiting_review boolean not null default false;
create unique index media_item_city_folder on media_item (city_key) where kind = 'folder' and city_key is not null;
create index media_item_awaiting_review on media_item (key) where awaiting_review;

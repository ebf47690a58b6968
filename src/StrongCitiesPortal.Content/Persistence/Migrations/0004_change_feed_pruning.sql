-- The change feed is pruned after a retention period (Portal:Content:ChangeFeed:RetainDays). One row says through
-- which number the feed has been pruned: a consumer whose position is older than that has missed changes and rebuilds.
create table cms_change_pruned (
    id smallint primary key default 1 check (id = 1),
    through bigint not null default 0
);
insert into cms_change_pruned (id, through) values (1, 0);
create index cms_change_at on cms_change (at) where seq is not null;

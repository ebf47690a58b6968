-- A scheduled publish publishes the version chosen when it was scheduled, not whatever was saved after it.
alter table cms_culture add column publish_version int;
update cms_culture c set publish_version = n.latest_version from cms_node n where n.id = c.node_id and c.publish_at is not null;

-- Media webhooks (Umbraco.MediaSave, Umbraco.MediaDelete) are queued by a trigger on the media library's table,
-- so they commit or roll back with the media change itself, whichever code makes it. The trigger also tells
-- every instance (portal_media_changed) so delivery answers about media are refreshed at once.
-- The webhooks module declares that it depends on the media module, so media_item exists by now; if it does not,
-- the migration fails rather than being recorded as applied without its trigger.
do $migration$
begin
    if to_regclass('media_item') is null then
        raise exception 'The webhooks module needs the media library''s table media_item: register the media module too.';
    end if;

    create function webhook_media_changed() returns trigger language plpgsql as $function$
    declare
        event_alias text := case when tg_op = 'DELETE' then 'Umbraco.MediaDelete' else 'Umbraco.MediaSave' end;
        item_key uuid := case when tg_op = 'DELETE' then old.key else new.key end;
        item_kind text := case when tg_op = 'DELETE' then old.kind else new.kind end;
        media_type text := case item_kind when 'folder' then 'Folder' when 'image' then 'Image' else 'File' end;
    begin
        insert into webhook_delivery (webhook_id, event, entity_key, payload)
        select w.id, event_alias, item_key, jsonb_build_object('id', item_key)::text
        from webhook w
        where w.enabled and event_alias = any(w.events)
          and (cardinality(w.content_types) = 0 or media_type = any(w.content_types));
        if found then
            perform pg_notify('portal_webhooks', '');
        end if;
        perform pg_notify('portal_media_changed', item_key::text);
        return null;
    end
    $function$;

    create trigger media_item_webhooks after insert or update or delete on media_item
        for each row execute function webhook_media_changed();
end
$migration$;

using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

public sealed partial class ContentService
{
    public Task<ContentResult> MoveAsync(Guid key, Guid? newParentKey, string user, CancellationToken cancellationToken = default) =>
        MoveAsync(key, newParentKey, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> MoveAsync(Guid key, Guid? newParentKey, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            var placement = await PlaceNewAsync(scope, types.Get(item.ContentType), newParentKey, cancellationToken);
            if (placement.Error is not null)
                return ContentResult.Invalid(placement.Error);
            if (placement.ParentPath.StartsWith(item.Path, StringComparison.Ordinal))
                return ContentResult.Invalid("An item cannot be moved below itself.");

            var newPath = $"{placement.ParentPath}{item.Id}/";
            await using (var move = scope.Command("""
                update cms_node set path = @newPath || substr(path, length(@oldPath) + 1), level = level + @delta
                where path like @oldPath || '%'
                """))
            {
                move.Parameters.AddWithValue("newPath", newPath);
                move.Parameters.AddWithValue("oldPath", item.Path);
                move.Parameters.AddWithValue("delta", placement.Level - item.Level);
                await move.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var reparent = scope.Command("""
                update cms_node set parent_id = @parent, update_date = @now, updated_by = @user,
                       sort_order = (select coalesce(max(sort_order) + 1, 0) from cms_node where parent_id is not distinct from @parent)
                where id = @id
                """))
            {
                reparent.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Bigint) { Value = (object?)placement.ParentId ?? DBNull.Value });
                reparent.Parameters.AddWithValue("now", clock.GetUtcNow());
                reparent.Parameters.AddWithValue("user", scope.UserName);
                reparent.Parameters.AddWithValue("id", item.Id);
                await reparent.ExecuteNonQueryAsync(cancellationToken);
            }
            await AssignSegmentsAsync(scope, item.Id, placement.ParentId, item.Data, cancellationToken);
            await using (var published = scope.Command("update cms_culture set published_segment = segment where node_id = @id and published_version is not null"))
            {
                published.Parameters.AddWithValue("id", item.Id);
                await published.ExecuteNonQueryAsync(cancellationToken);
            }
            await AuditAsync(scope, key, "move", null, null, null, $"to {newParentKey?.ToString() ?? "the root"}", cancellationToken);
            var moved = (await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!;
            await notifications.PublishAsync(new ContentMovedNotification(scope, moved, await SubtreeKeysAsync(scope, newPath, cancellationToken)), cancellationToken);
            return ContentResult.Ok(moved);
        }, cancellationToken);

    public Task<ContentResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, string user, CancellationToken cancellationToken = default) =>
        SortAsync(parentKey, orderedKeys, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            await using var command = scope.Command("""
                update cms_node n set sort_order = o.ordinality - 1
                from unnest(@keys) with ordinality as o(key, ordinality)
                where n.key = o.key and n.parent_id is not distinct from (select id from cms_node where key = @parent)
                """);
            command.Parameters.AddWithValue("keys", orderedKeys.ToArray());
            command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)parentKey ?? DBNull.Value });
            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            if (changed != orderedKeys.Distinct().Count())
                return ContentResult.Invalid("Every item to sort must be a child of the same parent.");
            foreach (var key in orderedKeys)
            {
                var item = (await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!;
                await notifications.PublishAsync(new ContentMovedNotification(scope, item, [key]), cancellationToken);
            }
            await AuditAsync(scope, parentKey ?? Guid.Empty, "sort", null, null, null, string.Join(",", orderedKeys), cancellationToken);
            return ContentResult.Ok(null!);
        }, cancellationToken);

    /// <summary>Moves an item and its descendants to the recycle bin, taking everything of them offline.</summary>
    public Task<ContentResult> TrashAsync(Guid key, string user, CancellationToken cancellationToken = default) =>
        TrashAsync(key, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> TrashAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            if (item.Trashed)
                return ContentResult.Ok(item);
            foreach (var subKey in await SubtreeKeysAsync(scope, item.Path, cancellationToken))
            {
                var node = (await LoadAsync(scope.Connection, scope.Transaction, subKey, true, cancellationToken))!;
                var live = node.Publishing.Values.Where(p => p.PublishedVersion is not null).Select(p => p.Culture).ToList();
                if (live.Count > 0)
                    await UnpublishInScopeAsync(scope, node, live, "trash", cancellationToken);
            }
            await SetTrashedAsync(scope, item.Path, true, cancellationToken);
            await AuditAsync(scope, key, "trash", null, null, null, null, cancellationToken);
            return ContentResult.Ok((await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!);
        }, cancellationToken);

    public Task<ContentResult> RestoreAsync(Guid key, string user, CancellationToken cancellationToken = default) =>
        RestoreAsync(key, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> RestoreAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            if (item.ParentKey is { } parentKey && (await LoadAsync(scope.Connection, scope.Transaction, parentKey, false, cancellationToken))!.Trashed)
                return ContentResult.Invalid("Its parent is in the recycle bin too: restore the parent first.");
            await SetTrashedAsync(scope, item.Path, false, cancellationToken);
            await AuditAsync(scope, key, "restore", null, null, null, null, cancellationToken);
            return ContentResult.Ok((await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!);
        }, cancellationToken);

    /// <summary>Moves an item and everything below it into the recycle bin, or out of it.</summary>
    private async Task SetTrashedAsync(ContentScope scope, string path, bool trashed, CancellationToken cancellationToken)
    {
        await using var update = scope.Command("update cms_node set trashed = @trashed, update_date = @now, updated_by = @user where path like @path || '%'");
        update.Parameters.AddWithValue("trashed", trashed);
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("user", scope.UserName);
        update.Parameters.AddWithValue("path", path);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes an item, its descendants and all their versions for good.</summary>
    public Task<ContentResult> DeleteAsync(Guid key, string user, CancellationToken cancellationToken = default) =>
        DeleteAsync(key, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> DeleteAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            var deleted = new List<DeletedContent>();
            await using (var select = scope.Command("select key, content_type from cms_node where path like @path || '%' order by level desc"))
            {
                select.Parameters.AddWithValue("path", item.Path);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    deleted.Add(new DeletedContent(reader.GetGuid(0), reader.GetString(1)));
            }
            await notifications.PublishAsync(new ContentDeletedNotification(scope, deleted), cancellationToken);
            await using (var delete = scope.Command("delete from cms_node where id = @id"))
            {
                delete.Parameters.AddWithValue("id", item.Id);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (var gone in deleted)
                await AuditAsync(scope, gone.Key, "delete", null, null, null, gone.Key == key ? null : $"with ancestor {key}", cancellationToken);
            return ContentResult.Ok(item);
        }, cancellationToken);

    private static async Task<IReadOnlyList<Guid>> SubtreeKeysAsync(ContentScope scope, string path, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select key from cms_node where path like @path || '%' order by level, sort_order");
        command.Parameters.AddWithValue("path", path);
        var keys = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetGuid(0));
        return keys;
    }
}

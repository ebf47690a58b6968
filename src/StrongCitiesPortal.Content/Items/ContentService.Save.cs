using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

public sealed partial class ContentService
{
    public Task<ContentResult> SaveAsync(ContentDraft draft, string user, CancellationToken cancellationToken = default) =>
        SaveAndPublishAsync(draft, [], ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> SaveAsync(ContentDraft draft, ChangeContext change, CancellationToken cancellationToken = default) =>
        SaveAndPublishAsync(draft, [], change, cancellationToken);

    /// <summary>Saves a new version and, in the same transaction, publishes the given cultures of it.</summary>
    public Task<ContentResult> SaveAndPublishAsync(ContentDraft draft, IReadOnlyList<string> publishCultures, string user, CancellationToken cancellationToken = default) =>
        SaveAndPublishAsync(draft, publishCultures, ChangeContext.For(user), cancellationToken);

    /// <summary>Saves a new version and, in the same transaction, publishes the given cultures of it.</summary>
    public Task<ContentResult> SaveAndPublishAsync(ContentDraft draft, IReadOnlyList<string> publishCultures, ChangeContext change, CancellationToken cancellationToken = default)
    {
        var type = types.Find(draft.ContentType);
        if (type is null)
            return Task.FromResult(ContentResult.Invalid($"There is no document type '{draft.ContentType}'."));

        return InTransactionAsync(change, async scope =>
        {
            var existing = draft.Key is { } key ? await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken) : null;
            if (existing is not null && existing.ContentType != draft.ContentType)
                return ContentResult.Invalid($"Item {existing.Key} is a '{existing.ContentType}'; its document type cannot change to '{draft.ContentType}'.");
            if (existing is not null && draft.BasedOnVersion is { } basedOn && basedOn != existing.Version)
                return new ContentResult(ContentOutcome.Conflict, existing,
                    [new ValidationError(null, null, $"Someone else saved this item (version {existing.Version}) after you opened version {basedOn}. Review their changes before saving again.")])
                { CurrentVersion = existing.Version };
            if (existing?.Trashed == true)
                return ContentResult.Invalid("The item is in the recycle bin; restore it before editing.");

            var data = Normalise(draft.Data);
            var errors = await ValidateAsync(scope, type, data, cancellationToken);
            long? parentId = existing is null ? null : await ParentIdAsync(scope, existing.Id, cancellationToken);
            var parentPath = "/";
            var level = 1;
            if (existing is null)
            {
                var placement = await PlaceNewAsync(scope, type, draft.ParentKey, cancellationToken);
                if (placement.Error is not null)
                    errors = [.. errors, new ValidationError(null, null, placement.Error)];
                parentId = placement.ParentId;
                parentPath = placement.ParentPath;
                level = placement.Level;
            }
            if (errors.Count > 0)
                return ContentResult.Invalid(errors);

            var now = clock.GetUtcNow();
            long id;
            int version;
            if (existing is null)
            {
                await using var insert = scope.Command("""
                    insert into cms_node (key, parent_id, content_type, level, path, sort_order, latest_version, create_date, update_date, created_by, updated_by)
                    values (@key, @parent, @type, @level, '', coalesce(@sort, (select coalesce(max(sort_order) + 1, 0) from cms_node where parent_id = @parent or (@parent is null and parent_id is null))), 1, @now, @now, @user, @user)
                    on conflict (key) do nothing
                    returning id
                    """);
                insert.Parameters.AddWithValue("key", draft.Key ?? Guid.NewGuid());
                insert.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Bigint) { Value = (object?)parentId ?? DBNull.Value });
                insert.Parameters.AddWithValue("type", type.Alias);
                insert.Parameters.AddWithValue("level", level);
                insert.Parameters.Add(new NpgsqlParameter("sort", NpgsqlDbType.Integer) { Value = (object?)draft.SortOrder ?? DBNull.Value });
                insert.Parameters.AddWithValue("now", now);
                insert.Parameters.AddWithValue("user", scope.UserName);
                if (await insert.ExecuteScalarAsync(cancellationToken) is not long newId)
                {
                    var winner = (await LoadAsync(scope.Connection, scope.Transaction, draft.Key!.Value, false, cancellationToken))!;
                    return new ContentResult(ContentOutcome.Conflict, winner,
                        [new ValidationError(null, null, $"Someone else created item {winner.Key} (version {winner.Version}) at the same time. Review it before saving again.")])
                    { CurrentVersion = winner.Version };
                }
                id = newId;
                await using var path = scope.Command("update cms_node set path = @path where id = @id");
                path.Parameters.AddWithValue("path", $"{parentPath}{id}/");
                path.Parameters.AddWithValue("id", id);
                await path.ExecuteNonQueryAsync(cancellationToken);
                version = 1;
            }
            else
            {
                id = existing.Id;
                version = existing.Version + 1;
                await using var update = scope.Command("update cms_node set latest_version = @version, update_date = @now, updated_by = @user where id = @id");
                update.Parameters.AddWithValue("version", version);
                update.Parameters.AddWithValue("now", now);
                update.Parameters.AddWithValue("user", scope.UserName);
                update.Parameters.AddWithValue("id", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await AssignSegmentsAsync(scope, id, parentId, data, cancellationToken);
            await using (var insertVersion = scope.Command(
                "insert into cms_version (node_id, version, data, created_at, created_by, note) values (@id, @version, @data::jsonb, @now, @user, @note)"))
            {
                insertVersion.Parameters.AddWithValue("id", id);
                insertVersion.Parameters.AddWithValue("version", version);
                insertVersion.Parameters.AddWithValue("data", JsonSerializer.Serialize(data, DataJson));
                insertVersion.Parameters.AddWithValue("now", now);
                insertVersion.Parameters.AddWithValue("user", scope.UserName);
                insertVersion.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Text) { Value = (object?)draft.Note ?? DBNull.Value });
                await insertVersion.ExecuteNonQueryAsync(cancellationToken);
            }
            await UpsertCulturesAsync(scope, id, data, cancellationToken);
            await AuditAsync(scope, await KeyOfAsync(scope, id, cancellationToken), existing is null ? "create" : "save", null, existing?.Version, version, draft.Note, cancellationToken);

            var saved = (await LoadAsync(scope.Connection, scope.Transaction, await KeyOfAsync(scope, id, cancellationToken), false, cancellationToken))!;
            await notifications.PublishAsync(new ContentSavedNotification(scope, saved, existing is null), cancellationToken);

            if (publishCultures.Count == 0)
                return ContentResult.Ok(saved);
            return await PublishInScopeAsync(scope, saved, publishCultures, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Saves an older version's content as the newest version. Nothing goes live until it is published.</summary>
    public Task<ContentResult> RollbackAsync(Guid key, int version, string user, CancellationToken cancellationToken = default) =>
        RollbackAsync(key, version, ChangeContext.For(user), cancellationToken);

    /// <summary>Saves an older version's content as the newest version. Nothing goes live until it is published.</summary>
    public async Task<ContentResult> RollbackAsync(Guid key, int version, ChangeContext change, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(key, cancellationToken);
        if (item is null)
            return ContentResult.Missing(key);
        var data = await GetVersionDataAsync(key, version, cancellationToken);
        if (data is null)
            return ContentResult.Invalid($"Item {key} has no version {version}.");
        return await SaveAsync(new ContentDraft
        {
            Key = key,
            ContentType = item.ContentType,
            Data = data,
            BasedOnVersion = item.Version,
            Note = $"Rolled back to version {version}",
        }, change, cancellationToken);
    }

    private ContentData Normalise(ContentData data)
    {
        var copy = data.Clone();
        foreach (var variant in copy.Cultures.Values)
        {
            variant.Name = variant.Name.Trim();
            variant.Segment = string.IsNullOrWhiteSpace(variant.Segment) ? null : variant.Segment.Trim();
        }
        return copy;
    }

    private async Task<IReadOnlyList<ValidationError>> ValidateAsync(ContentScope scope, DocumentType type, ContentData data, CancellationToken cancellationToken)
    {
        var references = _validator.ContentReferences(type, data);
        var known = new Dictionary<Guid, string>();
        if (references.Count > 0)
        {
            await using var command = scope.Command("select key, content_type from cms_node where key = any(@keys) and not trashed");
            command.Parameters.AddWithValue("keys", references.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                known[reader.GetGuid(0)] = reader.GetString(1);
        }
        return _validator.Validate(type, data, known);
    }

    private sealed record Placement(long? ParentId, string ParentPath, int Level, string? Error);

    private async Task<Placement> PlaceNewAsync(ContentScope scope, DocumentType type, Guid? parentKey, CancellationToken cancellationToken)
    {
        if (parentKey is null)
            return type.AllowedAtRoot ? new Placement(null, "/", 1, null) : new Placement(null, "/", 1, $"A '{type.Name}' cannot be at the root of the tree.");
        await using var command = scope.Command("select id, path, level, content_type, trashed from cms_node where key = @key");
        command.Parameters.AddWithValue("key", parentKey.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new Placement(null, "/", 1, $"The parent item {parentKey} does not exist.");
        var parentType = types.Find(reader.GetString(3));
        var placement = new Placement(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2) + 1, null);
        if (reader.GetBoolean(4))
            return placement with { Error = "The parent item is in the recycle bin." };
        if (parentType is null || !parentType.AllowedChildTypes.Contains(type.Alias, StringComparer.Ordinal))
            return placement with { Error = $"A '{type.Name}' is not allowed below a '{parentType?.Name ?? reader.GetString(3)}'." };
        return placement;
    }

    private static async Task<long?> ParentIdAsync(ContentScope scope, long id, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select parent_id from cms_node where id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is long parent ? parent : null;
    }

    private static async Task<Guid> KeyOfAsync(ContentScope scope, long id, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select key from cms_node where id = @id");
        command.Parameters.AddWithValue("id", id);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Gives each culture a URL segment that no sibling uses in that culture.</summary>
    private static async Task AssignSegmentsAsync(ContentScope scope, long id, long? parentId, ContentData data, CancellationToken cancellationToken)
    {
        foreach (var (culture, variant) in data.Cultures)
        {
            var wanted = variant.Segment ?? UrlSegments.FromName(variant.Name);
            // Written so that the segment index, not the parent's (possibly 100,000) children, is scanned.
            await using var command = scope.Command("""
                select c.segment from cms_culture c join cms_node n on n.id = c.node_id
                where c.culture = @culture and (c.segment = @wanted or c.segment like @pattern)
                  and (n.parent_id = @parent or (@parent is null and n.parent_id is null)) and n.id <> @id and not n.trashed
                """);
            command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Bigint) { Value = (object?)parentId ?? DBNull.Value });
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("culture", culture);
            command.Parameters.AddWithValue("wanted", wanted);
            command.Parameters.AddWithValue("pattern", wanted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "-%");
            var taken = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    taken.Add(reader.GetString(0));
            }
            var segment = wanted;
            for (var n = 2; taken.Contains(segment); n++)
                segment = $"{wanted}-{n}";
            variant.Segment = segment;
        }
    }

    private static async Task UpsertCulturesAsync(ContentScope scope, long id, ContentData data, CancellationToken cancellationToken)
    {
        foreach (var (culture, variant) in data.Cultures)
        {
            await using var upsert = scope.Command("""
                insert into cms_culture (node_id, culture, name, segment) values (@id, @culture, @name, @segment)
                on conflict (node_id, culture) do update set name = excluded.name, segment = excluded.segment
                """);
            upsert.Parameters.AddWithValue("id", id);
            upsert.Parameters.AddWithValue("culture", culture);
            upsert.Parameters.AddWithValue("name", variant.Name);
            upsert.Parameters.AddWithValue("segment", variant.Segment!);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        // A culture dropped from the draft disappears unless it is live; live ones stay until unpublished.
        await using var prune = scope.Command("delete from cms_culture where node_id = @id and published_version is null and not (culture = any(@cultures))");
        prune.Parameters.AddWithValue("id", id);
        prune.Parameters.AddWithValue("cultures", data.Cultures.Keys.ToArray());
        await prune.ExecuteNonQueryAsync(cancellationToken);
    }
}

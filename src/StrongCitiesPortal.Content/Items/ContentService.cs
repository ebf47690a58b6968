using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Notifications;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

/// <summary>
/// Every change to content goes through here: one transaction per change, a new version per save,
/// publish state per culture, notifications inside the transaction.
/// </summary>
public sealed partial class ContentService(
    PortalDatabase database,
    DocumentTypeRegistry types,
    IOptions<PortalContentOptions> options,
    ContentNotificationPublisher notifications,
    TimeProvider clock,
    ILogger<ContentService> logger)
{
    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;
    private readonly ContentValidator _validator = new(types, options.Value.EffectiveCultures);

    private string DefaultCulture => _cultures[0];

    public IReadOnlyList<string> Cultures => _cultures;

    // ---- reads ----

    public async Task<ContentItem?> GetAsync(Guid key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, key, forUpdate: false, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentItem>> GetChildrenAsync(Guid? parentKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            parentKey is null
                ? "select key from cms_node where parent_id is null and not trashed order by sort_order, id"
                : "select c.key from cms_node c join cms_node p on p.id = c.parent_id where p.key = @parent and not c.trashed order by c.sort_order, c.id",
            connection);
        if (parentKey is not null)
            command.Parameters.AddWithValue("parent", parentKey.Value);
        var keys = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                keys.Add(reader.GetGuid(0));
        }
        var items = new List<ContentItem>(keys.Count);
        foreach (var key in keys)
        {
            if (await LoadAsync(connection, null, key, false, cancellationToken) is { } item)
                items.Add(item);
        }
        return items;
    }

    public async Task<IReadOnlyList<ContentItem>> GetTrashedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var keys = new List<Guid>();
        await using (var command = new NpgsqlCommand(
            "select n.key from cms_node n left join cms_node p on p.id = n.parent_id where n.trashed and (p.id is null or not p.trashed) order by n.update_date desc", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                keys.Add(reader.GetGuid(0));
        }
        var items = new List<ContentItem>();
        foreach (var key in keys)
        {
            if (await LoadAsync(connection, null, key, false, cancellationToken) is { } item)
                items.Add(item);
        }
        return items;
    }

    public async Task<IReadOnlyList<ContentVersionInfo>> GetVersionsAsync(Guid key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select v.version, v.created_at, v.created_by, v.note,
                   coalesce(array_agg(c.culture) filter (where c.culture is not null), '{}')
            from cms_version v
            join cms_node n on n.id = v.node_id
            left join cms_culture c on c.node_id = n.id and c.published_version = v.version
            where n.key = @key
            group by v.version, v.created_at, v.created_by, v.note
            order by v.version desc
            """, connection);
        command.Parameters.AddWithValue("key", key);
        var versions = new List<ContentVersionInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new ContentVersionInfo(
                reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4)));
        }
        return versions;
    }

    public async Task<ContentData?> GetVersionDataAsync(Guid key, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select v.data::text from cms_version v join cms_node n on n.id = v.node_id where n.key = @key and v.version = @version", connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Deserialize(json) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid? key, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select id, node_key, action, culture, from_version, to_version, user_name, at, detail from cms_audit "
            + (key is null ? "" : "where node_key = @key ") + "order by id desc limit @take", connection);
        if (key is not null)
            command.Parameters.AddWithValue("key", key.Value);
        command.Parameters.AddWithValue("take", take);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return entries;
    }

    // ---- changes ----

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

    /// <summary>Publishes the latest version in the given cultures.</summary>
    public Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        PublishAsync(key, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            return item is null ? ContentResult.Missing(key) : await PublishInScopeAsync(scope, item, cultures, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Publishes exactly <paramref name="version"/> (the one the publisher saw or approved) in the given cultures,
    /// whatever has been saved since; newer versions stay drafts.
    /// </summary>
    public Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        PublishVersionAsync(key, version, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            return item is null ? ContentResult.Missing(key) : await PublishInScopeAsync(scope, item, cultures, cancellationToken, version);
        }, cancellationToken);

    private async Task<ContentResult> PublishInScopeAsync(ContentScope scope, ContentItem item, IReadOnlyList<string> requested, CancellationToken cancellationToken, int? chosenVersion = null)
    {
        var type = types.Get(item.ContentType);
        var version = chosenVersion ?? item.Version;
        var data = item.Data;
        if (version != item.Version)
        {
            if (version < 1 || version > item.Version || await VersionDataAsync(scope, item.Id, version, cancellationToken) is not { } chosen)
                return ContentResult.Invalid($"Item {item.Key} has no version {version}.");
            data = chosen;
        }
        var cultures = type.VariesByCulture ? requested.Distinct(StringComparer.Ordinal).ToList() : [DefaultCulture];
        if (cultures.Count == 0)
            return ContentResult.Invalid("Choose at least one culture to publish.");
        if (item.Trashed)
            return ContentResult.Invalid("An item in the recycle bin cannot be published.");
        var errors = new List<ValidationError>();
        foreach (var culture in cultures)
        {
            if (!data.Cultures.ContainsKey(culture) || !item.Publishing.ContainsKey(culture))
                errors.Add(new(null, culture, $"The item has no '{culture}' version to publish."));
        }
        if (item.ParentKey is { } parentKey && errors.Count == 0)
        {
            var parent = (await LoadAsync(scope.Connection, scope.Transaction, parentKey, false, cancellationToken))!;
            var parentVaries = types.Get(parent.ContentType).VariesByCulture;
            foreach (var culture in cultures)
            {
                if (!parent.IsPublished(parentVaries ? culture : DefaultCulture) && !(!type.VariesByCulture && _cultures.Any(c => parent.IsPublished(c))))
                    errors.Add(new(null, culture, $"Publish the parent '{parent.Name(culture)}' in '{culture}' first."));
            }
        }
        if (errors.Count == 0)
            errors.AddRange(await ValidateAsync(scope, type, data, cancellationToken));
        if (errors.Count > 0)
            return ContentResult.Invalid(errors);

        var now = clock.GetUtcNow();
        foreach (var culture in cultures)
        {
            var previous = item.Publishing.TryGetValue(culture, out var state) ? state.PublishedVersion : null;
            await using var update = scope.Command("""
                update cms_culture set published_version = @version, published_name = @name, published_segment = segment,
                       published_at = @now, publish_at = null, publish_version = null
                where node_id = @id and culture = @culture
                """);
            update.Parameters.AddWithValue("version", version);
            update.Parameters.AddWithValue("name", data.Cultures[culture].Name);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, item.Key, "publish", culture, previous, version, null, cancellationToken);
        }
        var published = (await LoadAsync(scope.Connection, scope.Transaction, item.Key, false, cancellationToken))!;
        await notifications.PublishAsync(new ContentPublishedNotification(scope, published, cultures) { PublishedVersion = version }, cancellationToken);
        return ContentResult.Ok(published);
    }

    public Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        UnpublishAsync(key, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            var type = types.Get(item.ContentType);
            var wanted = type.VariesByCulture ? cultures : [DefaultCulture];
            var live = wanted.Where(item.IsPublished).Distinct(StringComparer.Ordinal).ToList();
            if (live.Count == 0)
                return ContentResult.Ok(item);
            return ContentResult.Ok(await UnpublishInScopeAsync(scope, item, live, "unpublish", cancellationToken));
        }, cancellationToken);

    private async Task<ContentItem> UnpublishInScopeAsync(ContentScope scope, ContentItem item, IReadOnlyList<string> cultures, string action, CancellationToken cancellationToken)
    {
        foreach (var culture in cultures)
        {
            await using var update = scope.Command(
                "update cms_culture set published_version = null, published_name = null, published_segment = null, published_at = null, unpublish_at = null where node_id = @id and culture = @culture");
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, item.Key, action, culture, item.Publishing[culture].PublishedVersion, null, null, cancellationToken);
        }
        var unpublished = (await LoadAsync(scope.Connection, scope.Transaction, item.Key, false, cancellationToken))!;
        await notifications.PublishAsync(new ContentUnpublishedNotification(scope, unpublished, cultures), cancellationToken);
        return unpublished;
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

    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, string user, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, null, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, ChangeContext change, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, null, change, cancellationToken);

    /// <summary>
    /// Sets a culture's publish and unpublish dates. The scheduled publish publishes <paramref name="version"/>
    /// (the latest when null): the version the publisher chose, never one saved after it.
    /// </summary>
    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, string user, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, version, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            if (!types.Get(item.ContentType).VariesByCulture)
                culture = DefaultCulture;
            if (!item.Publishing.ContainsKey(culture))
                return ContentResult.Invalid($"The item has no '{culture}' version.");
            if (publishAt is not null && unpublishAt is not null && unpublishAt <= publishAt)
                return ContentResult.Invalid("The unpublish date must come after the publish date.");
            var publishVersion = publishAt is null ? (int?)null : version ?? item.Version;
            if (publishVersion is < 1 || publishVersion > item.Version)
                return ContentResult.Invalid($"The item has no version {publishVersion} to schedule.");
            await using var update = scope.Command("update cms_culture set publish_at = @publish, publish_version = @publishVersion, unpublish_at = @unpublish where node_id = @id and culture = @culture");
            update.Parameters.Add(new NpgsqlParameter("publishVersion", NpgsqlDbType.Integer) { Value = (object?)publishVersion ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("publish", NpgsqlDbType.TimestampTz) { Value = (object?)publishAt ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("unpublish", NpgsqlDbType.TimestampTz) { Value = (object?)unpublishAt ?? DBNull.Value });
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, key, "schedule", culture, null, null,
                $"publish at {publishAt?.ToString("O") ?? "-"}{(publishVersion is { } v ? $" (version {v})" : "")}, unpublish at {unpublishAt?.ToString("O") ?? "-"}", cancellationToken);
            return ContentResult.Ok((await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!);
        }, cancellationToken);

    /// <summary>Carries out every publish and unpublish date that is due. Returns how many were carried out.</summary>
    public async Task<int> RunScheduleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var due = new List<(Guid Key, string Culture, bool Publish)>();
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("""
            select n.key, c.culture, c.publish_at is not null and c.publish_at <= @now
            from cms_culture c join cms_node n on n.id = c.node_id
            where (c.publish_at <= @now) or (c.unpublish_at <= @now)
            order by coalesce(c.publish_at, c.unpublish_at)
            """, connection))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add((reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        var done = 0;
        foreach (var (key, culture, publish) in due)
        {
            if (publish)
            {
                ContentResult? result;
                try
                {
                    result = await PublishScheduledAsync(key, culture, now, cancellationToken);
                }
                catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Kept for the next run: a failed attempt never drops the date.
                    logger.LogWarning(ex, "Scheduled publish of {Key} ({Culture}) could not run now; it is tried again next time.", key, culture);
                    result = null;
                }
                if (result is { Succeeded: true })
                    done++;
                else if (result is { Outcome: ContentOutcome.Invalid })
                {
                    logger.LogWarning("Scheduled publish of {Key} ({Culture}) failed: {Errors}", key, culture, string.Join("; ", result.Errors));
                    await ClearScheduleAsync(key, culture, "publish_at", string.Join("; ", result.Errors), cancellationToken);
                }
            }
            var item = await GetAsync(key, cancellationToken);
            if (item?.Publishing.GetValueOrDefault(culture)?.UnpublishAt is { } unpublishAt && unpublishAt <= now)
            {
                await UnpublishAsync(key, [culture], Scheduler, cancellationToken);
                await ClearScheduleAsync(key, culture, "unpublish_at", null, cancellationToken);
                done++;
            }
        }
        return done;
    }

    /// <summary>
    /// Publishes the version chosen when the date was set, if the date is still due once the item is locked
    /// (it may have been changed or carried out meanwhile); null when there was nothing to do.
    /// </summary>
    private async Task<ContentResult?> PublishScheduledAsync(Guid key, string culture, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ContentResult? outcome = null;
        var result = await InTransactionAsync(Scheduler, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item?.Publishing.GetValueOrDefault(culture) is not { PublishAt: { } at } state || at > now)
                return ContentResult.Ok(item!);
            outcome = await PublishInScopeAsync(scope, item, [culture], cancellationToken, state.PublishVersion ?? item.Version);
            return outcome;
        }, cancellationToken);
        return outcome is null ? null : result;
    }

    private Task ClearScheduleAsync(Guid key, string culture, string column, string? failure, CancellationToken cancellationToken) =>
        InTransactionAsync(Scheduler, async scope =>
        {
            await using var clear = scope.Command($"update cms_culture c set {column} = null from cms_node n where n.id = c.node_id and n.key = @key and c.culture = @culture");
            clear.Parameters.AddWithValue("key", key);
            clear.Parameters.AddWithValue("culture", culture);
            await clear.ExecuteNonQueryAsync(cancellationToken);
            if (failure is not null)
                await AuditAsync(scope, key, "schedule-failed", culture, null, null, failure, cancellationToken);
            return ContentResult.Ok(null!);
        }, cancellationToken);

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
            await using (var trash = scope.Command("update cms_node set trashed = true, update_date = @now, updated_by = @user where path like @path || '%'"))
            {
                trash.Parameters.AddWithValue("now", clock.GetUtcNow());
                trash.Parameters.AddWithValue("user", scope.UserName);
                trash.Parameters.AddWithValue("path", item.Path);
                await trash.ExecuteNonQueryAsync(cancellationToken);
            }
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
            await using (var restore = scope.Command("update cms_node set trashed = false, update_date = @now, updated_by = @user where path like @path || '%'"))
            {
                restore.Parameters.AddWithValue("now", clock.GetUtcNow());
                restore.Parameters.AddWithValue("user", scope.UserName);
                restore.Parameters.AddWithValue("path", item.Path);
                await restore.ExecuteNonQueryAsync(cancellationToken);
            }
            await AuditAsync(scope, key, "restore", null, null, null, null, cancellationToken);
            return ContentResult.Ok((await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!);
        }, cancellationToken);

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

    // ---- internals ----

    /// <summary>Who carries out scheduled dates.</summary>
    private static readonly ChangeContext Scheduler = ChangeContext.For("scheduler");

    /// <summary>
    /// Runs <paramref name="work"/>'s changes in one transaction (for bulk imports), all made by <paramref name="user"/>:
    /// a change joins the batch by being given <see cref="ContentBatch.Context"/>. Each change is still validated and
    /// refused on its own (a savepoint each), handlers may defer work to the commit (<see cref="ContentScope.Defer{T}"/>),
    /// and after-commit actions run once everything has committed. If the commit fails, none of the changes is kept,
    /// and the exception says why. The changes of one batch run one after another (one connection).
    /// </summary>
    public async Task InBatchAsync(string user, Func<ContentBatch, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unit = new ContentTransaction(connection, transaction, isBatch: true);
        var batch = new ContentBatch(this, user, unit);
        try
        {
            await work(batch);
        }
        finally
        {
            batch.IsOpen = false;
        }
        await unit.BeforeCommitAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RunCommittedAsync(unit);
    }

    private async Task<ContentResult> InTransactionAsync(ChangeContext change, Func<ContentScope, Task<ContentResult>> work, CancellationToken cancellationToken)
    {
        if (change.Batch is { } batch)
            return await InSavepointAsync(new ContentScope(OpenTransactionOf(batch), change), work, cancellationToken);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unit = new ContentTransaction(connection, transaction, isBatch: false);
        var result = await work(new ContentScope(unit, change));
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        await unit.BeforeCommitAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RunCommittedAsync(unit);
        return result;
    }

    private ContentTransaction OpenTransactionOf(ContentBatch batch)
    {
        if (!ReferenceEquals(batch.Owner, this))
            throw new InvalidOperationException("The batch belongs to another content service.");
        if (!batch.IsOpen)
            throw new InvalidOperationException("The batch has ended: its changes are committed or rolled back; start a new one.");
        return batch.Transaction;
    }

    /// <summary>One change of a batch: refused or failed, it is rolled back alone and the batch goes on.</summary>
    private static async Task<ContentResult> InSavepointAsync(ContentScope change, Func<ContentScope, Task<ContentResult>> work, CancellationToken cancellationToken)
    {
        const string Savepoint = "change";
        var unit = change.Unit;
        var mark = unit.AfterCommitMark;
        await unit.Transaction.SaveAsync(Savepoint, cancellationToken);
        ContentResult result;
        try
        {
            result = await work(change);
        }
        catch
        {
            await unit.Transaction.RollbackAsync(Savepoint, CancellationToken.None);
            unit.ForgetAfterCommitSince(mark);
            throw;
        }
        if (!result.Succeeded)
        {
            await unit.Transaction.RollbackAsync(Savepoint, cancellationToken);
            unit.ForgetAfterCommitSince(mark);
            return result;
        }
        await unit.Transaction.ReleaseAsync(Savepoint, cancellationToken);
        return result;
    }

    private async Task RunCommittedAsync(ContentTransaction unit)
    {
        foreach (var action in unit.CommittedActions)
        {
            try
            {
                await action(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "An after-commit action failed; the change itself is saved.");
            }
        }
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

    private static async Task<ContentData?> VersionDataAsync(ContentScope scope, long id, int version, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select data::text from cms_version where node_id = @id and version = @version");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Deserialize(json) : null;
    }

    private static async Task<Guid> KeyOfAsync(ContentScope scope, long id, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select key from cms_node where id = @id");
        command.Parameters.AddWithValue("id", id);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

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

    private async Task AuditAsync(ContentScope scope, Guid key, string action, string? culture, int? from, int? to, string? detail, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("""
            insert into cms_audit (node_key, action, culture, from_version, to_version, user_name, at, detail)
            values (@key, @action, @culture, @from, @to, @user, @at, @detail)
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.Add(new NpgsqlParameter("culture", NpgsqlDbType.Text) { Value = (object?)culture ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Integer) { Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Integer) { Value = (object?)to ?? DBNull.Value });
        command.Parameters.AddWithValue("user", scope.UserName);
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)detail ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static ContentData Deserialize(string json) =>
        JsonSerializer.Deserialize<ContentData>(json, DataJson) ?? new ContentData();

    internal static async Task<ContentItem?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid key, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select n.id, n.key, p.key, n.content_type, n.level, n.path, n.sort_order, n.trashed, n.latest_version,
                   n.create_date, n.update_date, n.created_by, n.updated_by, v.data::text
            from cms_node n
            left join cms_node p on p.id = n.parent_id
            join cms_version v on v.node_id = n.id and v.version = n.latest_version
            where n.key = @key
            """, connection, transaction);
        command.Parameters.AddWithValue("key", key);
        if (forUpdate)
        {
            // The row is locked on its own first: a lock taken through the join would, after waiting for
            // another save, re-check the new row against the old version row and find nothing.
            await using var lockRow = new NpgsqlCommand("select 1 from cms_node where key = @key for update", connection, transaction);
            lockRow.Parameters.AddWithValue("key", key);
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
                return null;
        }
        long id;
        ContentItem item;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            id = reader.GetInt64(0);
            item = new ContentItem
            {
                Id = id,
                Key = reader.GetGuid(1),
                ParentKey = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                ContentType = reader.GetString(3),
                Level = reader.GetInt32(4),
                Path = reader.GetString(5),
                SortOrder = reader.GetInt32(6),
                Trashed = reader.GetBoolean(7),
                Version = reader.GetInt32(8),
                CreateDate = reader.GetFieldValue<DateTimeOffset>(9),
                UpdateDate = reader.GetFieldValue<DateTimeOffset>(10),
                CreatedBy = reader.GetString(11),
                UpdatedBy = reader.GetString(12),
                Data = Deserialize(reader.GetString(13)),
                Publishing = new Dictionary<string, CulturePublishState>(),
            };
        }
        var publishing = new Dictionary<string, CulturePublishState>(StringComparer.Ordinal);
        await using var cultures = new NpgsqlCommand(
            "select culture, name, segment, published_version, published_at, publish_at, unpublish_at, publish_version from cms_culture where node_id = @id", connection, transaction);
        cultures.Parameters.AddWithValue("id", id);
        await using (var reader = await cultures.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                publishing[reader.GetString(0)] = new CulturePublishState(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetInt32(7));
            }
        }
        return new ContentItem
        {
            Id = item.Id,
            Key = item.Key,
            ParentKey = item.ParentKey,
            ContentType = item.ContentType,
            Level = item.Level,
            Path = item.Path,
            SortOrder = item.SortOrder,
            Trashed = item.Trashed,
            Version = item.Version,
            CreateDate = item.CreateDate,
            UpdateDate = item.UpdateDate,
            CreatedBy = item.CreatedBy,
            UpdatedBy = item.UpdatedBy,
            Data = item.Data,
            Publishing = publishing,
        };
    }
}

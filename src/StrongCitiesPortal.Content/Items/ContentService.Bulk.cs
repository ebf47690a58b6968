using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

/// <summary>A new item for <see cref="ContentService.CreateManyAsync"/>, with the cultures to publish it in.</summary>
public sealed record NewContent(ContentDraft Draft, IReadOnlyList<string> Publish);

public sealed partial class ContentService
{
    private sealed class Creation(NewContent request, int index)
    {
        public int Index { get; } = index;
        public ContentDraft Draft => request.Draft;
        public IReadOnlyList<string> Requested => request.Publish;
        public Guid Key { get; } = request.Draft.Key ?? Guid.NewGuid();
        public DocumentTypes.DocumentType Type { get; set; } = null!;
        public ContentData Data { get; set; } = null!;
        public IReadOnlyList<string> Publish { get; set; } = [];
        public long? ParentId { get; set; }
        public string ParentPath { get; set; } = "/";
        public int Level { get; set; } = 1;
        public int SortOrder { get; set; }
        public long Id { get; set; }
        public ContentResult? Result { get; set; }
    }

    private sealed record ParentRow(long Id, string Path, int Level, string ContentType, bool Trashed, HashSet<string> Published, Dictionary<string, string> Names)
    {
        public string Name(string culture) => Names.GetValueOrDefault(culture) ?? Names.Values.FirstOrDefault() ?? "";
    }

    /// <summary>
    /// Creates new items (a bulk import's new rows) with a handful of statements for all of them instead of a score
    /// per item. Each is checked, placed, given free URL segments, saved as version 1 and published exactly as
    /// <see cref="SaveAndPublishAsync(ContentDraft, IReadOnlyList{string}, ChangeContext, CancellationToken)"/> would (same errors, same audit lines, the same notifications in the same
    /// order), and each gets its own result: a refused item is left out, the others are written. Runs inside
    /// a batch (<see cref="InBatchAsync"/>), under a savepoint: if the database refuses a statement, none of the items is
    /// kept and the exception is thrown, so the caller can write them one by one to find the culprit.
    /// </summary>
    public async Task<IReadOnlyList<ContentResult>> CreateManyAsync(IReadOnlyList<NewContent> items, ChangeContext change, CancellationToken cancellationToken = default)
    {
        var batch = change.Batch ?? throw new InvalidOperationException("CreateManyAsync runs inside a batch: give it a context of InBatchAsync's batch.");
        var scope = new ContentScope(OpenTransactionOf(batch), change);
        var creations = items.Select((item, i) => new Creation(item, i)).ToList();
        if (creations.Count == 0)
            return [];
        const string Savepoint = "bulk";
        var unit = scope.Unit;
        var mark = unit.AfterCommitMark;
        await unit.Transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            await CreateManyInScopeAsync(scope, creations, cancellationToken);
        }
        catch
        {
            await unit.Transaction.RollbackAsync(Savepoint, CancellationToken.None);
            unit.ForgetAfterCommitSince(mark);
            throw;
        }
        await unit.Transaction.ReleaseAsync(Savepoint, cancellationToken);
        return creations.Select(c => c.Result!).ToList();
    }

    private async Task CreateManyInScopeAsync(ContentScope scope, List<Creation> creations, CancellationToken cancellationToken)
    {
        foreach (var creation in creations)
        {
            if (types.Find(creation.Draft.ContentType) is not { } type)
            {
                creation.Result = ContentResult.Invalid($"There is no document type '{creation.Draft.ContentType}'.");
                continue;
            }
            creation.Type = type;
            creation.Data = Normalise(creation.Draft.Data);
        }
        var pending = creations.Where(c => c.Result is null).ToList();

        // What the items pick, and their parents, read once for all of them.
        var references = pending.SelectMany(c => _validator.ContentReferences(c.Type, c.Data)).Distinct().ToArray();
        var known = new Dictionary<Guid, string>();
        if (references.Length > 0)
        {
            await using var command = scope.Command("select key, content_type from cms_node where key = any(@keys) and not trashed");
            command.Parameters.AddWithValue("keys", references);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                known[reader.GetGuid(0)] = reader.GetString(1);
        }
        var parents = await ParentRowsAsync(scope, pending.Where(c => c.Draft.ParentKey is not null).Select(c => c.Draft.ParentKey!.Value).Distinct().ToArray(), cancellationToken);

        foreach (var creation in pending)
        {
            var errors = _validator.Validate(creation.Type, creation.Data, known).ToList();
            var placementError = Place(creation, parents);
            if (placementError is not null)
                errors.Add(new ValidationError(null, null, placementError));
            if (errors.Count > 0)
            {
                creation.Result = ContentResult.Invalid(errors);
                continue;
            }
            creation.Publish = PublishCultures(creation, parents, errors);
            if (errors.Count > 0)
                creation.Result = ContentResult.Invalid(errors);
        }
        pending = pending.Where(c => c.Result is null).ToList();
        if (pending.Count == 0)
            return;

        await AssignSortOrdersAsync(scope, pending, cancellationToken);
        await AssignSegmentsAsync(scope, pending, cancellationToken);
        var now = clock.GetUtcNow();
        var inserted = await InsertNodesAsync(scope, pending, now, cancellationToken);
        foreach (var creation in pending.Where(c => !inserted.Contains(c.Key)))
        {
            var winner = (await LoadAsync(scope.Connection, scope.Transaction, creation.Key, false, cancellationToken))!;
            creation.Result = new ContentResult(ContentOutcome.Conflict, winner,
                [new ValidationError(null, null, $"Someone else created item {winner.Key} (version {winner.Version}) at the same time. Review it before saving again.")])
            { CurrentVersion = winner.Version };
        }
        pending = pending.Where(c => c.Result is null).ToList();
        if (pending.Count == 0)
            return;
        await InsertRowsAsync(scope, pending, now, cancellationToken);

        foreach (var creation in pending)
        {
            var saved = Item(creation, scope.UserName, now, published: false);
            await notifications.PublishAsync(new ContentSavedNotification(scope, saved, true), cancellationToken);
            if (creation.Publish.Count == 0)
            {
                creation.Result = ContentResult.Ok(saved);
                continue;
            }
            var published = Item(creation, scope.UserName, now, published: true);
            await notifications.PublishAsync(new ContentPublishedNotification(scope, published, creation.Publish) { PublishedVersion = 1 }, cancellationToken);
            creation.Result = ContentResult.Ok(published);
        }
    }

    private static async Task<Dictionary<Guid, ParentRow>> ParentRowsAsync(ContentScope scope, Guid[] keys, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<Guid, ParentRow>();
        if (keys.Length == 0)
            return parents;
        await using var command = scope.Command("""
            select n.key, n.id, n.path, n.level, n.content_type, n.trashed, c.culture, c.name, c.published_version is not null
            from cms_node n left join cms_culture c on c.node_id = n.id
            where n.key = any(@keys)
            """);
        command.Parameters.AddWithValue("keys", keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(0);
            if (!parents.TryGetValue(key, out var parent))
                parents[key] = parent = new ParentRow(reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetBoolean(5),
                    new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
            if (reader.IsDBNull(6))
                continue;
            parent.Names[reader.GetString(6)] = reader.GetString(7);
            if (reader.GetBoolean(8))
                parent.Published.Add(reader.GetString(6));
        }
        return parents;
    }

    /// <summary>Where a new item goes, with <see cref="PlaceNewAsync"/>'s messages.</summary>
    private string? Place(Creation creation, Dictionary<Guid, ParentRow> parents)
    {
        if (creation.Draft.ParentKey is not { } parentKey)
            return creation.Type.AllowedAtRoot ? null : $"A '{creation.Type.Name}' cannot be at the root of the tree.";
        if (!parents.TryGetValue(parentKey, out var parent))
            return $"The parent item {parentKey} does not exist.";
        creation.ParentId = parent.Id;
        creation.ParentPath = parent.Path;
        creation.Level = parent.Level + 1;
        var parentType = types.Find(parent.ContentType);
        if (parent.Trashed)
            return "The parent item is in the recycle bin.";
        if (parentType is null || !parentType.AllowedChildTypes.Contains(creation.Type.Alias, StringComparer.Ordinal))
            return $"A '{creation.Type.Name}' is not allowed below a '{parentType?.Name ?? parent.ContentType}'.";
        return null;
    }

    /// <summary>The cultures to publish, checked as <see cref="PublishInScopeAsync"/> checks them.</summary>
    private List<string> PublishCultures(Creation creation, Dictionary<Guid, ParentRow> parents, List<ValidationError> errors)
    {
        var requested = creation.Requested;
        if (requested.Count == 0)
            return [];
        var cultures = creation.Type.VariesByCulture ? requested.Distinct(StringComparer.Ordinal).ToList() : [DefaultCulture];
        foreach (var culture in cultures)
        {
            if (!creation.Data.Cultures.ContainsKey(culture))
                errors.Add(new(null, culture, $"The item has no '{culture}' version to publish."));
        }
        if (errors.Count == 0 && creation.Draft.ParentKey is { } parentKey && parents.TryGetValue(parentKey, out var parent))
        {
            var parentVaries = types.Get(parent.ContentType).VariesByCulture;
            foreach (var culture in cultures)
            {
                if (!parent.Published.Contains(parentVaries ? culture : DefaultCulture) && !(!creation.Type.VariesByCulture && parent.Published.Count > 0))
                    errors.Add(new(null, culture, $"Publish the parent '{parent.Name(culture)}' in '{culture}' first."));
            }
        }
        return cultures;
    }

    /// <summary>New items without a sort order go after their siblings, in the order given.</summary>
    private static async Task AssignSortOrdersAsync(ContentScope scope, List<Creation> creations, CancellationToken cancellationToken)
    {
        foreach (var byParent in creations.GroupBy(c => c.ParentId))
        {
            var unsorted = byParent.Where(c => c.Draft.SortOrder is null).ToList();
            foreach (var creation in byParent.Where(c => c.Draft.SortOrder is not null))
                creation.SortOrder = creation.Draft.SortOrder!.Value;
            if (unsorted.Count == 0)
                continue;
            await using var command = scope.Command("select coalesce(max(sort_order) + 1, 0) from cms_node where parent_id = @parent or (@parent is null and parent_id is null)");
            command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Bigint) { Value = (object?)byParent.Key ?? DBNull.Value });
            var next = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            foreach (var creation in unsorted)
                creation.SortOrder = next++;
        }
    }

    /// <summary>
    /// <see cref="AssignSegmentsAsync(ContentScope, long, long?, ContentData, CancellationToken)"/> for many new items:
    /// the siblings' segments each wanted one could clash with are read in one statement, then the items take theirs in order.
    /// </summary>
    private static async Task AssignSegmentsAsync(ContentScope scope, List<Creation> creations, CancellationToken cancellationToken)
    {
        var wanted = creations
            .SelectMany(c => c.Data.Cultures.Select(v => (c.ParentId, Culture: v.Key, Wanted: v.Value.Segment ?? UrlSegments.FromName(v.Value.Name))))
            .Distinct().ToList();
        var taken = new Dictionary<(long?, string), HashSet<string>>();
        await using (var command = scope.Command("""
            select w.parent, w.culture, s.segment
            from unnest(@parents, @cultures, @wanted) as w(parent, culture, wanted)
            cross join lateral (
                select c.segment, c.node_id from cms_culture c where c.culture = w.culture and c.segment = w.wanted
                union all
                select c.segment, c.node_id from cms_culture c
                where c.culture = w.culture and c.segment ~>=~ (w.wanted || '-') and c.segment ~<~ (w.wanted || '.')) s
            join cms_node n on n.id = s.node_id and n.parent_id is not distinct from w.parent and not n.trashed
            """))
        {
            // "Starts with wanted-" as a range, and apart from the exact name, so that the segment index answers both.
            command.Parameters.Add(new NpgsqlParameter("parents", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = wanted.Select(w => w.ParentId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("cultures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = wanted.Select(w => w.Culture).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("wanted", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = wanted.Select(w => w.Wanted).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), reader.GetString(1));
                if (!taken.TryGetValue(key, out var set))
                    taken[key] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(reader.GetString(2));
            }
        }
        foreach (var creation in creations)
        {
            foreach (var (culture, variant) in creation.Data.Cultures)
            {
                var want = variant.Segment ?? UrlSegments.FromName(variant.Name);
                if (!taken.TryGetValue((creation.ParentId, culture), out var set))
                    taken[(creation.ParentId, culture)] = set = new HashSet<string>(StringComparer.Ordinal);
                var segment = want;
                for (var n = 2; set.Contains(segment); n++)
                    segment = $"{want}-{n}";
                set.Add(segment);
                variant.Segment = segment;
            }
        }
    }

    /// <returns>The keys inserted; a key someone else created meanwhile is left out.</returns>
    private static async Task<HashSet<Guid>> InsertNodesAsync(ContentScope scope, List<Creation> creations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Ids are drawn first so that each path (which ends with the item's own id) is written with the row.
        await using var command = scope.Command("""
            insert into cms_node (id, key, parent_id, content_type, level, path, sort_order, latest_version, create_date, update_date, created_by, updated_by)
            overriding system value
            select x.id, x.key, x.parent, x.type, x.level, x.parent_path || x.id || '/', x.sort, 1, @now, @now, @user, @user
            from (select nextval(pg_get_serial_sequence('cms_node', 'id')) as id, u.*
                  from unnest(@keys, @parents, @types, @levels, @paths, @sorts) with ordinality as u(key, parent, type, level, parent_path, sort, ord)
                  order by u.ord) x
            order by x.id
            on conflict (key) do nothing
            returning id, key
            """);
        command.Parameters.AddWithValue("keys", creations.Select(c => c.Key).ToArray());
        command.Parameters.Add(new NpgsqlParameter("parents", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = creations.Select(c => c.ParentId).ToArray() });
        command.Parameters.AddWithValue("types", creations.Select(c => c.Type.Alias).ToArray());
        command.Parameters.AddWithValue("levels", creations.Select(c => c.Level).ToArray());
        command.Parameters.AddWithValue("paths", creations.Select(c => c.ParentPath).ToArray());
        command.Parameters.AddWithValue("sorts", creations.Select(c => c.SortOrder).ToArray());
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("user", scope.UserName);
        var byKey = creations.ToDictionary(c => c.Key);
        var inserted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(1);
            byKey[key].Id = reader.GetInt64(0);
            inserted.Add(key);
        }
        return inserted;
    }

    /// <summary>Versions, cultures (live ones published as version 1) and audit lines, in one round trip.</summary>
    private async Task InsertRowsAsync(ContentScope scope, List<Creation> creations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(scope.Connection, scope.Transaction);

        var versions = new NpgsqlBatchCommand("""
            insert into cms_version (node_id, version, data, created_at, created_by, note)
            select u.id, 1, u.data::jsonb, @now, @user, u.note from unnest(@ids, @data, @notes) as u(id, data, note)
            """);
        versions.Parameters.AddWithValue("ids", creations.Select(c => c.Id).ToArray());
        versions.Parameters.AddWithValue("data", creations.Select(c => JsonSerializer.Serialize(c.Data, DataJson)).ToArray());
        versions.Parameters.Add(new NpgsqlParameter("notes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = creations.Select(c => c.Draft.Note).ToArray() });
        versions.Parameters.AddWithValue("now", now);
        versions.Parameters.AddWithValue("user", scope.UserName);
        batch.BatchCommands.Add(versions);

        var cultureRows = creations.SelectMany(c => c.Data.Cultures.Select(v => (c.Id, Culture: v.Key, v.Value.Name, Segment: v.Value.Segment!, Live: c.Publish.Contains(v.Key)))).ToList();
        var cultures = new NpgsqlBatchCommand("""
            insert into cms_culture (node_id, culture, name, segment, published_version, published_name, published_segment, published_at)
            select u.id, u.culture, u.name, u.segment,
                   case when u.live then 1 end, case when u.live then u.name end, case when u.live then u.segment end, case when u.live then @now end
            from unnest(@ids, @cultures, @names, @segments, @live) as u(id, culture, name, segment, live)
            """);
        cultures.Parameters.AddWithValue("ids", cultureRows.Select(r => r.Id).ToArray());
        cultures.Parameters.AddWithValue("cultures", cultureRows.Select(r => r.Culture).ToArray());
        cultures.Parameters.AddWithValue("names", cultureRows.Select(r => r.Name).ToArray());
        cultures.Parameters.AddWithValue("segments", cultureRows.Select(r => r.Segment).ToArray());
        cultures.Parameters.AddWithValue("live", cultureRows.Select(r => r.Live).ToArray());
        cultures.Parameters.AddWithValue("now", now);
        batch.BatchCommands.Add(cultures);

        // As SaveAndPublishAsync writes them: the create, then a publish per culture.
        var audit = creations.SelectMany(c => new[] { (c.Key, Action: "create", Culture: (string?)null, To: 1, Detail: c.Draft.Note) }
            .Concat(c.Publish.Select(culture => (c.Key, Action: "publish", Culture: (string?)culture, To: 1, Detail: (string?)null)))).ToList();
        var audits = new NpgsqlBatchCommand("""
            insert into cms_audit (node_key, action, culture, from_version, to_version, user_name, at, detail)
            select u.key, u.action, u.culture, null, u.version, @user, @at, u.detail
            from unnest(@keys, @actions, @cultures, @versions, @details) with ordinality as u(key, action, culture, version, detail, ord)
            order by u.ord
            """);
        audits.Parameters.AddWithValue("keys", audit.Select(a => a.Key).ToArray());
        audits.Parameters.AddWithValue("actions", audit.Select(a => a.Action).ToArray());
        audits.Parameters.Add(new NpgsqlParameter("cultures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = audit.Select(a => a.Culture).ToArray() });
        audits.Parameters.AddWithValue("versions", audit.Select(a => a.To).ToArray());
        audits.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = audit.Select(a => a.Detail).ToArray() });
        audits.Parameters.AddWithValue("user", scope.UserName);
        audits.Parameters.AddWithValue("at", now);
        batch.BatchCommands.Add(audits);

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The item as <see cref="LoadAsync"/> would read it back after the save, or after the publish.</summary>
    private static ContentItem Item(Creation creation, string user, DateTimeOffset now, bool published) => new()
    {
        Id = creation.Id,
        Key = creation.Key,
        ParentKey = creation.Draft.ParentKey,
        ContentType = creation.Type.Alias,
        Level = creation.Level,
        Path = $"{creation.ParentPath}{creation.Id}/",
        SortOrder = creation.SortOrder,
        Trashed = false,
        Version = 1,
        CreateDate = now,
        UpdateDate = now,
        CreatedBy = user,
        UpdatedBy = user,
        Data = creation.Data.Clone(),
        Publishing = creation.Data.Cultures.ToDictionary(
            v => v.Key,
            v => published && creation.Publish.Contains(v.Key)
                ? new CulturePublishState(v.Key, v.Value.Name, v.Value.Segment!, 1, now, null, null)
                : new CulturePublishState(v.Key, v.Value.Name, v.Value.Segment!, null, null, null, null),
            StringComparer.Ordinal),
    };
}

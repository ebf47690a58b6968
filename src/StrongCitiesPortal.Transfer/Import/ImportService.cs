using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Notifications;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>Something wrong with the import as a whole (unknown type, no such parent): nothing is read or written.</summary>
public sealed class ImportSetupException(string message) : Exception(message);

/// <summary>
/// Imports records into one document type: every record is checked against the type with the engine's
/// validator before anything is written; valid records are created or updated (by external id) through
/// the content service, batch by batch, with the published cache refreshed once per batch.
/// </summary>
public sealed class ImportService(
    PortalDatabase database,
    ContentService content,
    DocumentTypeRegistry types,
    PublishedContentCache cache,
    ImportJournal journal,
    IOptions<PortalContentOptions> options)
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;

    private ContentService Content { get; } = content;
    private DocumentTypeRegistry Types { get; } = types;
    private PublishedContentCache Cache { get; } = cache;
    private ImportJournal Journal { get; } = journal;

    private string DefaultCulture => _cultures[0];

    public static IRecordSource OpenSource(ImportFormat format, string path, string bodyField) => format switch
    {
        ImportFormat.Csv => new Sources.CsvRecordSource(path),
        ImportFormat.JsonLines => new Sources.JsonLinesRecordSource(path),
        _ => new Sources.MarkdownFolderRecordSource(path, bodyField),
    };

    /// <summary>The property a Markdown file's body fills: the one asked for, else the type's first Markdown property.</summary>
    public string BodyProperty(string contentType, string? asked) =>
        asked ?? Types.Find(contentType)?.Properties.FirstOrDefault(p => p.Kind == EditorKind.Markdown)?.Alias ?? "body";

    public async Task<ImportReport> RunAsync(IRecordSource source, ImportRequest request, Action<RowResult>? onRow = null,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var type = Types.Find(request.ContentType)
            ?? throw new ImportSetupException($"There is no document type '{request.ContentType}' (known: {string.Join(", ", Types.All.Where(t => !t.IsElement).Select(t => t.Alias).Order(StringComparer.Ordinal))}).");
        if (type.IsElement)
            throw new ImportSetupException($"'{type.Alias}' is an element type: it can only be used as a block.");
        var unknownCultures = request.Publish.Where(c => !_cultures.Contains(c, StringComparer.Ordinal)).ToList();
        if (unknownCultures.Count > 0)
            throw new ImportSetupException($"Cannot publish in '{string.Join("', '", unknownCultures)}': the portal's cultures are {string.Join(", ", _cultures)}.");
        if (request.BatchSize is < 1 or > 10_000)
            throw new ImportSetupException("The batch size must be between 1 and 10000.");
        if (request.Parallelism is < 1 or > 32)
            throw new ImportSetupException("The number of parallel writers must be between 1 and 32.");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var run = new Run(this, request, type, connection, new ImportReport { DryRun = request.DryRun }, onRow);
        if (request.Parent is not null)
        {
            var (parent, problem) = await run.ParentAsync(request.Parent, cancellationToken);
            if (parent is null)
                throw new ImportSetupException($"--parent: {problem}");
            run.DefaultParent = parent;
        }
        var pickedTypes = type.Properties.Where(p => p.Kind == EditorKind.ContentPicker)
            .SelectMany(p => p.AllowedTypes.Count > 0 ? p.AllowedTypes : Types.All.Where(t => !t.IsElement).Select(t => t.Alias))
            .Distinct(StringComparer.Ordinal).ToList();
        run.Pickers = await PickerIndex.LoadAsync(connection, pickedTypes, cancellationToken);
        run.PickedTypes = pickedTypes.ToHashSet(StringComparer.Ordinal);
        run.Mapper = new RecordMapper(type, Types, _cultures, run.Pickers);

        long resumeAfter = 0;
        if (!request.DryRun)
        {
            var stopped = request.Resume ? await Journal.ResumableRunAsync(connection, source.Fingerprint, type.Alias, cancellationToken) : null;
            if (request.Resume && stopped is null)
                throw new ImportSetupException($"There is no stopped import of {source.Description} into '{type.Alias}' to resume (a changed file cannot be resumed: import it again; rows imported before are updated, not duplicated).");
            if (stopped is not null)
            {
                await Journal.ReopenRunAsync(connection, stopped, cancellationToken);
                run.RunId = stopped.Id;
                resumeAfter = stopped.RowsDone;
            }
            else
            {
                run.RunId = await Journal.StartRunAsync(connection, source, request, run.DefaultParent?.Key, cancellationToken);
            }
        }
        run.Report.RunId = run.RunId;
        run.Report.ResumedAfterRow = resumeAfter;

        try
        {
            var clock = Stopwatch.StartNew();
            var batch = new List<ImportRecord>(request.BatchSize);
            var lastReport = TimeSpan.Zero;
            await foreach (var record in source.ReadAsync(CancellationToken.None))
            {
                if (record.Row <= resumeAfter)
                    continue;
                batch.Add(record);
                if (batch.Count < request.BatchSize)
                    continue;
                await run.ProcessAsync(batch, cancellationToken);
                batch.Clear();
                if (clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(250))
                {
                    lastReport = clock.Elapsed;
                    progress?.Report(new ImportProgress(run.Report.Rows, source.Position, source.Length, clock.Elapsed, run.Report.Counts));
                }
                if (cancellationToken.IsCancellationRequested)
                    break;
            }
            if (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
                await run.ProcessAsync(batch, cancellationToken);
            run.Report.Stopped = cancellationToken.IsCancellationRequested;
            run.Report.Elapsed = clock.Elapsed;
            progress?.Report(new ImportProgress(run.Report.Rows, source.Length ?? source.Position, source.Length, clock.Elapsed, run.Report.Counts));
            if (run.RunId is { } runId)
                await Journal.FinishRunAsync(connection, runId, run.Report.Stopped ? "stopped" : "finished", CancellationToken.None);
            return run.Report;
        }
        catch (Exception) when (run.RunId is not null)
        {
            // Let go of the run at once (it reads 'interrupted' and can be resumed), not when the pooled connection is next reset.
            try
            {
                await ImportJournal.ReleaseRunAsync(connection, run.RunId.Value, CancellationToken.None);
            }
            catch (Exception release) when (release is NpgsqlException or InvalidOperationException)
            {
                // The connection itself is gone, and with it the lock.
            }
            throw;
        }
    }

    private sealed record ParentInfo(Guid Key, string ContentType, bool Trashed, string Name, IReadOnlySet<string> PublishedCultures);

    private sealed record ExistingItem(Guid Key, string ContentType, int Version, bool Trashed, Guid? ParentKey, ContentData Data,
        IReadOnlyDictionary<string, int?> Published, string UpdatedBy, DateTimeOffset UpdateDate);

    private sealed class Plan(MappedRecord record)
    {
        public MappedRecord Record { get; } = record;
        public RowOutcome Outcome { get; set; }
        public Guid Key { get; set; }
        public ExistingItem? Existing { get; set; }
        public ParentInfo? Parent { get; set; }
        public ContentData? Data { get; set; }
        public int? SortOrder { get; set; }
        public IReadOnlyList<string> Publish { get; set; } = [];
        public List<ValidationError> Issues { get; } = [];
    }

    /// <summary>The state of one import while it runs.</summary>
    private sealed class Run(ImportService service, ImportRequest request, DocumentType type, NpgsqlConnection connection, ImportReport report, Action<RowResult>? onRow)
    {
        private readonly ContentValidator _validator = new(service.Types, service._cultures);
        private readonly Dictionary<string, (ParentInfo? Parent, string? Problem)> _parents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _externalIdRows = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, long> _keyRows = [];

        public ImportReport Report { get; } = report;
        public long? RunId { get; set; }
        public ParentInfo? DefaultParent { get; set; }
        public PickerIndex Pickers { get; set; } = new();

        /// <summary>The types the imported type's pickers pick: new items of these become pickable by name in later rows.</summary>
        public IReadOnlySet<string> PickedTypes { get; set; } = new HashSet<string>();
        public RecordMapper Mapper { get; set; } = null!;

        public async Task ProcessAsync(IReadOnlyList<ImportRecord> records, CancellationToken cancellationToken)
        {
            var plans = records.Select(r => new Plan(Mapper.Map(r))).ToList();
            foreach (var plan in plans)
                plan.Issues.AddRange(plan.Record.Errors);

            foreach (var plan in plans.Where(p => p.Record.ExternalId is not null))
            {
                if (_externalIdRows.TryGetValue(plan.Record.ExternalId!, out var earlier))
                    plan.Issues.Add(new(RecordMapper.ExternalIdField, null, $"The external id '{plan.Record.ExternalId}' is also used by row {earlier}."));
                else
                    _externalIdRows[plan.Record.ExternalId!] = plan.Record.Row;
                if (plan.Record.Key is { } key && !_keyRows.TryAdd(key, plan.Record.Row))
                    plan.Issues.Add(new(RecordMapper.KeyField, null, $"The key {key} is also used by row {_keyRows[key]}."));
            }

            var ids = plans.Where(p => p.Record.ExternalId is not null).Select(p => p.Record.ExternalId!).Distinct(StringComparer.Ordinal).ToList();
            var mappings = await service.Journal.MappingsAsync(connection, type.Alias, ids, cancellationToken);
            var keys = mappings.Values.Select(m => m.Key).Concat(plans.Where(p => p.Record.Key is not null).Select(p => p.Record.Key!.Value)).Distinct().ToList();
            var existing = await LoadItemsAsync(keys, cancellationToken);

            foreach (var plan in plans)
                await DecideAsync(plan, mappings, existing, cancellationToken);
            await ValidateAsync(plans.Where(p => p.Data is not null && p.Outcome is not (RowOutcome.Conflict or RowOutcome.Skipped)).ToList(), cancellationToken);

            if (request.DryRun)
            {
                foreach (var plan in plans)
                    Complete(plan);
                return;
            }

            await AssignSortOrdersAsync(plans, cancellationToken);
            var done = new bool[plans.Count];
            await using (var deferred = request.RefreshCachePerBatch ? service.Cache.DeferRefresh() : null)
            {
                // Writers run side by side; rows that could claim the same URL segment share a writer.
                var groups = WriterGroups(plans, request.Parallelism);
                await Task.WhenAll(groups.Select(group => Task.Run(async () =>
                {
                    if (!request.TransactionPerWriter)
                    {
                        foreach (var index in group)
                        {
                            if (cancellationToken.IsCancellationRequested)
                                return;
                            await WriteAsync(plans[index], Change(null, deferred));
                            done[index] = true;
                        }
                        return;
                    }
                    // A writer's rows commit together: runs of new items are written with a few statements for all of
                    // them, other rows each under its own savepoint; a refused row is rolled back alone.
                    var written = new List<int>();
                    try
                    {
                        await service.Content.InBatchAsync(request.User, async batch =>
                        {
                            foreach (var run in Runs(plans, group))
                            {
                                if (cancellationToken.IsCancellationRequested)
                                    return;
                                if (run.Count > 1 && await CreateManyAsync(run.Select(i => plans[i]).ToList(), Change(batch, deferred)))
                                {
                                    written.AddRange(run);
                                    continue;
                                }
                                foreach (var index in run)
                                {
                                    if (cancellationToken.IsCancellationRequested)
                                        return;
                                    await WriteAsync(plans[index], Change(batch, deferred));
                                    written.Add(index);
                                }
                            }
                        }, CancellationToken.None);
                        foreach (var index in written)
                            done[index] = true;
                    }
                    catch (NpgsqlException ex)
                    {
                        foreach (var index in written.Where(i => plans[i].Outcome is RowOutcome.Created or RowOutcome.Updated or RowOutcome.Published))
                        {
                            plans[index].Outcome = RowOutcome.Invalid;
                            plans[index].Issues.Add(new(null, null, $"The database refused the rows written with this one: {(ex as PostgresException)?.MessageText ?? ex.Message}"));
                            done[index] = true;
                        }
                    }
                }, CancellationToken.None)));
            }

            var recorded = new List<RowResult>();
            long checkpoint = 0;
            var prefix = true;
            for (var i = 0; i < plans.Count; i++)
            {
                var plan = plans[i];
                var written = plan.Outcome is RowOutcome.Created or RowOutcome.Updated or RowOutcome.Published;
                if (written && !done[i])
                {
                    prefix = false;
                    continue;
                }
                var result = Complete(plan);
                if (plan.Outcome is not (RowOutcome.Created or RowOutcome.Updated))
                {
                    recorded.Add(result);
                }
                else if (PickedTypes.Contains(type.Alias))
                {
                    foreach (var variant in plan.Data!.Cultures.Values)
                        Pickers.AddName(type.Alias, plan.Key, variant.Name);
                    Pickers.AddExternalId(type.Alias, plan.Record.ExternalId!, plan.Key);
                }
                if (prefix)
                    checkpoint = plan.Record.Row;
            }
            // The checkpoint only passes rows all of which are handled; rows after it are done again on resume (and found unchanged).
            if (RunId is { } runId && (checkpoint > 0 || recorded.Count > 0))
                await service.Journal.RecordAsync(connection, runId, recorded, checkpoint, CancellationToken.None);
        }

        /// <summary>New items without a sort order go after their siblings, in the file's order, whatever order the writers finish in.</summary>
        private async Task AssignSortOrdersAsync(IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
        {
            foreach (var byParent in plans.Where(p => p.Outcome == RowOutcome.Created && p.Record.SortOrder is null && p.Parent is not null).GroupBy(p => p.Parent!.Key))
            {
                await using var command = new NpgsqlCommand(
                    "select coalesce(max(c.sort_order) + 1, 0) from cms_node c where c.parent_id = (select id from cms_node where key = @parent)", connection);
                command.Parameters.AddWithValue("parent", byParent.Key);
                var next = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
                foreach (var plan in byParent)
                    plan.SortOrder = next++;
            }
        }

        /// <summary>
        /// Splits the rows to write into at most <paramref name="writers"/> lists, each in file order, keeping
        /// together rows whose names or segments could ask for the same URL segment under the same parent
        /// (two writers could otherwise both find it free).
        /// </summary>
        private static List<List<int>> WriterGroups(IReadOnlyList<Plan> plans, int writers)
        {
            var owner = new Dictionary<string, int>(StringComparer.Ordinal);
            var parent = Enumerable.Range(0, plans.Count).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            var writes = new List<int>();
            for (var i = 0; i < plans.Count; i++)
            {
                if (plans[i].Outcome is not (RowOutcome.Created or RowOutcome.Updated or RowOutcome.Published))
                    continue;
                writes.Add(i);
                foreach (var (culture, variant) in plans[i].Data!.Cultures)
                {
                    var wanted = $"{plans[i].Parent?.Key}/{culture}/{variant.Segment ?? UrlSegments.FromName(variant.Name)}";
                    if (owner.TryGetValue(wanted, out var other))
                        parent[Find(i)] = Find(other);
                    else
                        owner[wanted] = i;
                }
            }
            var groups = Enumerable.Range(0, Math.Max(1, writers)).Select(_ => new List<int>()).ToList();
            foreach (var component in writes.GroupBy(Find).OrderByDescending(c => c.Count()))
                groups.MinBy(g => g.Count)!.AddRange(component);
            foreach (var group in groups)
                group.Sort();
            return groups.Where(g => g.Count > 0).ToList();
        }

        private RowResult Complete(Plan plan)
        {
            // A key only where there is (or, after this row, will be) an item with it.
            var key = plan.Existing?.Key ?? plan.Outcome switch
            {
                RowOutcome.Created when !request.DryRun || plan.Record.Key is not null => plan.Key,
                RowOutcome.Skipped => plan.Key,
                _ => (Guid?)null,
            };
            var result = new RowResult(plan.Record.Row, plan.Record.Line, plan.Record.File, plan.Record.ExternalId, key, plan.Outcome, plan.Issues);
            Report.Rows++;
            Report.Counts[plan.Outcome]++;
            if (Report.Results.Count < request.KeepRows)
                Report.Results.Add(result);
            onRow?.Invoke(result);
            return result;
        }

        private async Task DecideAsync(Plan plan, Dictionary<string, ExternalIdMapping> mappings, Dictionary<Guid, ExistingItem> existing, CancellationToken cancellationToken)
        {
            var record = plan.Record;
            if (plan.Issues.Any(i => i.Property is null || i.Property == RecordMapper.ExternalIdField || i.Property == RecordMapper.KeyField))
            {
                plan.Outcome = RowOutcome.Invalid;
                return;
            }
            var mapping = record.ExternalId is null ? null : mappings.GetValueOrDefault(record.ExternalId);
            ExistingItem? item = null;
            if (mapping is not null)
            {
                item = existing.GetValueOrDefault(mapping.Key);
                if (item is null && !request.Force)
                {
                    Skip(plan, mapping.Key, $"The item this record was imported as ({mapping.Key}) has been deleted; use --force to import it again.");
                    return;
                }
                if (item is not null && record.Key is { } given && given != item.Key)
                {
                    plan.Issues.Add(new(RecordMapper.KeyField, null, $"The external id '{record.ExternalId}' was imported as item {item.Key}, not {given}."));
                    plan.Outcome = RowOutcome.Invalid;
                    return;
                }
            }
            else if (record.Key is { } key)
            {
                item = existing.GetValueOrDefault(key);
                if (item is not null && item.ContentType != type.Alias)
                {
                    plan.Issues.Add(new(RecordMapper.KeyField, null, $"Item {key} is a '{item.ContentType}', not a '{type.Alias}'."));
                    plan.Outcome = RowOutcome.Invalid;
                    return;
                }
            }

            if (item is not null)
            {
                plan.Key = item.Key;
                plan.Existing = item;
                if (item.Trashed)
                {
                    Skip(plan, item.Key, "The item is in the recycle bin; restore it to import into it.");
                    return;
                }
                if (mapping is not null && item.Version > mapping.ImportedVersion && !request.Force)
                {
                    plan.Outcome = RowOutcome.Conflict;
                    plan.Issues.Add(new(null, null,
                        $"{item.UpdatedBy} changed the item on {item.UpdateDate:yyyy-MM-dd HH:mm} (version {item.Version}) after the last import (version {mapping.ImportedVersion}); it was not overwritten. Use --force to overwrite it."));
                    return;
                }
                plan.Data = record.Apply(item.Data);
                if (item.ParentKey is { } parentKey)
                {
                    var (parent, _) = await ParentAsync(parentKey.ToString(), cancellationToken);
                    plan.Parent = parent;
                }
                plan.Publish = PublishCultures(plan);
                var unchanged = SameData(plan.Data, item.Data);
                var publishedAlready = plan.Publish.All(c => item.Published.GetValueOrDefault(c) == item.Version);
                plan.Outcome = !unchanged ? RowOutcome.Updated : publishedAlready ? RowOutcome.Unchanged : RowOutcome.Published;
                return;
            }

            plan.Key = record.Key ?? Guid.NewGuid();
            if (record.Parent is not null)
            {
                var (parent, problem) = await ParentAsync(record.Parent, cancellationToken);
                if (parent is null)
                    plan.Issues.Add(new(RecordMapper.ParentField, null, problem!));
                plan.Parent = parent;
            }
            else
            {
                plan.Parent = DefaultParent;
                if (plan.Parent is null && !type.AllowedAtRoot)
                    plan.Issues.Add(new(RecordMapper.ParentField, null, "No parent: give --parent for the import or a parent field in the record."));
            }
            plan.Data = record.Apply(null);
            plan.Publish = PublishCultures(plan);
            plan.Outcome = RowOutcome.Created;
        }

        private void Skip(Plan plan, Guid key, string message)
        {
            plan.Key = key;
            plan.Outcome = RowOutcome.Skipped;
            plan.Issues.Add(new(null, null, message));
        }

        private IReadOnlyList<string> PublishCultures(Plan plan)
        {
            var wanted = request.PublishAsRecorded ? plan.Record.Publish ?? [] : request.Publish;
            if (wanted.Count == 0)
                return [];
            if (!type.VariesByCulture)
                return [service.DefaultCulture];
            return wanted.Where(c => plan.Data!.Cultures.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        }

        private static bool SameData(ContentData a, ContentData b)
        {
            static bool SameValues(Dictionary<string, JsonElement> x, Dictionary<string, JsonElement> y) =>
                x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var other) && JsonElement.DeepEquals(p.Value, other));
            return SameValues(a.Invariant, b.Invariant)
                && a.Cultures.Count == b.Cultures.Count
                && a.Cultures.All(c => b.Cultures.TryGetValue(c.Key, out var other)
                    && c.Value.Name == other.Name
                    && (c.Value.Segment ?? other.Segment) == other.Segment
                    && SameValues(c.Value.Values, other.Values));
        }

        /// <summary>The engine's own validation, run before anything is written, plus where the item goes and what it is published under.</summary>
        private async Task ValidateAsync(IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
        {
            var references = plans.SelectMany(p => _validator.ContentReferences(type, p.Data!)).Distinct().ToArray();
            var known = new Dictionary<Guid, string>();
            if (references.Length > 0)
            {
                await using var command = new NpgsqlCommand("select key, content_type from cms_node where key = any(@keys) and not trashed", connection);
                command.Parameters.AddWithValue("keys", references);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    known[reader.GetGuid(0)] = reader.GetString(1);
            }
            foreach (var plan in plans)
            {
                // A value the record gave that could not be read is already reported; do not also call it missing.
                var flagged = plan.Issues.Select(i => (i.Property, i.Culture)).ToHashSet();
                foreach (var error in _validator.Validate(type, plan.Data!, known))
                {
                    if (!flagged.Contains((error.Property, error.Culture)) && !plan.Issues.Contains(error))
                        plan.Issues.Add(error);
                }
                if (plan.Existing is null && plan.Parent is { } parent)
                {
                    var parentType = service.Types.Find(parent.ContentType);
                    if (parent.Trashed)
                        plan.Issues.Add(new(RecordMapper.ParentField, null, $"The parent '{parent.Name}' is in the recycle bin."));
                    else if (parentType is null || !parentType.AllowedChildTypes.Contains(type.Alias, StringComparer.Ordinal))
                        plan.Issues.Add(new(RecordMapper.ParentField, null, $"A '{type.Name}' is not allowed below a '{parentType?.Name ?? parent.ContentType}'."));
                }
                else if (plan.Existing is null && plan.Parent is null && type.AllowedAtRoot is false && !plan.Issues.Any(i => i.Property == RecordMapper.ParentField))
                {
                    plan.Issues.Add(new(RecordMapper.ParentField, null, $"A '{type.Name}' cannot be at the root of the tree."));
                }
                if (plan.Parent is { } publishedUnder && plan.Publish.Count > 0)
                {
                    var parentVaries = service.Types.Find(publishedUnder.ContentType)?.VariesByCulture ?? false;
                    foreach (var culture in plan.Publish)
                    {
                        var live = publishedUnder.PublishedCultures.Contains(parentVaries ? culture : service.DefaultCulture)
                            || (!type.VariesByCulture && publishedUnder.PublishedCultures.Count > 0);
                        if (!live)
                            plan.Issues.Add(new(null, culture, $"Publish the parent '{publishedUnder.Name}' in '{culture}' first."));
                    }
                }
                if (plan.Issues.Count > 0)
                    plan.Outcome = RowOutcome.Invalid;
            }
        }

        /// <summary>A writer's rows in file order, in runs: consecutive new items together (at most <see cref="CreateRun"/>), every other row alone.</summary>
        private static IEnumerable<List<int>> Runs(IReadOnlyList<Plan> plans, IReadOnlyList<int> group)
        {
            var run = new List<int>();
            foreach (var index in group)
            {
                var created = plans[index].Outcome == RowOutcome.Created;
                if (run.Count > 0 && (!created || run.Count == CreateRun || plans[run[0]].Outcome != RowOutcome.Created))
                {
                    yield return run;
                    run = [];
                }
                run.Add(index);
            }
            if (run.Count > 0)
                yield return run;
        }

        /// <summary>New items written together (a stop waits for at most this many).</summary>
        private const int CreateRun = 50;

        /// <returns>False when the database refused the statements: nothing was written, and the rows are to be written one by one.</returns>
        private async Task<bool> CreateManyAsync(IReadOnlyList<Plan> created, ChangeContext change)
        {
            change = change.With(new PendingImportWrites(created.Select(Pending)));
            try
            {
                var results = await service.Content.CreateManyAsync(created.Select(plan => new NewContent(Draft(plan), plan.Publish)).ToList(), change, CancellationToken.None);
                for (var i = 0; i < created.Count; i++)
                {
                    if (!results[i].Succeeded)
                    {
                        created[i].Outcome = results[i].Outcome == ContentOutcome.Conflict ? RowOutcome.Conflict : RowOutcome.Invalid;
                        created[i].Issues.AddRange(results[i].Errors);
                    }
                }
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }

        /// <summary>A change of this import: in the writer's batch if it has one, its cache refreshes left to the batch's deferral.</summary>
        private ChangeContext Change(ContentBatch? batch, DeferredCacheRefresh? deferred)
        {
            var change = batch?.Context ?? ChangeContext.For(request.User);
            return deferred is null ? change : change.With(deferred);
        }

        private PendingImportWrite Pending(Plan plan) =>
            new(RunId, plan.Record.Row, type.Alias, plan.Record.ExternalId!, plan.Key, plan.Outcome, []);

        private ContentDraft Draft(Plan plan) => new()
        {
            Key = plan.Key,
            ContentType = type.Alias,
            ParentKey = plan.Existing is null ? plan.Parent?.Key : null,
            SortOrder = plan.Existing is null ? plan.Record.SortOrder ?? plan.SortOrder : null,
            Data = plan.Data!,
            BasedOnVersion = plan.Existing?.Version,
            Note = $"Imported ({plan.Record.ExternalId})",
        };

        private async Task WriteAsync(Plan plan, ChangeContext change)
        {
            change = change.With(new PendingImportWrites([Pending(plan)]));
            try
            {
                var result = plan.Outcome == RowOutcome.Published
                    ? await service.Content.PublishAsync(plan.Key, plan.Publish, change, CancellationToken.None)
                    : await service.Content.SaveAndPublishAsync(Draft(plan), plan.Publish, change, CancellationToken.None);
                if (!result.Succeeded)
                {
                    plan.Outcome = result.Outcome == ContentOutcome.Conflict ? RowOutcome.Conflict : RowOutcome.Invalid;
                    plan.Issues.AddRange(result.Errors);
                }
            }
            catch (NpgsqlException ex)
            {
                plan.Outcome = RowOutcome.Invalid;
                plan.Issues.Add(new(null, null, $"The database refused the row: {(ex as PostgresException)?.MessageText ?? ex.Message}"));
            }
        }

        public async Task<(ParentInfo? Parent, string? Problem)> ParentAsync(string reference, CancellationToken cancellationToken)
        {
            if (_parents.TryGetValue(reference, out var known))
                return known;
            var resolved = await FindParentAsync(reference.Trim(), cancellationToken);
            if (_parents.Count > 10_000)
                _parents.Clear();
            _parents[reference] = resolved;
            return resolved;
        }

        private async Task<(ParentInfo?, string?)> FindParentAsync(string reference, CancellationToken cancellationToken)
        {
            Guid key;
            if (Guid.TryParse(reference, out var given))
            {
                key = given;
            }
            else if (reference.StartsWith('/'))
            {
                if (await LiveRoutes.FindAsync(connection, reference, service.DefaultCulture, service.Types, service.DefaultCulture, cancellationToken) is not { } live)
                    return (null, $"No published item has the route '{reference}'.");
                key = live;
            }
            else
            {
                await using var byId = new NpgsqlCommand("select distinct node_key from transfer_external_id where external_id = @id", connection);
                byId.Parameters.AddWithValue("id", reference);
                var keys = new List<Guid>();
                await using (var reader = await byId.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                        keys.Add(reader.GetGuid(0));
                }
                if (keys.Count != 1)
                    return (null, keys.Count == 0
                        ? $"'{reference}' is not the key, route or external id of any item."
                        : $"'{reference}' is the external id of {keys.Count} items; give the parent's key instead.");
                key = keys[0];
            }
            await using var command = new NpgsqlCommand("""
                select n.content_type, n.trashed, c.culture, c.name, c.published_version
                from cms_node n left join cms_culture c on c.node_id = n.id where n.key = @key order by c.culture = @default desc
                """, connection);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("default", service.DefaultCulture);
            string? contentType = null;
            var trashed = false;
            string? name = null;
            var published = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    contentType = reader.GetString(0);
                    trashed = reader.GetBoolean(1);
                    name ??= reader.IsDBNull(3) ? null : reader.GetString(3);
                    if (!reader.IsDBNull(4))
                        published.Add(reader.GetString(2));
                }
            }
            return contentType is null
                ? (null, $"There is no item {key}.")
                : (new ParentInfo(key, contentType, trashed, name ?? key.ToString(), published), null);
        }

        private async Task<Dictionary<Guid, ExistingItem>> LoadItemsAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
        {
            var items = new Dictionary<Guid, ExistingItem>();
            if (keys.Count == 0)
                return items;
            var published = new Dictionary<Guid, Dictionary<string, int?>>();
            await using (var cultures = new NpgsqlCommand(
                "select n.key, c.culture, c.published_version from cms_culture c join cms_node n on n.id = c.node_id where n.key = any(@keys)", connection))
            {
                cultures.Parameters.AddWithValue("keys", keys.ToArray());
                await using var reader = await cultures.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!published.TryGetValue(reader.GetGuid(0), out var map))
                        published[reader.GetGuid(0)] = map = new Dictionary<string, int?>(StringComparer.Ordinal);
                    map[reader.GetString(1)] = reader.IsDBNull(2) ? null : reader.GetInt32(2);
                }
            }
            await using var command = new NpgsqlCommand("""
                select n.key, n.content_type, n.latest_version, n.trashed, p.key, v.data::text, n.updated_by, n.update_date
                from cms_node n
                left join cms_node p on p.id = n.parent_id
                join cms_version v on v.node_id = n.id and v.version = n.latest_version
                where n.key = any(@keys)
                """, connection);
            command.Parameters.AddWithValue("keys", keys.ToArray());
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetGuid(0);
                    items[key] = new ExistingItem(key, reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3),
                        reader.IsDBNull(4) ? null : reader.GetGuid(4),
                        JsonSerializer.Deserialize<ContentData>(reader.GetString(5), DataJson) ?? new ContentData(),
                        published.GetValueOrDefault(key) ?? new Dictionary<string, int?>(), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));
                }
            }
            return items;
        }
    }
}

using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// Decides what each record of a batch does (create, update, publish, leave alone, or why not) before anything is
/// written: maps it, finds the item an earlier import made or its key names, and checks the result with the
/// engine's validator. One per run: it remembers the external ids and keys earlier rows used.
/// </summary>
internal sealed class ImportPlanner(
    ImportRequest request,
    DocumentType type,
    DocumentTypeRegistry types,
    IReadOnlyList<string> cultures,
    RecordMapper mapper,
    ParentResolver parents,
    ParentInfo? defaultParent,
    ItemLookup items,
    ImportJournal journal,
    NpgsqlConnection connection)
{
    private readonly ContentValidator _validator = new(types, cultures);
    private readonly Dictionary<string, long> _externalIdRows = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _keyRows = [];

    private string DefaultCulture => cultures[0];

    public async Task<List<ImportPlan>> PlanAsync(IReadOnlyList<ImportRecord> records, CancellationToken cancellationToken)
    {
        var plans = records.Select(r => new ImportPlan(mapper.Map(r))).ToList();
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
        var mappings = await journal.MappingsAsync(connection, type.Alias, ids, cancellationToken);
        var keys = mappings.Values.Select(m => m.Key).Concat(plans.Where(p => p.Record.Key is not null).Select(p => p.Record.Key!.Value)).Distinct().ToList();
        var existing = await items.LatestAsync(keys, cancellationToken);

        foreach (var plan in plans)
            await DecideAsync(plan, mappings, existing, cancellationToken);
        await ValidateAsync(plans.Where(p => p.Data is not null && p.Outcome is not (RowOutcome.Conflict or RowOutcome.Skipped)).ToList(), cancellationToken);
        return plans;
    }

    private async Task DecideAsync(ImportPlan plan, Dictionary<string, ExternalIdMapping> mappings, IReadOnlyDictionary<Guid, LatestItem> existing, CancellationToken cancellationToken)
    {
        var record = plan.Record;
        if (plan.Issues.Any(i => i.Property is null || i.Property == RecordMapper.ExternalIdField || i.Property == RecordMapper.KeyField))
        {
            plan.Outcome = RowOutcome.Invalid;
            return;
        }
        var mapping = record.ExternalId is null ? null : mappings.GetValueOrDefault(record.ExternalId);
        LatestItem? item = null;
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
                var (parent, _) = await parents.ResolveAsync(parentKey.ToString(), cancellationToken);
                plan.Parent = parent;
            }
            plan.Publish = PublishCultures(plan);
            var unchanged = SameData(plan.Data, item.Data);
            var publishedAlready = plan.Publish.All(c => item.Cultures.GetValueOrDefault(c)?.PublishedVersion == item.Version);
            plan.Outcome = !unchanged ? RowOutcome.Updated : publishedAlready ? RowOutcome.Unchanged : RowOutcome.Published;
            return;
        }

        plan.Key = record.Key ?? Guid.NewGuid();
        if (record.Parent is not null)
        {
            var (parent, problem) = await parents.ResolveAsync(record.Parent, cancellationToken);
            if (parent is null)
                plan.Issues.Add(new(RecordMapper.ParentField, null, problem!));
            plan.Parent = parent;
        }
        else
        {
            plan.Parent = defaultParent;
            if (plan.Parent is null && !type.AllowedAtRoot)
                plan.Issues.Add(new(RecordMapper.ParentField, null, "No parent: give --parent for the import or a parent field in the record."));
        }
        plan.Data = record.Apply(null);
        plan.Publish = PublishCultures(plan);
        plan.Outcome = RowOutcome.Created;
    }

    private static void Skip(ImportPlan plan, Guid key, string message)
    {
        plan.Key = key;
        plan.Outcome = RowOutcome.Skipped;
        plan.Issues.Add(new(null, null, message));
    }

    private IReadOnlyList<string> PublishCultures(ImportPlan plan)
    {
        var wanted = request.PublishAsRecorded ? plan.Record.Publish ?? [] : request.Publish;
        if (wanted.Count == 0)
            return [];
        if (!type.VariesByCulture)
            return [DefaultCulture];
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
    private async Task ValidateAsync(IReadOnlyList<ImportPlan> plans, CancellationToken cancellationToken)
    {
        var references = plans.SelectMany(p => _validator.ContentReferences(type, p.Data!)).Distinct().ToArray();
        var known = references.Length > 0 ? await items.TypesOfAsync(references, cancellationToken) : new Dictionary<Guid, string>();
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
                var parentType = types.Find(parent.ContentType);
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
                var parentVaries = types.Find(publishedUnder.ContentType)?.VariesByCulture ?? false;
                foreach (var culture in plan.Publish)
                {
                    var live = publishedUnder.PublishedCultures.Contains(parentVaries ? culture : DefaultCulture)
                        || (!type.VariesByCulture && publishedUnder.PublishedCultures.Count > 0);
                    if (!live)
                        plan.Issues.Add(new(null, culture, $"Publish the parent '{publishedUnder.Name}' in '{culture}' first."));
                }
            }
            if (plan.Issues.Count > 0)
                plan.Outcome = RowOutcome.Invalid;
        }
    }
}

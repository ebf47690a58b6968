using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Seeding;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.Export;

/// <summary>What the <c>content/extra/{key}.json</c> file of a site export holds beyond the starter-content file.</summary>
public sealed class ItemExtra
{
    public required Guid Key { get; init; }

    /// <summary>The latest version, when it differs from what the item file (the live site) holds.</summary>
    public ContentData? Draft { get; init; }

    public Dictionary<string, ScheduledDates>? Schedule { get; init; }

    /// <summary>Which version each culture has live (with history, to publish them as the versions are replayed).</summary>
    public Dictionary<string, int>? Live { get; init; }

    public List<ExportedVersion>? Versions { get; init; }
}

public sealed record ScheduledDates(DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

public sealed record ExternalIdLine(string ContentType, string ExternalId, Guid Key, int ImportedVersion, int ItemVersion);

public sealed record SiteExportSummary(int Items, int Drafts, int TrashedLeftOut, int ExternalIds, int MediaReferences);

public sealed record SiteImportSummary(int Items, int AlreadyThere, int ExternalIds, IReadOnlyList<string> Problems);

/// <summary>
/// The whole site as files in the <c>umbraco/</c> layout: <c>document-types/*.json</c> and
/// <c>content/*.json</c> (starter-content files holding what is live), plus <c>content/extra/</c> for
/// drafts, schedules and history, <c>external-ids.jsonl</c> and <c>media-references.jsonl</c>.
/// A portal started on the folder shows the same site; <see cref="ImportAsync"/> restores the rest too.
/// </summary>
public sealed class SiteTransfer(
    ContentExporter exporter,
    IContentService content,
    ItemLookup lookup,
    PortalDatabase database,
    DocumentTypeRegistry types,
    PublishedContentCache cache,
    ImportJournal journal,
    TimeProvider clock,
    IOptions<PortalContentOptions> options)
{
    public const string User = "site-import";

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;

    public async Task<SiteExportSummary> ExportAsync(string folder, bool includeHistory, CancellationToken cancellationToken = default)
    {
        var contentFolder = Path.Combine(folder, "content");
        if (Directory.Exists(contentFolder) && Directory.EnumerateFileSystemEntries(contentFolder).Any())
            throw new ImportSetupException($"{contentFolder} is not empty: export into a new folder.");
        Directory.CreateDirectory(Path.Combine(folder, "document-types"));
        Directory.CreateDirectory(Path.Combine(contentFolder, "extra"));
        await using var target = new SiteFolder(folder);
        return await ExportAsync(target, includeHistory, cancellationToken);
    }

    /// <summary>The same files as a .zip written as it goes to <paramref name="output"/> (which need not seek): nothing is built in memory.</summary>
    public async Task<SiteExportSummary> ExportZipAsync(Stream output, bool includeHistory, CancellationToken cancellationToken = default)
    {
        await using var target = new SiteZip(output);
        return await ExportAsync(target, includeHistory, cancellationToken);
    }

    private async Task<SiteExportSummary> ExportAsync(SiteFiles target, bool includeHistory, CancellationToken cancellationToken)
    {
        foreach (var type in types.All.OrderBy(t => t.Alias, StringComparer.Ordinal))
        {
            var source = type.SourceFile is null ? null : Path.Combine(options.Value.ModelPath, "document-types", type.SourceFile);
            var path = $"document-types/{type.Alias}.json";
            if (source is not null && File.Exists(source))
                await target.CopyAsync(source, path, cancellationToken);
            else
                await target.WriteAsync(path, JsonSerializer.Serialize(type, FileJson), cancellationToken);
        }

        // The model's other settings (search words and the like) travel with it, so the export is a whole umbraco/ folder.
        foreach (var other in Directory.Exists(options.Value.ModelPath) ? Directory.EnumerateDirectories(options.Value.ModelPath) : [])
        {
            var name = Path.GetFileName(other);
            if (name is "document-types" or "content")
                continue;
            foreach (var file in Directory.EnumerateFiles(other, "*", SearchOption.AllDirectories))
                await target.CopyAsync(file, $"{name}/{Path.GetRelativePath(other, file).Replace(Path.DirectorySeparatorChar, '/')}", cancellationToken);
        }

        int items = 0, drafts = 0, trashed = 0, externalIds = 0, media = 0;
        var idsFile = target.Lines("external-ids.jsonl");
        var mediaFile = target.Lines("media-references.jsonl");
        await foreach (var item in exporter.ReadAsync(new ExportQuery { IncludeHistory = includeHistory, IncludeTrashed = true }, cancellationToken))
        {
            if (item.Trashed)
            {
                trashed++;
                continue;
            }
            items++;
            var live = LiveData(item);
            var file = new
            {
                key = item.Key,
                contentType = item.ContentType,
                parent = item.ParentKey,
                sortOrder = item.SortOrder,
                invariant = live.Invariant,
                cultures = live.Cultures,
                publish = item.LiveCultures.Order(StringComparer.Ordinal).ToList(),
            };
            var name = $"{items:D5}-{item.ContentType}-{FlatRecords.FileStem(item, _cultures[0])}";
            await target.WriteAsync($"content/{name}.json", JsonSerializer.Serialize(file, FileJson), cancellationToken);

            var draft = Same(live, item.Data) ? null : item.Data;
            var schedule = item.Cultures.Where(c => c.Value.PublishAt is not null || c.Value.UnpublishAt is not null)
                .ToDictionary(c => c.Key, c => new ScheduledDates(c.Value.PublishAt, c.Value.UnpublishAt));
            if (draft is not null || schedule.Count > 0 || item.Versions is not null)
            {
                drafts += draft is null ? 0 : 1;
                var extra = new ItemExtra
                {
                    Key = item.Key,
                    Draft = draft,
                    Schedule = schedule.Count > 0 ? schedule : null,
                    Live = item.Versions is null ? null : item.Cultures.Where(c => c.Value.PublishedVersion is not null).ToDictionary(c => c.Key, c => c.Value.PublishedVersion!.Value),
                    Versions = item.Versions,
                };
                await target.WriteAsync($"content/extra/{item.Key}.json", JsonSerializer.Serialize(extra, FileJson), cancellationToken);
            }
            foreach (var mapping in item.ExternalIds)
            {
                externalIds++;
                await idsFile.WriteLineAsync(JsonSerializer.Serialize(new ExternalIdLine(mapping.ContentType, mapping.ExternalId, mapping.Key, mapping.ImportedVersion, item.Version), ExportService.LineJson));
            }
            if (item.MediaReferences.Count > 0)
            {
                media += item.MediaReferences.Count;
                await mediaFile.WriteLineAsync(JsonSerializer.Serialize(new { key = item.Key, contentType = item.ContentType, media = item.MediaReferences }, ExportService.LineJson));
            }
        }
        return new SiteExportSummary(items, drafts, trashed, externalIds, media);
    }

    /// <summary>
    /// What visitors see: each live culture as its published version has it (shared values from the newest
    /// published version), cultures not live as the latest version has them.
    /// </summary>
    private static ContentData LiveData(ExportedItem item)
    {
        var live = item.Cultures.Where(c => c.Value.PublishedVersion is not null).ToList();
        if (live.Count == 0)
            return item.Data;
        var newest = live.MaxBy(c => c.Value.PublishedVersion)!;
        var data = new ContentData { Invariant = new(item.LiveData(newest.Key)!.Invariant, StringComparer.Ordinal) };
        foreach (var (culture, variant) in item.Data.Cultures)
            data.Cultures[culture] = variant.Clone();
        foreach (var (culture, _) in live)
        {
            if (item.LiveData(culture)?.Cultures.GetValueOrDefault(culture) is { } published)
                data.Cultures[culture] = published.Clone();
        }
        return data;
    }

    private static bool Same(ContentData a, ContentData b) =>
        JsonElement.DeepEquals(JsonSerializer.SerializeToElement(a, FileJson), JsonSerializer.SerializeToElement(b, FileJson));

    /// <summary>Loads a site export into this portal: items not already here (by key), their drafts, schedules, history and external ids.</summary>
    public async Task<SiteImportSummary> ImportAsync(string folder, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = CompareDocumentTypes(Path.Combine(folder, "document-types"));
        if (problems.Count > 0)
            throw new ImportSetupException("The export's document types differ from this portal's (start it with Portal:Content:ModelPath set to the export folder): " + string.Join("; ", problems));
        IReadOnlyList<(string File, StarterItem Item)> files;
        try
        {
            files = StarterContentLoader.ReadFolder(Path.Combine(folder, "content"));
        }
        catch (StarterContentException ex)
        {
            throw new ImportSetupException(ex.Message);
        }

        var existing = new HashSet<Guid>();
        await foreach (var key in lookup.AllKeysAsync(cancellationToken))
            existing.Add(key);

        var failures = new List<string>();
        var newVersions = new Dictionary<Guid, int>();
        int loaded = 0, already = 0;
        var deferred = cache.DeferRefresh();
        var change = ChangeContext.For(User).With(deferred);
        try
        {
            foreach (var (file, item) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (existing.Contains(item.Key))
                {
                    already++;
                    continue;
                }
                var extraPath = Path.Combine(folder, "content", "extra", item.Key + ".json");
                var extra = File.Exists(extraPath) ? JsonSerializer.Deserialize<ItemExtra>(await File.ReadAllTextAsync(extraPath, cancellationToken), FileJson) : null;
                var problem = extra?.Versions is { Count: > 0 }
                    ? await ReplayAsync(item, extra, change, cancellationToken)
                    : await RestoreAsync(item, extra, change, cancellationToken);
                if (problem is not null)
                {
                    failures.Add($"{file}: {problem}");
                    continue;
                }
                foreach (var (culture, dates) in extra?.Schedule ?? new Dictionary<string, ScheduledDates>())
                    await content.ScheduleAsync(item.Key, culture, dates.PublishAt, dates.UnpublishAt, change, cancellationToken);
                newVersions[item.Key] = (await content.GetAsync(item.Key, cancellationToken))!.Version;
                loaded++;
                if (loaded % 200 == 0)
                {
                    await deferred.FlushAsync(cancellationToken);
                    progress?.Report(loaded);
                }
            }
        }
        finally
        {
            await deferred.DisposeAsync();
        }

        var ids = 0;
        var idsPath = Path.Combine(folder, "external-ids.jsonl");
        if (File.Exists(idsPath))
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            foreach (var line in await File.ReadAllLinesAsync(idsPath, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(line) || JsonSerializer.Deserialize<ExternalIdLine>(line, FileJson) is not { } mapping)
                    continue;
                if (!newVersions.TryGetValue(mapping.Key, out var version))
                    continue;
                // Keep "changed by an editor since the last import" true or false as it was, whatever the new version numbers.
                var imported = mapping.ImportedVersion >= mapping.ItemVersion ? version : Math.Min(version - 1, mapping.ImportedVersion);
                await journal.SaveMappingAsync(connection, null, new ExternalIdMapping(mapping.ContentType, mapping.ExternalId, mapping.Key, imported, clock.GetUtcNow()), null, cancellationToken);
                ids++;
            }
        }
        progress?.Report(loaded);
        return new SiteImportSummary(loaded, already, ids, failures);
    }

    private async Task<string?> RestoreAsync(StarterItem item, ItemExtra? extra, ChangeContext change, CancellationToken cancellationToken)
    {
        var result = await content.SaveAndPublishAsync(new ContentDraft
        {
            Key = item.Key,
            ContentType = item.ContentType,
            ParentKey = item.Parent,
            SortOrder = item.SortOrder,
            Data = item.ToData(),
            Note = "Restored from a site export",
        }, item.Publish, change, cancellationToken);
        if (!result.Succeeded)
            return string.Join("; ", result.Errors);
        if (extra?.Draft is { } draft)
        {
            var saved = await content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = item.ContentType, Data = draft, Note = "Restored draft from a site export" }, change, cancellationToken);
            if (!saved.Succeeded)
                return "draft: " + string.Join("; ", saved.Errors);
        }
        return null;
    }

    /// <summary>Saves every version in order and publishes each culture at the version it had live.</summary>
    private async Task<string?> ReplayAsync(StarterItem item, ItemExtra extra, ChangeContext change, CancellationToken cancellationToken)
    {
        foreach (var version in extra.Versions!.OrderBy(v => v.Version))
        {
            var publish = (extra.Live ?? new Dictionary<string, int>()).Where(l => l.Value == version.Version).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
            var result = await content.SaveAndPublishAsync(new ContentDraft
            {
                Key = item.Key,
                ContentType = item.ContentType,
                ParentKey = item.Parent,
                SortOrder = item.SortOrder,
                Data = version.Data,
                Note = $"Version {version.Version} by {version.CreatedBy} at {version.CreatedAt:O}" + (version.Note is null ? "" : $": {version.Note}"),
            }, publish, change, cancellationToken);
            if (!result.Succeeded)
                return $"version {version.Version}: " + string.Join("; ", result.Errors);
        }
        return null;
    }

    private List<string> CompareDocumentTypes(string folder)
    {
        if (!Directory.Exists(folder))
            return [$"{folder} does not exist"];
        var theirs = DocumentTypeRegistry.LoadFromFolder(folder);
        var problems = new List<string>();
        foreach (var type in theirs.All)
        {
            var ours = types.Find(type.Alias);
            if (ours is null)
                problems.Add($"'{type.Alias}' is not a document type here");
            else if (!JsonElement.DeepEquals(JsonSerializer.SerializeToElement(ours, FileJson), JsonSerializer.SerializeToElement(type, FileJson)))
                problems.Add($"'{type.Alias}' is defined differently");
        }
        return problems;
    }
}

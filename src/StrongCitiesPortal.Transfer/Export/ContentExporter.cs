using System.Runtime.CompilerServices;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.Export;

public sealed class ExportQuery
{
    /// <summary>Only items of this document type; all types when null.</summary>
    public string? ContentType { get; init; }

    public bool IncludeHistory { get; init; }

    public bool IncludeTrashed { get; init; }

    /// <summary>Items read per round trip; only one page is in memory at a time.</summary>
    public int PageSize { get; init; } = 500;
}

/// <summary>Reads every item, parents before children, a page at a time: any amount of content streams out.</summary>
public sealed class ContentExporter(StoredItemReader reader, PortalDatabase database, DocumentTypeRegistry types)
{
    public async IAsyncEnumerable<ExportedItem> ReadAsync(ExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stored = new StoredItemQuery
        {
            ContentType = query.ContentType,
            IncludeHistory = query.IncludeHistory,
            IncludeTrashed = query.IncludeTrashed,
            PageSize = query.PageSize,
        };
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var page in reader.ReadPagesAsync(stored, cancellationToken))
        {
            var mappings = await ImportJournal.MappingsByKeyAsync(connection, page.Select(i => i.Key).ToList(), cancellationToken);
            foreach (var item in page)
                yield return Exported(item, mappings.GetValueOrDefault(item.Key));
        }
    }

    private ExportedItem Exported(StoredItem stored, List<ExternalIdMapping>? external)
    {
        var item = new ExportedItem
        {
            Key = stored.Key,
            ParentKey = stored.ParentKey,
            ContentType = stored.ContentType,
            SortOrder = stored.SortOrder,
            Level = stored.Level,
            Trashed = stored.Trashed,
            Version = stored.Version,
            CreateDate = stored.CreateDate,
            UpdateDate = stored.UpdateDate,
            CreatedBy = stored.CreatedBy,
            UpdatedBy = stored.UpdatedBy,
            Data = stored.Data,
            PublishedData = stored.PublishedData,
            Versions = stored.Versions?.Select(v => new ExportedVersion(v.Version, v.CreatedAt, v.CreatedBy, v.Note, v.Data)).ToList(),
        };
        foreach (var (culture, state) in stored.Cultures)
            item.Cultures[culture] = new ExportedCulture(state.PublishedVersion, state.PublishedName, state.PublishedSegment, state.PublishedAt, state.PublishAt, state.UnpublishAt);
        if (external is not null)
            item.ExternalIds.AddRange(external);
        if (types.Find(item.ContentType) is { } type)
        {
            var data = item.PublishedData.Values.Prepend(item.Data);
            item.MediaReferences.AddRange(data.SelectMany(d => MediaReferences.Find(type, d, types)).Distinct());
        }
        return item;
    }
}

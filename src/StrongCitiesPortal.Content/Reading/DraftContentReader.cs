using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>
/// Drafts as the published cache would hold them once published, for previews: laid over the live cache, they show
/// the site as it will be. One rule for every preview: an item's latest version, each culture it has, its values
/// the shared ones overlaid with the culture's own.
/// </summary>
public sealed class DraftContentReader(PortalDatabase database, DocumentTypeRegistry types, IOptions<PortalContentOptions> options)
{
    private readonly string _defaultCulture = options.Value.EffectiveCultures[0];

    /// <summary>
    /// Items not in the recycle bin whose latest version is not what is live in every culture they have (never
    /// published, or edited since), read as they come; items of a document type no longer defined are left out.
    /// </summary>
    public async IAsyncEnumerable<PublishedContent> ReadDraftsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var draft in ReadDraftsAsync(null, connection, null, cancellationToken))
            yield return draft;
    }

    /// <summary>The drafts <paramref name="filter"/> matches (all when null, then in no particular order), on the given connection (and transaction).</summary>
    internal async IAsyncEnumerable<PublishedContent> ReadDraftsAsync(ContentFilter? filter, NpgsqlConnection connection, NpgsqlTransaction? transaction,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string Drafts = """
            where not n.trashed
              and exists (select 1 from cms_culture d where d.node_id = n.id and d.published_version is distinct from n.latest_version)
            """;
        var where = filter is null ? Drafts : $"{Drafts} and {ContentTreeReader.Selecting(filter)} {ContentTreeReader.TreeOrder}";
        await foreach (var item in LatestContentRows.ReadAsync(connection, transaction, where, p =>
        {
            if (filter is not null)
                ContentTreeReader.Bind(p, filter);
        }, cancellationToken))
        {
            if (types.Find(item.ContentType) is { } type)
                yield return AsPublished(item, type);
        }
    }

    /// <summary>The item's latest version as the published cache would hold it once published in every culture it has.</summary>
    public PublishedContent AsPublished(ContentItem item, DocumentType type)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(type);
        var variants = new Dictionary<string, PublishedVariant>(StringComparer.Ordinal);
        foreach (var (culture, own) in item.Data.Cultures)
        {
            var values = new Dictionary<string, JsonElement>(item.Data.Invariant, StringComparer.Ordinal);
            foreach (var (alias, value) in own.Values)
                values[alias] = value;
            variants[culture] = new PublishedVariant
            {
                Culture = culture,
                Name = own.Name,
                // The route segment the engine keeps for the culture, else the one the data asked for.
                Segment = item.Publishing.TryGetValue(culture, out var state) && state.Segment is { Length: > 0 } segment ? segment : own.Segment ?? "",
                Version = item.Version,
                PublishedAt = item.UpdateDate,
                Values = values,
            };
        }
        return new PublishedContent
        {
            Id = item.Id,
            Key = item.Key,
            ParentKey = item.ParentKey,
            ContentType = type.Alias,
            Level = item.Level,
            SortOrder = item.SortOrder,
            CreateDate = item.CreateDate,
            UpdateDate = item.UpdateDate,
            VariesByCulture = type.VariesByCulture,
            DefaultCulture = _defaultCulture,
            Variants = variants,
        };
    }
}

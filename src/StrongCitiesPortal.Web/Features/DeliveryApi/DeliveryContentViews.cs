using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Hands out the content a request reads: the live cache as it is (nothing is rebuilt when content changes), and for
/// preview the drafts read from PostgreSQL laid over it.
/// </summary>
public sealed class DeliveryContentViews(PublishedContentCache cache, DocumentTypeRegistry types, PortalDatabase database)
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly PublishedContentCache _cache = cache;
    private readonly DocumentTypeRegistry _types = types;
    private readonly PortalDatabase _database = database;

    public DeliveryContentView Published => DeliveryContentView.Live(_cache);

    public async Task<DeliveryContentView> PreviewAsync(CancellationToken cancellationToken) =>
        DeliveryContentView.Preview(_cache, await ReadDraftsAsync(cancellationToken));

    /// <summary>Items whose latest version is not what is live in every culture they have (never published, or edited since).</summary>
    private async Task<List<PublishedContent>> ReadDraftsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.id, n.key, p.key, n.content_type, n.level, n.sort_order, n.create_date, n.update_date, n.latest_version, v.data::text,
                   coalesce(array_agg(c.culture order by c.culture) filter (where c.culture is not null), '{}'),
                   coalesce(array_agg(c.segment order by c.culture) filter (where c.culture is not null), '{}')
            from cms_node n
            left join cms_node p on p.id = n.parent_id
            join cms_version v on v.node_id = n.id and v.version = n.latest_version
            left join cms_culture c on c.node_id = n.id
            where not n.trashed
              and exists (select 1 from cms_culture d where d.node_id = n.id and d.published_version is distinct from n.latest_version)
            group by n.id, p.key, v.data
            """, connection);
        var drafts = new List<PublishedContent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (_types.Find(reader.GetString(3)) is not { } type)
                continue;
            var data = JsonSerializer.Deserialize<ContentData>(reader.GetString(9), DataJson) ?? new ContentData();
            var segments = reader.GetFieldValue<string[]>(10).Zip(reader.GetFieldValue<string[]>(11)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            var version = reader.GetInt32(8);
            var updated = reader.GetFieldValue<DateTimeOffset>(7);
            var variants = new Dictionary<string, PublishedVariant>(StringComparer.Ordinal);
            foreach (var (culture, own) in data.Cultures)
            {
                var values = new Dictionary<string, JsonElement>(data.Invariant, StringComparer.Ordinal);
                foreach (var (alias, value) in own.Values)
                    values[alias] = value;
                variants[culture] = new PublishedVariant
                {
                    Culture = culture,
                    Name = own.Name,
                    Segment = segments.GetValueOrDefault(culture) ?? own.Segment ?? "",
                    Version = version,
                    PublishedAt = updated,
                    Values = values,
                };
            }
            drafts.Add(new PublishedContent
            {
                Id = reader.GetInt64(0),
                Key = reader.GetGuid(1),
                ParentKey = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                ContentType = type.Alias,
                Level = reader.GetInt32(4),
                SortOrder = reader.GetInt32(5),
                CreateDate = reader.GetFieldValue<DateTimeOffset>(6),
                UpdateDate = updated,
                VariesByCulture = type.VariesByCulture,
                DefaultCulture = _cache.DefaultCulture,
                Variants = variants,
            });
        }
        return drafts;
    }
}

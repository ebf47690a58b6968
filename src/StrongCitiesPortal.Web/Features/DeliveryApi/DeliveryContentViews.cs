using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Hands out pictures of the content: the live one, rebuilt once per cache generation, and for preview
/// one with every newer draft laid over the live items.
/// </summary>
public sealed class DeliveryContentViews
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly PublishedContentCache _cache;
    private readonly DocumentTypeRegistry _types;
    private readonly PortalDatabase _database;
    private readonly Lock _gate = new();
    private volatile DeliveryContentView? _published;
    private int _rebuildPending;

    public DeliveryContentViews(PublishedContentCache cache, DocumentTypeRegistry types, PortalDatabase database)
    {
        _cache = cache;
        _types = types;
        _database = database;
        cache.Changed += _ => ScheduleRebuild();
    }

    public DeliveryContentView Published
    {
        get
        {
            var generation = _cache.Generation;
            var current = _published;
            if (current is not null && current.Generation == generation)
                return current;
            lock (_gate)
            {
                current = _published;
                generation = _cache.Generation;
                if (current is null || current.Generation != generation)
                    _published = current = new DeliveryContentView(_cache, _types, _cache.All, isPreview: false, generation);
                return current;
            }
        }
    }

    /// <summary>
    /// Builds the next picture soon after content changes rather than on the first request after it; a burst of
    /// changes (an import) gives one rebuild per short pause, not one per change.
    /// </summary>
    private void ScheduleRebuild()
    {
        if (Interlocked.Exchange(ref _rebuildPending, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(100);
            Volatile.Write(ref _rebuildPending, 0);
            _ = Published;
        });
    }

    public async Task<DeliveryContentView> PreviewAsync(CancellationToken cancellationToken)
    {
        var generation = _cache.Generation;
        var items = _cache.All.ToDictionary(i => i.Key);
        foreach (var draft in await ReadDraftsAsync(cancellationToken))
            items[draft.Key] = draft;
        return new DeliveryContentView(_cache, _types, items.Values, isPreview: true, generation);
    }

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

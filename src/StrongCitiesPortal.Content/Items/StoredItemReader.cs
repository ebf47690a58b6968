using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

/// <summary>Which items <see cref="StoredItemReader"/> reads, and how many per round trip.</summary>
public sealed class StoredItemQuery
{
    /// <summary>Only items of this document type; all types when null.</summary>
    public string? ContentType { get; init; }

    /// <summary>Every version of each item too, oldest first.</summary>
    public bool IncludeHistory { get; init; }

    public bool IncludeTrashed { get; init; }

    /// <summary>Items read per round trip: one page is in memory at a time.</summary>
    public int PageSize { get; init; } = 500;
}

/// <summary>Everything the engine keeps of one item: its latest version, each culture's publish state, the data of versions live in some culture, and (when asked) its history.</summary>
public sealed record StoredItem(
    Guid Key,
    Guid? ParentKey,
    string ContentType,
    int SortOrder,
    int Level,
    bool Trashed,
    int Version,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    string CreatedBy,
    string UpdatedBy,
    ContentData Data)
{
    public Dictionary<string, StoredCulture> Cultures { get; } = new(StringComparer.Ordinal);

    /// <summary>The data of versions live in some culture other than the latest one, by version.</summary>
    public Dictionary<int, ContentData> PublishedData { get; } = [];

    /// <summary>Every version, oldest first; null unless <see cref="StoredItemQuery.IncludeHistory"/>.</summary>
    public List<StoredVersion>? Versions { get; set; }
}

public sealed record StoredCulture(int? PublishedVersion, string? PublishedName, string? PublishedSegment, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

public sealed record StoredVersion(int Version, DateTimeOffset CreatedAt, string CreatedBy, string? Note, ContentData Data);

/// <summary>
/// Reads every item, parents before children, a page at a time on one connection: any amount of content streams
/// out in flat memory (exports, whole-site copies).
/// </summary>
public sealed class StoredItemReader(PortalDatabase database)
{
    public async IAsyncEnumerable<IReadOnlyList<StoredItem>> ReadPagesAsync(StoredItemQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var after = "";
        while (true)
        {
            var page = await PageAsync(connection, query, after, cancellationToken);
            if (page.Count == 0)
                yield break;
            yield return page.Select(r => r.Item).ToList();
            after = page[^1].Path;
            if (page.Count < query.PageSize)
                yield break;
        }
    }

    private sealed record Row(long Id, string Path, StoredItem Item);

    private static async Task<List<Row>> PageAsync(NpgsqlConnection connection, StoredItemQuery query, string after, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        // Paths ("/1/5/9/") in byte order put every parent before its children.
        await using (var command = new NpgsqlCommand("""
            select n.id, n.path, n.key, p.key, n.content_type, n.sort_order, n.level, n.trashed, n.latest_version,
                   n.create_date, n.update_date, n.created_by, n.updated_by, v.data::text
            from cms_node n
            left join cms_node p on p.id = n.parent_id
            join cms_version v on v.node_id = n.id and v.version = n.latest_version
            where n.path collate "C" > @after
              and (@type::text is null or n.content_type = @type)
              and (@trashed or not n.trashed)
            order by n.path collate "C"
            limit @take
            """, connection))
        {
            command.Parameters.AddWithValue("after", after);
            command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)query.ContentType ?? DBNull.Value });
            command.Parameters.AddWithValue("trashed", query.IncludeTrashed);
            command.Parameters.AddWithValue("take", query.PageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), new StoredItem(
                    reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    reader.GetString(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetBoolean(7),
                    reader.GetInt32(8),
                    reader.GetFieldValue<DateTimeOffset>(9),
                    reader.GetFieldValue<DateTimeOffset>(10),
                    reader.GetString(11),
                    reader.GetString(12),
                    ContentService.Deserialize(reader.GetString(13)))));
            }
        }
        if (rows.Count == 0)
            return rows;
        var byId = rows.ToDictionary(r => r.Id, r => r.Item);
        var ids = byId.Keys.ToArray();

        await using (var cultures = new NpgsqlCommand("""
            select node_id, culture, published_version, published_name, published_segment, published_at, publish_at, unpublish_at
            from cms_culture where node_id = any(@ids)
            """, connection))
        {
            cultures.Parameters.AddWithValue("ids", ids);
            await using var reader = await cultures.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                byId[reader.GetInt64(0)].Cultures[reader.GetString(1)] = new StoredCulture(
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
            }
        }

        var older = byId.SelectMany(p => p.Value.Cultures.Values
                .Where(c => c.PublishedVersion is { } v && v != p.Value.Version)
                .Select(c => (Id: p.Key, Version: c.PublishedVersion!.Value)))
            .Distinct().ToList();
        if (older.Count > 0)
        {
            await using var published = new NpgsqlCommand("""
                select v.node_id, v.version, v.data::text from cms_version v
                join unnest(@ids, @versions) as w(id, version) on w.id = v.node_id and w.version = v.version
                """, connection);
            published.Parameters.AddWithValue("ids", older.Select(o => o.Id).ToArray());
            published.Parameters.AddWithValue("versions", older.Select(o => o.Version).ToArray());
            await using var reader = await published.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                byId[reader.GetInt64(0)].PublishedData[reader.GetInt32(1)] = ContentService.Deserialize(reader.GetString(2));
        }

        if (query.IncludeHistory)
        {
            await using var history = new NpgsqlCommand(
                "select node_id, version, created_at, created_by, note, data::text from cms_version where node_id = any(@ids) order by node_id, version", connection);
            history.Parameters.AddWithValue("ids", ids);
            await using var reader = await history.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var item = byId[reader.GetInt64(0)];
                (item.Versions ??= []).Add(new StoredVersion(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), ContentService.Deserialize(reader.GetString(5))));
            }
        }
        return rows;
    }
}

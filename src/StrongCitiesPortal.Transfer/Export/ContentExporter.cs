using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
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
public sealed class ContentExporter(PortalDatabase database, DocumentTypeRegistry types)
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public async IAsyncEnumerable<ExportedItem> ReadAsync(ExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var after = "";
        while (true)
        {
            var page = await PageAsync(connection, query, after, cancellationToken);
            if (page.Count == 0)
                yield break;
            foreach (var (_, item) in page)
                yield return item;
            after = page[^1].Path;
            if (page.Count < query.PageSize)
                yield break;
        }
    }

    private sealed record Row(long Id, string Path, ExportedItem Item);

    private async Task<List<(string Path, ExportedItem Item)>> PageAsync(NpgsqlConnection connection, ExportQuery query, string after, CancellationToken cancellationToken)
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
                rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), new ExportedItem
                {
                    Key = reader.GetGuid(2),
                    ParentKey = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    ContentType = reader.GetString(4),
                    SortOrder = reader.GetInt32(5),
                    Level = reader.GetInt32(6),
                    Trashed = reader.GetBoolean(7),
                    Version = reader.GetInt32(8),
                    CreateDate = reader.GetFieldValue<DateTimeOffset>(9),
                    UpdateDate = reader.GetFieldValue<DateTimeOffset>(10),
                    CreatedBy = reader.GetString(11),
                    UpdatedBy = reader.GetString(12),
                    Data = Parse(reader.GetString(13)),
                }));
            }
        }
        if (rows.Count == 0)
            return [];
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
                byId[reader.GetInt64(0)].Cultures[reader.GetString(1)] = new ExportedCulture(
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
                byId[reader.GetInt64(0)].PublishedData[reader.GetInt32(1)] = Parse(reader.GetString(2));
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
                (item.Versions ??= []).Add(new ExportedVersion(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), Parse(reader.GetString(5))));
            }
        }

        var mappings = await ImportJournal.MappingsByKeyAsync(connection, byId.Values.Select(i => i.Key).ToList(), cancellationToken);
        foreach (var item in byId.Values)
        {
            if (mappings.TryGetValue(item.Key, out var external))
                item.ExternalIds.AddRange(external);
            if (types.Find(item.ContentType) is { } type)
            {
                var data = item.PublishedData.Values.Prepend(item.Data);
                item.MediaReferences.AddRange(data.SelectMany(d => MediaReferences.Find(type, d, types)).Distinct());
            }
        }
        return rows.Select(r => (r.Path, r.Item)).ToList();
    }

    private static ContentData Parse(string json) => JsonSerializer.Deserialize<ContentData>(json, DataJson) ?? new ContentData();
}

using System.Runtime.CompilerServices;
using Npgsql;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

/// <summary>An item's latest version as a bulk writer needs it: what it is, where it sits, its data, and each culture's name and live version.</summary>
public sealed record LatestItem(
    Guid Key,
    string ContentType,
    int Version,
    bool Trashed,
    Guid? ParentKey,
    ContentData Data,
    string UpdatedBy,
    DateTimeOffset UpdateDate,
    IReadOnlyDictionary<string, LatestCulture> Cultures);

/// <summary>A culture of an item: its draft name and the version live in it (null when it is not published).</summary>
public sealed record LatestCulture(string Name, int? PublishedVersion);

/// <summary>One culture's name of an item.</summary>
public sealed record ItemName(string ContentType, Guid Key, string Culture, string Name);

/// <summary>
/// Looks items up by key or type for callers that work on many at once (imports, site copies): a few round trips
/// for a whole batch, never one per item.
/// </summary>
public sealed class ItemLookup(PortalDatabase database)
{
    /// <summary>Keys asked about per statement, so a lookup of any size stays a bounded parameter.</summary>
    private const int KeysPerStatement = 10_000;

    /// <summary>The latest version of each of these items that exists, in the recycle bin or not.</summary>
    public async Task<IReadOnlyDictionary<Guid, LatestItem>> LatestAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = new Dictionary<Guid, LatestItem>();
        if (keys.Count == 0)
            return items;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        foreach (var chunk in keys.Distinct().Chunk(KeysPerStatement))
        {
            // Both statements in one round trip: the cultures, then the items.
            await using var batch = new NpgsqlBatch(connection);
            var cultureCommand = new NpgsqlBatchCommand(
                "select n.key, c.culture, c.name, c.published_version from cms_culture c join cms_node n on n.id = c.node_id where n.key = any(@keys)");
            cultureCommand.Parameters.AddWithValue("keys", chunk);
            batch.BatchCommands.Add(cultureCommand);
            var itemCommand = new NpgsqlBatchCommand("""
                select n.key, n.content_type, n.latest_version, n.trashed, p.key, v.data::text, n.updated_by, n.update_date
                from cms_node n
                left join cms_node p on p.id = n.parent_id
                join cms_version v on v.node_id = n.id and v.version = n.latest_version
                where n.key = any(@keys)
                """);
            itemCommand.Parameters.AddWithValue("keys", chunk);
            batch.BatchCommands.Add(itemCommand);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var cultures = new Dictionary<Guid, Dictionary<string, LatestCulture>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetGuid(0);
                if (!cultures.TryGetValue(key, out var map))
                    cultures[key] = map = new Dictionary<string, LatestCulture>(StringComparer.Ordinal);
                map[reader.GetString(1)] = new LatestCulture(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetGuid(0);
                items[key] = new LatestItem(key, reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4),
                    ContentService.Deserialize(reader.GetString(5)),
                    reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                    cultures.GetValueOrDefault(key) ?? new Dictionary<string, LatestCulture>(StringComparer.Ordinal));
            }
        }
        return items;
    }

    /// <summary>The document type of each of these items that exists and is not in the recycle bin.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> TypesOfAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var types = new Dictionary<Guid, string>();
        if (keys.Count == 0)
            return types;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        foreach (var chunk in keys.Distinct().Chunk(KeysPerStatement))
        {
            await using var command = new NpgsqlCommand("select key, content_type from cms_node where key = any(@keys) and not trashed", connection);
            command.Parameters.AddWithValue("keys", chunk);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                types[reader.GetGuid(0)] = reader.GetString(1);
        }
        return types;
    }

    /// <summary>The sort order after the last of the item's children (in the recycle bin or not); 0 when it has none or does not exist.</summary>
    public async Task<int> NextSortOrderAsync(Guid parentKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select coalesce(max(c.sort_order) + 1, 0) from cms_node c where c.parent_id = (select id from cms_node where key = @parent)", connection);
        command.Parameters.AddWithValue("parent", parentKey);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The key of every item, in the recycle bin or not.</summary>
    public async IAsyncEnumerable<Guid> AllKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select key from cms_node", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return reader.GetGuid(0);
    }

    /// <summary>Every culture's name of every item of these types that is not in the recycle bin.</summary>
    public async IAsyncEnumerable<ItemName> NamesAsync(IReadOnlyCollection<string> contentTypes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentTypes);
        if (contentTypes.Count == 0)
            yield break;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.content_type, n.key, c.culture, c.name from cms_node n join cms_culture c on c.node_id = n.id
            where n.content_type = any(@types) and not n.trashed
            """, connection);
        command.Parameters.AddWithValue("types", contentTypes.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new ItemName(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3));
    }

    /// <summary>
    /// The latest version of each of these items as the change's own transaction sees it (its uncommitted saves
    /// included, those rolled back to a savepoint not): for handlers that write beside the engine's rows.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> LatestVersionsAsync(IChangeScope scope, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(keys);
        var versions = new Dictionary<Guid, int>();
        foreach (var chunk in keys.Distinct().Chunk(KeysPerStatement))
        {
            await using var command = scope.Database().Command("select key, latest_version from cms_node where key = any(@keys)");
            command.Parameters.AddWithValue("keys", chunk);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                versions[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        return versions;
    }
}

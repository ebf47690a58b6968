using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>One live culture of an item, with the values that culture sees.</summary>
public sealed record PublishedCulture(
    string Culture,
    string Name,
    int Version,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>A live item: everything the index needs from the content tables.</summary>
public sealed record PublishedNode(
    long Id,
    Guid Key,
    string ContentType,
    DateTimeOffset UpdateDate,
    IReadOnlyList<PublishedCulture> Cultures)
{
    public PublishedCulture? Culture(string culture) => Cultures.FirstOrDefault(c => c.Culture == culture);
}

/// <summary>Reads live content straight from the content tables (inside the change's transaction when given one).</summary>
public static class PublishedSource
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private const string Select = """
        select n.id, n.key, n.content_type, n.update_date, c.culture, c.published_name, c.published_version, c.published_at, v.data::text
        from cms_node n
        join cms_culture c on c.node_id = n.id and c.published_version is not null
        join cms_version v on v.node_id = n.id and v.version = c.published_version
        where not n.trashed
        """;

    public static Task<List<PublishedNode>> ReadByIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        ReadListAsync(connection, transaction, Select + " and n.id = any(@ids) order by n.id, c.culture", p => p.AddWithValue("ids", ids.ToArray()), cancellationToken);

    public static Task<List<PublishedNode>> ReadByKeysAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        ReadListAsync(connection, transaction, Select + " and n.key = any(@keys) order by n.id, c.culture", p => p.AddWithValue("keys", keys.ToArray()), cancellationToken);

    public static Task<List<PublishedNode>> ReadByTypesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> types, CancellationToken cancellationToken) =>
        ReadListAsync(connection, transaction, Select + " and n.content_type = any(@types) order by n.id, c.culture", p => p.AddWithValue("types", types.ToArray()), cancellationToken);

    /// <summary>Every live item in node order, read as a stream (a reindex reads the whole site).</summary>
    public static async IAsyncEnumerable<PublishedNode> ReadAllAsync(NpgsqlConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + " order by n.id, c.culture", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        await foreach (var node in GroupAsync(reader, cancellationToken))
            yield return node;
    }

    private static async Task<List<PublishedNode>> ReadListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        parameters(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<PublishedNode>();
        await foreach (var node in GroupAsync(reader, cancellationToken))
            nodes.Add(node);
        return nodes;
    }

    private static async IAsyncEnumerable<PublishedNode> GroupAsync(NpgsqlDataReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? currentId = null;
        Guid key = default;
        string type = "";
        DateTimeOffset updated = default;
        var cultures = new List<PublishedCulture>();
        var parsed = new Dictionary<int, ContentData>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (currentId != id)
            {
                if (currentId is { } done)
                    yield return new PublishedNode(done, key, type, updated, cultures);
                currentId = id;
                key = reader.GetGuid(1);
                type = reader.GetString(2);
                updated = reader.GetFieldValue<DateTimeOffset>(3);
                cultures = [];
                parsed.Clear();
            }
            var culture = reader.GetString(4);
            var name = reader.GetString(5);
            var version = reader.GetInt32(6);
            var publishedAt = reader.GetFieldValue<DateTimeOffset>(7);
            if (!parsed.TryGetValue(version, out var data))
                parsed[version] = data = JsonSerializer.Deserialize<ContentData>(reader.GetString(8), DataJson) ?? new ContentData();
            cultures.Add(new PublishedCulture(culture, name, version, publishedAt, ValuesFor(data, culture)));
        }
        if (currentId is { } last)
            yield return new PublishedNode(last, key, type, updated, cultures);
    }

    /// <summary>The shared values overlaid with the culture's own, as a visitor in that culture sees them.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ValuesFor(ContentData data, string culture)
    {
        var values = new Dictionary<string, JsonElement>(data.Invariant, StringComparer.Ordinal);
        if (data.Cultures.TryGetValue(culture, out var own))
        {
            foreach (var (alias, value) in own.Values)
                values[alias] = value;
        }
        return values;
    }
}

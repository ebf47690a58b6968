using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>One live culture of an item, with the values that culture sees.</summary>
public sealed record PublishedCulture(
    string Culture,
    string Name,
    int Version,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>A live item as read from the content tables: what indexes and other derived copies are built from.</summary>
public sealed record PublishedNode(
    long Id,
    Guid Key,
    string ContentType,
    DateTimeOffset UpdateDate,
    IReadOnlyList<PublishedCulture> Cultures)
{
    public PublishedCulture? Culture(string culture) => Cultures.FirstOrDefault(c => c.Culture == culture);

    /// <summary>Its ancestors' keys, from the root down (the last is its parent).</summary>
    public IReadOnlyList<Guid> AncestorKeys { get; init; } = [];

    public Guid? ParentKey => AncestorKeys.Count == 0 ? null : AncestorKeys[^1];

    public int Level { get; init; }
    public int SortOrder { get; init; }
    public DateTimeOffset CreateDate { get; init; }
}

/// <summary>
/// Reads what is live straight from the content tables, by one rule every surface shares: a culture of an item
/// is live when it is published, the item is not in the recycle bin, and every ancestor is published in that
/// culture (an ancestor that does not vary by culture counts as published in every culture it is published in
/// the default one).
/// </summary>
public sealed class LiveContentReader(PortalDatabase database, DocumentTypeRegistry types, IOptions<PortalContentOptions> options)
{
    private const string Select = """
        select n.id, n.key, n.content_type, n.update_date, c.culture, c.published_name, c.published_version, c.published_at, convert_to(v.data::text, 'UTF8'),
               n.create_date, n.level, n.sort_order,
               array(select a.key from cms_node a
                     where a.id = any(array_remove(string_to_array(n.path, '/'), '')::bigint[]) and a.id <> n.id order by a.level) as ancestors
        from cms_node n
        join cms_culture c on c.node_id = n.id and c.published_version is not null
        join cms_version v on v.node_id = n.id and v.version = c.published_version
        where not n.trashed
          and not exists (
            select 1 from cms_node a
            where a.id = any(array_remove(string_to_array(n.path, '/'), '')::bigint[]) and a.id <> n.id
              and not exists (
                select 1 from cms_culture ac
                where ac.node_id = a.id and ac.published_version is not null
                  and (ac.culture = c.culture or (ac.culture = @defaultCulture and a.content_type = any(@invariantTypes)))))
        """;

    private string[] InvariantTypes => types.All.Where(t => !t.VariesByCulture).Select(t => t.Alias).ToArray();

    public Task<List<PublishedNode>> ReadByKeysAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        ReadListAsync(Select + " and n.key = any(@keys) order by n.id, c.culture", p => p.AddWithValue("keys", keys.ToArray()), cancellationToken);

    /// <summary>Keys of these items and of everything below them, in the recycle bin or not.</summary>
    public async Task<List<Guid>> SubtreeKeysAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select distinct d.key from cms_node a join cms_node d on d.path like a.path || '%' where a.key = any(@keys)
            """, connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(reader.GetGuid(0));
        return found;
    }

    /// <summary>Every live item in node order, read as a stream on the given connection (and its transaction's snapshot).</summary>
    public async IAsyncEnumerable<PublishedNode> ReadAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + " order by n.id, c.culture", connection, transaction);
        AddRuleParameters(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        await foreach (var node in GroupAsync(reader, cancellationToken))
            yield return node;
    }

    /// <summary>The live items <paramref name="filter"/> matches, in tree order, read as a stream on the given connection (and transaction).</summary>
    internal async IAsyncEnumerable<PublishedNode> ReadAsync(ContentFilter filter, NpgsqlConnection connection, NpgsqlTransaction? transaction,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"{Select} and {ContentTreeReader.Selecting(filter)} {ContentTreeReader.TreeOrder}, c.culture", connection, transaction);
        AddRuleParameters(command.Parameters);
        ContentTreeReader.Bind(command.Parameters, filter);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        await foreach (var node in GroupAsync(reader, cancellationToken))
            yield return node;
    }

    /// <summary>How many items are live (for progress reports).</summary>
    public async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select count(distinct node_id) from cms_culture where published_version is not null", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private void AddRuleParameters(NpgsqlParameterCollection parameters)
    {
        parameters.AddWithValue("defaultCulture", options.Value.DefaultCulture);
        parameters.AddWithValue("invariantTypes", InvariantTypes);
    }

    private async Task<List<PublishedNode>> ReadListAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        AddRuleParameters(command.Parameters);
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
        var type = "";
        DateTimeOffset updated = default;
        var structure = (Created: default(DateTimeOffset), Level: 0, SortOrder: 0, Ancestors: Array.Empty<Guid>());
        var cultures = new List<PublishedCulture>();
        var parsed = new Dictionary<int, ContentData>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (currentId != id)
            {
                if (currentId is { } done)
                    yield return Node(done, key, type, updated, cultures, structure);
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
                parsed[version] = data = Parse(reader.GetFieldValue<byte[]>(8));
            // Read in column order: the reader may be sequential.
            structure = (reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetFieldValue<Guid[]>(12));
            cultures.Add(new PublishedCulture(culture, name, version, publishedAt, ValuesFor(data, culture)));
        }
        if (currentId is { } last)
            yield return Node(last, key, type, updated, cultures, structure);
    }

    private static PublishedNode Node(long id, Guid key, string type, DateTimeOffset updated, List<PublishedCulture> cultures,
        (DateTimeOffset Created, int Level, int SortOrder, Guid[] Ancestors) structure) =>
        new(id, key, type, updated, cultures)
        {
            CreateDate = structure.Created,
            Level = structure.Level,
            SortOrder = structure.SortOrder,
            AncestorKeys = structure.Ancestors,
        };

    /// <summary>
    /// A version's values as <see cref="ContentService.Deserialize"/> reads them, from the UTF-8 text as PostgreSQL sends
    /// it and as one JSON document: the serializer made a string of the text and a document of each value.
    /// </summary>
    internal static ContentData Parse(byte[] utf8)
    {
        var json = new Utf8JsonReader(utf8);
        var root = JsonElement.ParseValue(ref json);
        var data = new ContentData();
        if (root.ValueKind != JsonValueKind.Object)
            return data;
        foreach (var part in root.EnumerateObject())
        {
            if (part.Name.Equals("invariant", StringComparison.OrdinalIgnoreCase))
                AddValues(part.Value, data.Invariant);
            else if (part.Name.Equals("cultures", StringComparison.OrdinalIgnoreCase) && part.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var culture in part.Value.EnumerateObject())
                {
                    if (culture.Value.ValueKind != JsonValueKind.Object)
                        continue;
                    var own = new CultureData();
                    foreach (var field in culture.Value.EnumerateObject())
                    {
                        if (field.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                            own.Name = field.Value.GetString() ?? "";
                        else if (field.Name.Equals("segment", StringComparison.OrdinalIgnoreCase))
                            own.Segment = field.Value.GetString();
                        else if (field.Name.Equals("values", StringComparison.OrdinalIgnoreCase))
                            AddValues(field.Value, own.Values);
                    }
                    data.Cultures[culture.Name] = own;
                }
            }
        }
        return data;
    }

    private static void AddValues(JsonElement values, Dictionary<string, JsonElement> into)
    {
        if (values.ValueKind != JsonValueKind.Object)
            return;
        foreach (var value in values.EnumerateObject())
            into[value.Name] = value.Value;
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

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Seeding;

/// <summary>One starter item as written in <c>umbraco/content/*.json</c>.</summary>
public sealed class StarterItem
{
    public required Guid Key { get; init; }
    public required string ContentType { get; init; }
    public Guid? Parent { get; init; }
    public int? SortOrder { get; init; }
    public Dictionary<string, JsonElement> Invariant { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, CultureData> Cultures { get; init; } = new(StringComparer.Ordinal);
    public List<string> Publish { get; init; } = [];

    public ContentData ToData() => new() { Invariant = Invariant, Cultures = Cultures };
}

public sealed class StarterContentException(string message) : Exception(message);

/// <summary>
/// Loads the starter content once: an item whose key was ever loaded is never loaded again, so an
/// editor's later change or deletion stands.
/// </summary>
public sealed class StarterContentLoader(PortalDatabase database, ContentService content, ILogger<StarterContentLoader> logger)
{
    public const string UserName = "starter-content";
    private const long LockId = 0x5C_0A_7A3;

    public static IReadOnlyList<(string File, StarterItem Item)> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            return [];
        var items = new List<(string, StarterItem)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var item = JsonSerializer.Deserialize<StarterItem>(File.ReadAllText(file), DocumentTypeRegistry.FileJson)
                    ?? throw new StarterContentException($"{Path.GetFileName(file)}: the file is empty.");
                items.Add((Path.GetFileName(file), item));
            }
            catch (JsonException ex)
            {
                throw new StarterContentException($"{Path.GetFileName(file)}: {ex.Message}");
            }
        }
        return OrderParentsFirst(items);
    }

    private static List<(string File, StarterItem Item)> OrderParentsFirst(List<(string File, StarterItem Item)> items)
    {
        var byKey = new Dictionary<Guid, (string File, StarterItem Item)>();
        foreach (var entry in items)
        {
            if (!byKey.TryAdd(entry.Item.Key, entry))
                throw new StarterContentException($"{entry.File}: key {entry.Item.Key} is also used by {byKey[entry.Item.Key].File}.");
        }
        var ordered = new List<(string, StarterItem)>();
        var state = new Dictionary<Guid, bool>();
        void Visit((string File, StarterItem Item) entry)
        {
            if (state.TryGetValue(entry.Item.Key, out var done))
            {
                if (!done)
                    throw new StarterContentException($"{entry.File}: its parents and picked items refer back to it in a loop.");
                return;
            }
            state[entry.Item.Key] = false;
            foreach (var dependency in Dependencies(entry.Item))
            {
                if (dependency != entry.Item.Key && byKey.TryGetValue(dependency, out var dependencyEntry))
                    Visit(dependencyEntry);
            }
            state[entry.Item.Key] = true;
            ordered.Add(entry);
        }
        foreach (var entry in items)
            Visit(entry);
        return ordered;
    }

    /// <summary>The parent and every item the values pick, so that items are saved after what they refer to.</summary>
    private static IEnumerable<Guid> Dependencies(StarterItem item)
    {
        if (item.Parent is { } parent)
            yield return parent;
        var values = item.Invariant.Values.Concat(item.Cultures.Values.SelectMany(c => c.Values.Values));
        foreach (var value in values)
        {
            foreach (var key in GuidsIn(value))
                yield return key;
        }
    }

    private static IEnumerable<Guid> GuidsIn(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when Guid.TryParse(value.GetString(), out var key) => [key],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(GuidsIn),
        JsonValueKind.Object => value.EnumerateObject().Where(p => p.Name != "key").SelectMany(p => GuidsIn(p.Value)),
        _ => [],
    };

    /// <returns>How many items were loaded now.</returns>
    public Task<int> LoadAsync(string folder, CancellationToken cancellationToken = default) =>
        LoadAsync(ReadFolder(folder), cancellationToken);

    /// <summary>Loads the items <see cref="ReadFolder"/> read (a start reads them while the database starts).</summary>
    /// <returns>How many items were loaded now.</returns>
    public async Task<int> LoadAsync(IReadOnlyList<(string File, StarterItem Item)> items, CancellationToken cancellationToken = default)
    {
        if (items.Count == 0)
            return 0;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(@id)", connection))
        {
            take.Parameters.AddWithValue("id", LockId);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var seen = new HashSet<Guid>();
            // Only the starter keys are looked up: a start costs the same on a site of any size.
            await using (var read = new NpgsqlCommand("select key from cms_seed_log where key = any(@keys) union select key from cms_node where key = any(@keys)", connection))
            {
                read.Parameters.AddWithValue("keys", items.Select(i => i.Item.Key).ToArray());
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    seen.Add(reader.GetGuid(0));
            }

            var loaded = 0;
            foreach (var (file, item) in items)
            {
                if (seen.Contains(item.Key))
                    continue;
                var result = await content.SaveAndPublishAsync(new ContentDraft
                {
                    Key = item.Key,
                    ContentType = item.ContentType,
                    ParentKey = item.Parent,
                    SortOrder = item.SortOrder,
                    Data = item.ToData(),
                    Note = $"Starter content ({file})",
                }, item.Publish, UserName, cancellationToken);
                if (!result.Succeeded)
                    throw new StarterContentException($"{file}: {string.Join("; ", result.Errors)}");
                await using var log = new NpgsqlCommand("insert into cms_seed_log (key, loaded_at) values (@key, now()) on conflict do nothing", connection);
                log.Parameters.AddWithValue("key", item.Key);
                await log.ExecuteNonQueryAsync(cancellationToken);
                loaded++;
            }
            if (loaded > 0)
                logger.LogInformation("Loaded {Count} starter content items", loaded);
            return loaded;
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            release.Parameters.AddWithValue("id", LockId);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

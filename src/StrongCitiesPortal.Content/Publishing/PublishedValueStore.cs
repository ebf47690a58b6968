using System.Collections.Frozen;
using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>How full the published values cache is and how it has been used since start.</summary>
public readonly record struct PublishedValueStatistics(int Entries, long Weight, long Hits, long Misses, long Queries, long Evictions);

/// <summary>
/// The published items' property values, read on demand from <c>cms_version</c> into a bounded cache with
/// least-recently-used eviction (at most <see cref="PublishedCacheOptions.MaxValueEntries"/> versions and about
/// <see cref="PublishedCacheOptions.MaxValueMegabytes"/> of parsed values). An entry is keyed by node id and version:
/// a saved version never changes, so an entry can never be stale, and a newly published version is a new key that
/// is read fresh while the old one ages out.
/// </summary>
public sealed class PublishedValueStore
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoValues = FrozenDictionary<string, JsonElement>.Empty;

    private readonly PortalDatabase _database;
    private readonly int _maxEntries;
    private readonly long _maxWeight;
    private readonly Lock _gate = new();
    private readonly Dictionary<(long NodeId, int Version), LinkedListNode<VersionValues>> _entries = [];
    private readonly LinkedList<VersionValues> _recency = new();
    private long _weight;
    private long _hits;
    private long _misses;
    private long _queries;
    private long _evictions;

    public PublishedValueStore(PortalDatabase database, PublishedCacheOptions options)
    {
        _database = database;
        _maxEntries = Math.Max(1, options.MaxValueEntries);
        _maxWeight = Math.Max(1, options.MaxValueMegabytes) * 1024L * 1024L;
    }

    public PublishedValueStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new(_entries.Count, _weight, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _queries), _evictions);
        }
    }

    /// <summary>Whether the values of this version are in memory now (without reading them or changing their recency).</summary>
    public bool Contains(long nodeId, int version)
    {
        lock (_gate)
            return _entries.ContainsKey((nodeId, version));
    }

    /// <summary>
    /// The values of one version as a culture sees them, read from PostgreSQL (one indexed query, synchronously) when
    /// they are not in memory. Synchronous so that <see cref="PublishedVariant.Values"/> can stay a property; callers
    /// about to read many items call <see cref="Prefetch"/> first so a listing costs one query.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Get(long nodeId, int version, string culture)
    {
        if (TryTake(nodeId, version) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached.For(culture);
        }
        Interlocked.Increment(ref _misses);
        var loaded = Load([(nodeId, version)]);
        return loaded.Count == 1 ? loaded[0].For(culture) : NoValues;
    }

    /// <summary>Reads, in one query, the versions of these that are not in memory yet.</summary>
    public void Prefetch(IEnumerable<(long NodeId, int Version)> versions)
    {
        var missing = Missing(versions);
        if (missing.Count > 0)
            Load(missing);
    }

    /// <inheritdoc cref="Prefetch"/>
    public async Task PrefetchAsync(IEnumerable<(long NodeId, int Version)> versions, CancellationToken cancellationToken = default)
    {
        var missing = Missing(versions);
        if (missing.Count == 0)
            return;
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = BatchCommand(connection, missing);
        Interlocked.Increment(ref _queries);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            Add(Read(reader));
    }

    /// <summary>
    /// Fills the cache with the published values of the items nearest the root (sections, themes, cities: what
    /// navigation and most pages read), then the most recently published, up to <paramref name="max"/> versions.
    /// </summary>
    public async Task<int> WarmAsync(int max, CancellationToken cancellationToken)
    {
        max = Math.Min(max, _maxEntries);
        if (max <= 0)
            return 0;
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select v.node_id, v.version, v.data::text
            from (select c.node_id, c.published_version as version, min(n.level) as level, max(c.published_at) as at
                  from cms_culture c join cms_node n on n.id = c.node_id
                  where c.published_version is not null and not n.trashed
                  group by c.node_id, c.published_version
                  order by level, at desc
                  limit @max) k
            join cms_version v on v.node_id = k.node_id and v.version = k.version
            order by k.level desc, k.at
            """, connection);
        command.Parameters.AddWithValue("max", max);
        Interlocked.Increment(ref _queries);
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Read deepest first, so the items nearest the root end up the most recently used.
        while (await reader.ReadAsync(cancellationToken))
        {
            Add(Read(reader));
            count++;
        }
        return count;
    }

    private List<(long NodeId, int Version)> Missing(IEnumerable<(long NodeId, int Version)> versions)
    {
        var missing = new List<(long, int)>();
        lock (_gate)
        {
            foreach (var version in versions.Distinct())
            {
                if (_entries.TryGetValue(version, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }
                else
                {
                    missing.Add(version);
                }
            }
        }
        return missing;
    }

    private VersionValues? TryTake(long nodeId, int version)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((nodeId, version), out var node))
                return null;
            if (node != _recency.First)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            return node.Value;
        }
    }

    private List<VersionValues> Load(IReadOnlyList<(long NodeId, int Version)> versions)
    {
        using var connection = _database.DataSource.OpenConnection();
        using var command = BatchCommand(connection, versions);
        Interlocked.Increment(ref _queries);
        var loaded = new List<VersionValues>(versions.Count);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            loaded.Add(Add(Read(reader)));
        return loaded;
    }

    private static NpgsqlCommand BatchCommand(NpgsqlConnection connection, IReadOnlyList<(long NodeId, int Version)> versions)
    {
        if (versions.Count == 1)
        {
            var one = new NpgsqlCommand("select node_id, version, data::text from cms_version where node_id = @id and version = @version", connection);
            one.Parameters.AddWithValue("id", versions[0].NodeId);
            one.Parameters.AddWithValue("version", versions[0].Version);
            return one;
        }
        var command = new NpgsqlCommand("""
            select v.node_id, v.version, v.data::text
            from unnest(@ids, @versions) as k(node_id, version)
            join cms_version v on v.node_id = k.node_id and v.version = k.version
            """, connection);
        command.Parameters.AddWithValue("ids", versions.Select(v => v.NodeId).ToArray());
        command.Parameters.AddWithValue("versions", versions.Select(v => v.Version).ToArray());
        return command;
    }

    private static VersionValues Read(NpgsqlDataReader reader)
    {
        var json = reader.GetString(2);
        // What the parsed values hold, roughly: the UTF-8 text, the parser's index of it and the dictionaries around them.
        var weight = 512L + (json.Length * 3L);
        return new VersionValues(reader.GetInt64(0), reader.GetInt32(1), ContentService.Deserialize(json), weight);
    }

    private VersionValues Add(VersionValues values)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((values.NodeId, values.Version), out var existing))
            {
                // Another reader loaded it meanwhile: keep the one already handed out.
                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return existing.Value;
            }
            _entries[(values.NodeId, values.Version)] = _recency.AddFirst(values);
            _weight += values.Weight;
            while (_recency.Count > 1 && (_entries.Count > _maxEntries || _weight > _maxWeight))
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.NodeId, oldest.Value.Version));
                _weight -= oldest.Value.Weight;
                _evictions++;
            }
            return values;
        }
    }

    /// <summary>One stored version's values, with each culture's view (shared values overlaid with its own) made once.</summary>
    private sealed class VersionValues(long nodeId, int version, ContentData data, long weight)
    {
        private volatile KeyValuePair<string, IReadOnlyDictionary<string, JsonElement>>[] _views = [];

        public long NodeId => nodeId;
        public int Version => version;
        public long Weight => weight;

        public IReadOnlyDictionary<string, JsonElement> For(string culture)
        {
            var views = _views;
            foreach (var (viewCulture, values) in views)
            {
                if (viewCulture == culture)
                    return values;
            }
            var made = LiveContentReader.ValuesFor(data, culture);
            _views = [.. views, new(culture, made)];
            return made;
        }
    }
}

using System.Collections.Immutable;
using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Everything live, as the public site reads it. In memory for every live item: its place in the tree, its type,
/// dates, and per culture its name, segment, published version and route, with indexes by route, by parent and by
/// type. The items' property values are not held here: they are read on demand into a bounded cache
/// (<see cref="PublishedValueStore"/>), keyed by item and version so a new published version is never answered
/// from an old entry. Readers take the current snapshot without locking; a refresh swaps in a new one.
/// </summary>
public sealed partial class PublishedContentCache : IDisposable
{
    private readonly PortalDatabase _database;
    private readonly DocumentTypeRegistry _types;
    private readonly ILogger<PublishedContentCache> _logger;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly IReadOnlyList<string> _cultures;
    private readonly PublishedValueStore _values;
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private long _generation;
    private long _feedPosition;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TimeSpan _structureFileInterval;
    private readonly int _structureFileMaxCatchUp;
    private readonly int _structureFileChunk;

    public void Dispose()
    {
        _writer.Dispose();
        _fileWriter.Dispose();
    }

    public PublishedContentCache(PortalDatabase database, DocumentTypeRegistry types, IOptions<PortalContentOptions> options, ILogger<PublishedContentCache> logger)
    {
        _database = database;
        _types = types;
        _logger = logger;
        // One string per culture for every variant, rather than one per row read.
        _cultures = options.Value.EffectiveCultures.Select(string.Intern).ToList();
        _values = new PublishedValueStore(database, options.Value.PublishedCache);
        var cacheOptions = options.Value.PublishedCache;
        StructureFilePath = cacheOptions.StructureFile && options.Value.DataPath.Length > 0
            ? Path.Combine(Path.GetFullPath(options.Value.DataPath), "published-cache", "structure.bin")
            : null;
        _structureFileInterval = cacheOptions.StructureFileInterval;
        _structureFileMaxCatchUp = Math.Max(0, cacheOptions.StructureFileMaxCatchUp);
        _structureFileChunk = Math.Max(1, cacheOptions.StructureFileChunk);
    }

    /// <summary>
    /// One state of the cache. Plain dictionaries, never changed once published in <see cref="_snapshot"/> (readers
    /// share them without locks): a refresh copies what it changes, which at 100,000 items costs a few milliseconds,
    /// while building them at start costs a fraction of what immutable trees did.
    /// </summary>
    private sealed record Snapshot(
        Dictionary<Guid, PublishedContent> Items,
        Dictionary<Guid, ImmutableList<Guid>> Children,
        ImmutableList<Guid> Roots,
        Dictionary<string, CultureRoutes> Routes,
        Dictionary<string, HashSet<Guid>> ByType,
        bool Loaded)
    {
        public static readonly Snapshot Empty = new([], [], [], new(StringComparer.Ordinal), new(StringComparer.Ordinal), false);
    }

    /// <summary>Raised after a refresh with the keys that changed (for output caches and the like).</summary>
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    /// <summary>Grows on every refresh: a cheap validator for anything derived from the cache.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool IsLoaded => _snapshot.Loaded;

    /// <summary>Completes when the first load is done (the start reads it beside other work: <see cref="StartupWork"/>).</summary>
    public Task WhenLoaded => _loaded.Task;

    public IReadOnlyList<string> Cultures => _cultures;
    public string DefaultCulture => _cultures[0];

    /// <summary>The last change-feed number this cache reflects: everything committed up to it is in it.</summary>
    public long ChangeFeedPosition => Interlocked.Read(ref _feedPosition);

    /// <summary>How full the bounded values cache is, and its hits, misses and queries so far.</summary>
    public PublishedValueStatistics ValueStatistics => _values.Statistics;

    public PublishedContent? Get(Guid key) => _snapshot.Items.GetValueOrDefault(key);

    /// <summary>
    /// Every live item. Cheap to enumerate for the tree, names and routes; reading every item's values from it reads
    /// them all from PostgreSQL (in batches through <see cref="Prefetch"/>, one by one otherwise).
    /// </summary>
    public IEnumerable<PublishedContent> All => _snapshot.Items.Values;

    /// <summary>How many items are live (in any culture).</summary>
    public int Count => _snapshot.Items.Count;

    /// <summary>Every item of a type, whatever its cultures, from the per-type index.</summary>
    public IEnumerable<PublishedContent> OfType(string contentType)
    {
        var snapshot = _snapshot;
        return snapshot.ByType.TryGetValue(contentType, out var keys) ? keys.Select(k => snapshot.Items[k]) : [];
    }

    /// <summary>The items of a type that can be reached in the culture (live there, under live ancestors).</summary>
    public IEnumerable<PublishedContent> OfType(string contentType, string culture)
    {
        var snapshot = _snapshot;
        if (!snapshot.ByType.TryGetValue(contentType, out var keys))
            return [];
        return keys.Where(k => Reachable(snapshot, k, culture, null)).Select(k => snapshot.Items[k]);
    }

    /// <summary>How many items of a type there are, without touching them.</summary>
    public int CountOfType(string contentType) => _snapshot.ByType.TryGetValue(contentType, out var keys) ? keys.Count : 0;

    /// <summary>The keys of a type's items, without touching them.</summary>
    public IReadOnlyCollection<Guid> KeysOfType(string contentType) =>
        _snapshot.ByType.TryGetValue(contentType, out var keys) ? keys : [];

    /// <summary>The types that have live items, with how many each.</summary>
    public IReadOnlyDictionary<string, int> CountsByType => _snapshot.ByType.ToDictionary(t => t.Key, t => t.Value.Count, StringComparer.Ordinal);

    public IReadOnlyList<PublishedContent> Roots
    {
        get
        {
            var snapshot = _snapshot;
            return snapshot.Roots.Select(k => snapshot.Items[k]).ToList();
        }
    }

    /// <summary>
    /// Whether the item is live in the culture by the rule every surface shares (<see cref="LiveContentReader"/>):
    /// published in it, not in the recycle bin, and every ancestor published in it. An item whose type does not vary
    /// by culture counts in every culture as it is in the default one.
    /// </summary>
    public bool IsLive(Guid key, string culture)
    {
        var snapshot = _snapshot;
        for (var current = snapshot.Items.GetValueOrDefault(key); current is not null; current = current.ParentKey is { } parent ? snapshot.Items.GetValueOrDefault(parent) : null)
        {
            if (current.Variant(culture) is null)
                return false;
            if (current.ParentKey is null)
                return true;
        }
        return false;
    }

    /// <summary>Children that can be reached in the culture, in sort order.</summary>
    public IReadOnlyList<PublishedContent> Children(Guid key, string culture)
    {
        var snapshot = _snapshot;
        return ChildKeys(snapshot, key, culture).Select(c => snapshot.Items[c]).ToList();
    }

    /// <summary>The keys of the children that can be reached in the culture, in sort order.</summary>
    public IReadOnlyList<Guid> ChildKeys(Guid key, string culture) => ChildKeys(_snapshot, key, culture);

    /// <summary>The keys of every child the cache holds, reachable in a culture or not (preview lays drafts over them), in sort order.</summary>
    public IReadOnlyList<Guid> ChildKeysInAnyCulture(Guid key) =>
        _snapshot.Children.TryGetValue(key, out var children) ? children : ImmutableList<Guid>.Empty;

    private static List<Guid> ChildKeys(Snapshot snapshot, Guid key, string culture)
    {
        if (!snapshot.Children.TryGetValue(key, out var children) || !snapshot.Routes.TryGetValue(culture, out var routes)
            || !Reachable(snapshot, key, culture, null))
            return [];
        return children.Where(child => snapshot.Items[child].Variant(culture) is { } variant && Answers(routes, key, child, variant)).ToList();
    }

    public IEnumerable<PublishedContent> Descendants(Guid key, string culture)
    {
        foreach (var child in Children(key, culture))
        {
            yield return child;
            foreach (var descendant in Descendants(child.Key, culture))
                yield return descendant;
        }
    }

    /// <summary>From the parent up to the root.</summary>
    public IEnumerable<PublishedContent> Ancestors(Guid key)
    {
        var snapshot = _snapshot;
        var current = snapshot.Items.GetValueOrDefault(key);
        while (current?.ParentKey is { } parent && snapshot.Items.TryGetValue(parent, out var up))
        {
            yield return up;
            current = up;
        }
    }

    /// <summary>
    /// Reads the values of these items (in the culture, or in all their cultures) that are not in memory, in one
    /// query: call it before rendering a list so twenty cards cost one round trip, not twenty.
    /// </summary>
    public void Prefetch(IEnumerable<PublishedContent> items, string? culture = null) => _values.Prefetch(VersionsOf(items, culture));

    /// <inheritdoc cref="Prefetch"/>
    public Task PrefetchAsync(IEnumerable<PublishedContent> items, string? culture = null, CancellationToken cancellationToken = default) =>
        _values.PrefetchAsync(VersionsOf(items, culture), cancellationToken);

    private static IEnumerable<(long, int)> VersionsOf(IEnumerable<PublishedContent> items, string? culture)
    {
        foreach (var item in items)
        {
            if (culture is null)
            {
                foreach (var variant in item.Variants.Values)
                    yield return (item.Id, variant.Version);
            }
            else if (item.Variant(culture) is { } variant)
            {
                yield return (item.Id, variant.Version);
            }
        }
    }

    /// <summary>Reads the values of the items nearest the root into the bounded cache (see <see cref="PublishedValueStore.WarmAsync"/>).</summary>
    public Task<int> WarmValuesAsync(int max, CancellationToken cancellationToken = default) => _values.WarmAsync(max, cancellationToken);

    public static string NormaliseRoute(string route)
    {
        var trimmed = route.Trim().Trim('/');
        return trimmed.Length == 0 ? "/" : "/" + trimmed.ToLowerInvariant() + "/";
    }

    /// <summary>
    /// Reads the tree, names and routes of every live item (not their values) in one query, together with the change
    /// feed's number in the same snapshot, so following the feed from there misses nothing and repeats nothing.
    /// </summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            long position;
            await using (var latest = new NpgsqlCommand(ContentChangeFeed.LatestSql, connection, transaction))
                position = (long)(await latest.ExecuteScalarAsync(cancellationToken))!;
            var items = await ReadAsync(connection, transaction, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);

            var next = RebuildStructure(Snapshot.Empty with { Items = items, Loaded = true });
            _snapshot = next;
            Interlocked.Exchange(ref _feedPosition, position);
            Interlocked.Increment(ref _generation);
            _loaded.TrySetResult();
            _logger.LogInformation("Published content cache loaded: {Count} items in {Elapsed} ms ({Read} ms reading; change feed at {Position})",
                next.Items.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (long)read.TotalMilliseconds, position);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// A deferral to hand to changes with their context (<c>ChangeContext.With(deferral)</c>): until it is flushed or
    /// disposed, the refreshes those changes ask for (and only theirs) are collected instead of run, then run once for
    /// all their keys, so a bulk import publishing thousands of items rebuilds the routes once per batch instead of
    /// once per item. Other changes' refreshes go on as usual.
    /// </summary>
    public DeferredCacheRefresh DeferRefresh() => new(this);

    /// <summary>Reloads the given items from the database (removing those no longer live) and their subtrees' routes.</summary>
    public Task RefreshAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default) =>
        keys.Count == 0 ? Task.CompletedTask : RefreshNowAsync(keys, cancellationToken);

    internal Task RefreshNowAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        RefreshNowAsync(keys, null, cancellationToken);

    /// <summary>
    /// Applies every change committed after <see cref="ChangeFeedPosition"/>, in order: the items published,
    /// unpublished, moved (with their subtrees) or deleted are read again. Returns how many changes it applied.
    /// </summary>
    public async Task<int> ApplyChangeFeedAsync(ContentChangeFeed feed, int batch = 500, CancellationToken cancellationToken = default)
    {
        if (!IsLoaded)
            return 0;
        var applied = 0;
        while (true)
        {
            IReadOnlyList<ContentChange> changes;
            try
            {
                changes = await feed.ReadAsync(ChangeFeedPosition, batch, cancellationToken);
            }
            catch (ChangeFeedPositionTooOldException ex)
            {
                // The changes this cache lacks are pruned: read everything live again rather than miss them.
                _logger.LogWarning("{Problem} The published cache is read again.", ex.Message);
                await LoadAllAsync(cancellationToken);
                return applied + 1;
            }
            if (changes.Count == 0)
                return applied;
            var snapshot = _snapshot;
            var keys = new HashSet<Guid>();
            foreach (var change in changes)
            {
                // A save changes a draft, never what is live.
                if (change.Kind == ContentChangeKind.Save)
                    continue;
                keys.Add(change.Key);
                if (change.Kind == ContentChangeKind.Move && change.Subtree)
                    AddSubtree(snapshot, change.Key, keys);
            }
            await RefreshNowAsync(keys, changes[^1].Sequence, cancellationToken);
            applied += changes.Count;
            if (changes.Count < batch)
                return applied;
        }
    }

    // Everything live below a moved item is in the cache already (a move moves its whole subtree).
    private static void AddSubtree(Snapshot snapshot, Guid key, HashSet<Guid> keys)
    {
        var stack = new Stack<Guid>([key]);
        while (stack.Count > 0)
        {
            foreach (var child in snapshot.Children.GetValueOrDefault(stack.Pop(), []))
            {
                if (keys.Add(child))
                    stack.Push(child);
            }
        }
    }

    private async Task RefreshNowAsync(IReadOnlyCollection<Guid> keys, long? feedPosition, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (keys.Count > 0)
            {
                Dictionary<Guid, PublishedContent> fresh;
                await using (var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken))
                    fresh = await ReadAsync(connection, null, keys, cancellationToken);
                var snapshot = _snapshot;
                var items = new Dictionary<Guid, PublishedContent>(snapshot.Items);
                foreach (var key in keys)
                {
                    if (fresh.TryGetValue(key, out var item))
                        items[key] = item;
                    else
                        items.Remove(key);
                }
                _snapshot = ApplyChanges(snapshot, items, keys.ToHashSet());
                Interlocked.Increment(ref _generation);
            }
            if (feedPosition is { } position && position > ChangeFeedPosition)
                Interlocked.Exchange(ref _feedPosition, position);
        }
        finally
        {
            _writer.Release();
        }
        if (keys.Count > 0)
            Changed?.Invoke(keys);
    }

    /// <summary>
    /// Updates children, types and routes for the changed items' subtrees only, so one publish on a large site
    /// costs in proportion to what it touches. Root changes, or very large batches, rebuild everything.
    /// </summary>
    private Snapshot ApplyChanges(Snapshot old, Dictionary<Guid, PublishedContent> items, HashSet<Guid> keys)
    {
        var touchesRoot = keys.Any(k => (old.Items.TryGetValue(k, out var before) && before.ParentKey is null)
            || (items.TryGetValue(k, out var after) && after.ParentKey is null));
        if (!old.Loaded || touchesRoot || keys.Count > Math.Max(64, items.Count / 8))
            return RebuildStructure(old with { Items = items, Loaded = true });

        // Copy on write: the old snapshot's sets are still being read.
        var byType = new Dictionary<string, HashSet<Guid>>(old.ByType, StringComparer.Ordinal);
        var copied = new HashSet<string>(StringComparer.Ordinal);
        HashSet<Guid> Writable(string type)
        {
            if (copied.Add(type))
                byType[type] = byType.TryGetValue(type, out var set) ? new HashSet<Guid>(set) : [];
            return byType[type];
        }
        var parents = new HashSet<Guid>();
        foreach (var key in keys)
        {
            var before = old.Items.GetValueOrDefault(key);
            var after = items.GetValueOrDefault(key);
            if (before?.ParentKey is { } oldParent)
                parents.Add(oldParent);
            if (after?.ParentKey is { } newParent)
                parents.Add(newParent);
            if (before is not null && before.ContentType != after?.ContentType)
                Writable(before.ContentType).Remove(key);
            if (after is not null && after.ContentType != before?.ContentType)
                Writable(after.ContentType).Add(key);
        }
        foreach (var type in copied)
        {
            if (byType[type].Count == 0)
                byType.Remove(type);
        }
        var children = new Dictionary<Guid, ImmutableList<Guid>>(old.Children);
        foreach (var parent in parents)
        {
            var list = Reordered(old.Children.GetValueOrDefault(parent, []), parent, keys, old.Items, items);
            if (list.Count == 0)
                children.Remove(parent);
            else
                children[parent] = list;
        }
        var childIndex = children;

        var routes = new Dictionary<string, CultureRoutes>(StringComparer.Ordinal);
        foreach (var culture in _cultures)
            routes[culture] = UpdateRoutes(old.Routes.GetValueOrDefault(culture, CultureRoutes.Empty), old.Items, items, childIndex, old.Roots, keys, culture);
        return old with
        {
            Items = items,
            Children = childIndex,
            Routes = routes,
            ByType = byType,
            Loaded = true,
        };
    }

    private static int Compare(PublishedContent a, PublishedContent b) =>
        a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id);

    /// <summary>
    /// A parent's children in order after the changed keys left or arrived: each found or placed by binary search,
    /// so a folder of 100,000 items costs a few lookups per change rather than a sort.
    /// </summary>
    private static ImmutableList<Guid> Reordered(ImmutableList<Guid> list, Guid parent, HashSet<Guid> keys,
        Dictionary<Guid, PublishedContent> before, Dictionary<Guid, PublishedContent> after)
    {
        // The list is in the order of the items as they were; leaving items are found by how they were.
        foreach (var key in keys)
        {
            if (!before.TryGetValue(key, out var was) || was.ParentKey != parent)
                continue;
            var at = Search(list, was, before);
            if (at < 0 || list[at] != key)
                at = list.IndexOf(key);
            if (at >= 0)
                list = list.RemoveAt(at);
        }
        // What is left did not change; arriving items are placed by how they are now.
        foreach (var key in keys)
        {
            if (!after.TryGetValue(key, out var now) || now.ParentKey != parent)
                continue;
            var at = Search(list, now, after);
            list = list.Insert(at < 0 ? ~at : at, key);
        }
        return list;
    }

    private static int Search(ImmutableList<Guid> list, PublishedContent item, Dictionary<Guid, PublishedContent> items)
    {
        int low = 0, high = list.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = items.TryGetValue(list[middle], out var other) ? Compare(other, item) : -1;
            if (order == 0)
                return middle;
            if (order < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return ~low;
    }

    private Snapshot RebuildStructure(Snapshot snapshot)
    {
        var children = new Dictionary<Guid, List<PublishedContent>>();
        var ofType = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        var roots = new List<PublishedContent>();
        foreach (var item in snapshot.Items.Values)
        {
            if (item.ParentKey is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                    children[parent] = list = [];
                list.Add(item);
            }
            else
            {
                roots.Add(item);
            }
            if (!ofType.TryGetValue(item.ContentType, out var keys))
                ofType[item.ContentType] = keys = [];
            keys.Add(item.Key);
        }
        static ImmutableList<Guid> Ordered(List<PublishedContent> items)
        {
            items.Sort(Compare);
            return items.Select(i => i.Key).ToImmutableList();
        }

        var childIndex = children.ToDictionary(c => c.Key, c => Ordered(c.Value));
        var rootList = Ordered(roots);

        // Each culture's routes are read from the same items and built on their own core (a start's longest step).
        var built = new CultureRoutes[_cultures.Count];
        Parallel.For(0, built.Length, i => built[i] = BuildRoutes(snapshot.Items, childIndex, rootList, _cultures[i]));
        var routes = new Dictionary<string, CultureRoutes>(StringComparer.Ordinal);
        for (var i = 0; i < built.Length; i++)
            routes[_cultures[i]] = built[i];
        return snapshot with
        {
            Children = childIndex,
            Roots = rootList,
            Routes = routes,
            ByType = ofType.ToDictionary(t => t.Key, t => t.Value.ToHashSet(), StringComparer.Ordinal),
        };
    }
}

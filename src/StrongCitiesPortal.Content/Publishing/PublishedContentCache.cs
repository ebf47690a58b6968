using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Everything live, in memory: items, their children in order and their routes per culture.
/// Readers take the current snapshot without locking; a refresh swaps in a new one.
/// </summary>
public sealed class PublishedContentCache(
    PortalDatabase database,
    DocumentTypeRegistry types,
    IOptions<PortalContentOptions> options,
    ILogger<PublishedContentCache> logger)
{
    private static readonly AsyncLocal<DeferredCacheRefresh?> Deferred = new();

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private long _generation;

    private sealed record Snapshot(
        ImmutableDictionary<Guid, PublishedContent> Items,
        ImmutableDictionary<Guid, ImmutableList<Guid>> Children,
        ImmutableList<Guid> Roots,
        ImmutableDictionary<string, ImmutableDictionary<Guid, string>> Routes,
        ImmutableDictionary<string, ImmutableDictionary<string, Guid>> ByRoute,
        bool Loaded)
    {
        public static readonly Snapshot Empty = new(
            ImmutableDictionary<Guid, PublishedContent>.Empty,
            ImmutableDictionary<Guid, ImmutableList<Guid>>.Empty,
            [],
            ImmutableDictionary<string, ImmutableDictionary<Guid, string>>.Empty,
            ImmutableDictionary<string, ImmutableDictionary<string, Guid>>.Empty,
            false);
    }

    /// <summary>Raised after a refresh with the keys that changed (for output caches and the like).</summary>
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    /// <summary>Grows on every refresh: a cheap validator for anything derived from the cache.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool IsLoaded => _snapshot.Loaded;

    public IReadOnlyList<string> Cultures => _cultures;
    public string DefaultCulture => _cultures[0];

    public PublishedContent? Get(Guid key) => _snapshot.Items.GetValueOrDefault(key);

    public IEnumerable<PublishedContent> All => _snapshot.Items.Values;

    public IEnumerable<PublishedContent> OfType(string contentType) =>
        _snapshot.Items.Values.Where(i => i.ContentType == contentType);

    public IReadOnlyList<PublishedContent> Roots => _snapshot.Roots.Select(k => _snapshot.Items[k]).ToList();

    /// <summary>The item's route in a culture ("/practices/ireportit/"), or null when it cannot be reached in it.</summary>
    public string? Route(Guid key, string culture) =>
        _snapshot.Routes.TryGetValue(culture, out var routes) ? routes.GetValueOrDefault(key) : null;

    public PublishedContent? GetByRoute(string route, string culture)
    {
        var normalised = NormaliseRoute(route);
        var snapshot = _snapshot;
        return snapshot.ByRoute.TryGetValue(culture, out var byRoute) && byRoute.TryGetValue(normalised, out var key)
            ? snapshot.Items.GetValueOrDefault(key)
            : null;
    }

    /// <summary>Children that can be reached in the culture, in sort order.</summary>
    public IReadOnlyList<PublishedContent> Children(Guid key, string culture)
    {
        var snapshot = _snapshot;
        if (!snapshot.Children.TryGetValue(key, out var children))
            return [];
        return children.Where(c => Route(c, culture) is not null).Select(c => snapshot.Items[c]).ToList();
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

    public static string NormaliseRoute(string route)
    {
        var trimmed = route.Trim().Trim('/');
        return trimmed.Length == 0 ? "/" : "/" + trimmed.ToLowerInvariant() + "/";
    }

    public async Task LoadAllAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var items = await ReadAsync(null, cancellationToken);
            var builder = ImmutableDictionary.CreateBuilder<Guid, PublishedContent>();
            foreach (var item in items.Values)
                builder[item.Key] = item;
            var next = Snapshot.Empty with { Items = builder.ToImmutable(), Loaded = true };
            next = RebuildStructure(next);
            _snapshot = next;
            Interlocked.Increment(ref _generation);
            logger.LogInformation("Published content cache loaded: {Count} items", next.Items.Count);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Until the returned scope is flushed or disposed, refreshes asked for by this asynchronous flow (and
    /// only by it) are collected instead of run, then run once for all their keys: a bulk import publishing
    /// thousands of items rebuilds the routes once per batch instead of once per item. Other requests'
    /// refreshes go on as usual.
    /// </summary>
    public DeferredCacheRefresh DeferRefresh()
    {
        var scope = new DeferredCacheRefresh(this, Deferred.Value);
        Deferred.Value = scope;
        return scope;
    }

    internal void EndDeferral(DeferredCacheRefresh scope)
    {
        if (ReferenceEquals(Deferred.Value, scope))
            Deferred.Value = scope.Outer;
    }

    /// <summary>Reloads the given items from the database (removing those no longer live) and their subtrees' routes.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
            return;
        var deferred = Deferred.Value;
        while (deferred is { IsOpen: false })
            deferred = deferred.Outer;
        if (deferred is not null)
        {
            deferred.Add(keys);
            return;
        }
        await RefreshNowAsync(keys, cancellationToken);
    }

    internal async Task RefreshNowAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
            return;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var fresh = await ReadAsync(keys, cancellationToken);
            var snapshot = _snapshot;
            var items = snapshot.Items.ToBuilder();
            foreach (var key in keys)
            {
                if (fresh.TryGetValue(key, out var item))
                    items[key] = item;
                else
                    items.Remove(key);
            }
            _snapshot = ApplyChanges(snapshot, items.ToImmutable(), keys.ToHashSet());
            Interlocked.Increment(ref _generation);
        }
        finally
        {
            _writer.Release();
        }
        Changed?.Invoke(keys);
    }

    /// <summary>
    /// Updates children and routes for the changed items' subtrees only, so one publish on a large site
    /// costs in proportion to what it touches. Root changes, or very large batches, rebuild everything.
    /// </summary>
    private Snapshot ApplyChanges(Snapshot old, ImmutableDictionary<Guid, PublishedContent> items, HashSet<Guid> keys)
    {
        var touchesRoot = keys.Any(k => (old.Items.TryGetValue(k, out var before) && before.ParentKey is null)
            || (items.TryGetValue(k, out var after) && after.ParentKey is null));
        if (!old.Loaded || touchesRoot || keys.Count > Math.Max(64, items.Count / 8))
            return RebuildStructure(old with { Items = items, Loaded = true });

        var parents = new HashSet<Guid>();
        foreach (var key in keys)
        {
            if (old.Items.TryGetValue(key, out var before) && before.ParentKey is { } oldParent)
                parents.Add(oldParent);
            if (items.TryGetValue(key, out var after) && after.ParentKey is { } newParent)
                parents.Add(newParent);
        }
        var children = old.Children.ToBuilder();
        foreach (var parent in parents)
        {
            var kept = old.Children.GetValueOrDefault(parent, []).Where(k => !keys.Contains(k));
            var arrived = keys.Where(k => items.TryGetValue(k, out var item) && item.ParentKey == parent);
            var list = kept.Concat(arrived).Select(k => items[k]).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => i.Key).ToImmutableList();
            if (list.Count == 0)
                children.Remove(parent);
            else
                children[parent] = list;
        }
        var childIndex = children.ToImmutable();

        var ordered = keys.OrderBy(k => items.TryGetValue(k, out var item) ? item.Level : int.MaxValue).ToList();
        var routes = old.Routes.ToBuilder();
        var byRoute = old.ByRoute.ToBuilder();
        foreach (var culture in _cultures)
        {
            var cultureRoutes = old.Routes.GetValueOrDefault(culture, ImmutableDictionary<Guid, string>.Empty).ToBuilder();
            var cultureByRoute = old.ByRoute.GetValueOrDefault(culture, ImmutableDictionary<string, Guid>.Empty).ToBuilder();

            // Take down every route under the changed items as they were...
            var stack = new Stack<Guid>(keys);
            while (stack.Count > 0)
            {
                var key = stack.Pop();
                if (cultureRoutes.TryGetValue(key, out var route))
                {
                    cultureRoutes.Remove(key);
                    if (cultureByRoute.TryGetValue(route, out var holder) && holder == key)
                        cultureByRoute.Remove(route);
                }
                foreach (var child in old.Children.GetValueOrDefault(key, []))
                    stack.Push(child);
            }
            // ...then put them back as they are now, parents before children.
            var placed = new HashSet<Guid>();
            foreach (var key in ordered)
            {
                if (placed.Contains(key) || !items.TryGetValue(key, out var item) || item.ParentKey is not { } parent
                    || !cultureRoutes.TryGetValue(parent, out var parentRoute))
                    continue;
                AddRoutes(items, childIndex, culture, key, parentRoute, cultureRoutes, cultureByRoute, placed);
            }
            routes[culture] = cultureRoutes.ToImmutable();
            byRoute[culture] = cultureByRoute.ToImmutable();
        }
        return old with { Items = items, Children = childIndex, Routes = routes.ToImmutable(), ByRoute = byRoute.ToImmutable(), Loaded = true };
    }

    private static void AddRoutes(ImmutableDictionary<Guid, PublishedContent> items, ImmutableDictionary<Guid, ImmutableList<Guid>> childIndex,
        string culture, Guid start, string parentRoute, ImmutableDictionary<Guid, string>.Builder routes,
        ImmutableDictionary<string, Guid>.Builder byRoute, HashSet<Guid>? placed = null)
    {
        var stack = new Stack<(Guid Key, string ParentRoute)>();
        stack.Push((start, parentRoute));
        while (stack.Count > 0)
        {
            var (key, above) = stack.Pop();
            placed?.Add(key);
            var variant = items[key].Variant(culture);
            if (variant is null)
                continue;
            // The first root is the site itself: its route is "/" and its segment is not part of its children's routes.
            var route = above.Length == 0 ? "/" : $"{above}{variant.Segment}/";
            if (!byRoute.TryAdd(route, key))
                continue;
            routes[key] = route;
            if (childIndex.TryGetValue(key, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                    stack.Push((kids[i], route));
            }
        }
    }

    private Snapshot RebuildStructure(Snapshot snapshot)
    {
        var children = new Dictionary<Guid, List<PublishedContent>>();
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
        }
        static ImmutableList<Guid> Ordered(IEnumerable<PublishedContent> items) =>
            items.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => i.Key).ToImmutableList();

        var childIndex = children.ToImmutableDictionary(c => c.Key, c => Ordered(c.Value));
        var rootList = Ordered(roots);

        var routes = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<Guid, string>>();
        var byRoute = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<string, Guid>>();
        foreach (var culture in _cultures)
        {
            var cultureRoutes = ImmutableDictionary.CreateBuilder<Guid, string>();
            var cultureByRoute = ImmutableDictionary.CreateBuilder<string, Guid>();
            for (var i = 0; i < rootList.Count; i++)
                AddRoutes(snapshot.Items, childIndex, culture, rootList[i], i == 0 ? "" : "/", cultureRoutes, cultureByRoute);
            routes[culture] = cultureRoutes.ToImmutable();
            byRoute[culture] = cultureByRoute.ToImmutable();
        }
        return snapshot with { Children = childIndex, Roots = rootList, Routes = routes.ToImmutable(), ByRoute = byRoute.ToImmutable() };
    }

    private async Task<Dictionary<Guid, PublishedContent>> ReadAsync(IReadOnlyCollection<Guid>? keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.id, n.key, p.key, n.content_type, n.level, n.sort_order, n.create_date, n.update_date,
                   c.culture, c.published_name, c.published_segment, c.published_version, c.published_at, v.data::text
            from cms_culture c
            join cms_node n on n.id = c.node_id
            left join cms_node p on p.id = n.parent_id
            join cms_version v on v.node_id = n.id and v.version = c.published_version
            where c.published_version is not null and not n.trashed
            """ + (keys is null ? "" : " and n.key = any(@keys)") + " order by n.id", connection);
        if (keys is not null)
            command.Parameters.AddWithValue("keys", keys.ToArray());

        var result = new Dictionary<Guid, PublishedContent>();
        var variants = new Dictionary<Guid, Dictionary<string, PublishedVariant>>();
        var parsed = new Dictionary<(Guid, int), ContentData>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(1);
            var contentType = reader.GetString(3);
            var type = types.Find(contentType);
            if (type is null)
                continue;
            if (!result.ContainsKey(key))
            {
                var cultures = new Dictionary<string, PublishedVariant>(StringComparer.Ordinal);
                variants[key] = cultures;
                result[key] = new PublishedContent
                {
                    Id = reader.GetInt64(0),
                    Key = key,
                    ParentKey = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    ContentType = contentType,
                    Level = reader.GetInt32(4),
                    SortOrder = reader.GetInt32(5),
                    CreateDate = reader.GetFieldValue<DateTimeOffset>(6),
                    UpdateDate = reader.GetFieldValue<DateTimeOffset>(7),
                    VariesByCulture = type.VariesByCulture,
                    DefaultCulture = DefaultCulture,
                    Variants = cultures,
                };
            }
            var culture = reader.GetString(8);
            var version = reader.GetInt32(11);
            if (!parsed.TryGetValue((key, version), out var data))
                parsed[(key, version)] = data = ContentService.Deserialize(reader.GetString(13));
            var values = new Dictionary<string, System.Text.Json.JsonElement>(data.Invariant, StringComparer.Ordinal);
            if (data.Cultures.TryGetValue(culture, out var own))
            {
                foreach (var (alias, value) in own.Values)
                    values[alias] = value;
            }
            variants[key][culture] = new PublishedVariant
            {
                Culture = culture,
                Name = reader.GetString(9),
                Segment = reader.GetString(10),
                Version = version,
                PublishedAt = reader.GetFieldValue<DateTimeOffset>(12),
                Values = values,
            };
        }
        return result;
    }
}

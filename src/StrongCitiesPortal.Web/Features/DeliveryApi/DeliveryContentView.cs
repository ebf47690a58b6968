using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// The content one request reads: the published cache as it is, or for preview the latest drafts laid over it.
/// Nothing here is worked out for every item: lookups go to the cache (tree, names and routes in memory, values on
/// demand), and queries over many items go to the index (<see cref="Querying.ContentQueryService"/>).
/// </summary>
public sealed class DeliveryContentView
{
    private static readonly IReadOnlyDictionary<Guid, PublishedContent> NoDrafts = new Dictionary<Guid, PublishedContent>();

    private readonly PublishedContentCache _cache;
    private readonly IReadOnlyDictionary<Guid, PublishedContent> _drafts;
    private readonly ILookup<Guid, PublishedContent> _draftChildren;

    private DeliveryContentView(PublishedContentCache cache, IReadOnlyDictionary<Guid, PublishedContent> drafts, bool isPreview)
    {
        _cache = cache;
        _drafts = drafts;
        IsPreview = isPreview;
        Generation = cache.Generation;
        _draftChildren = drafts.Values.Where(d => d.ParentKey is not null).ToLookup(d => d.ParentKey!.Value);
    }

    public static DeliveryContentView Live(PublishedContentCache cache) => new(cache, NoDrafts, isPreview: false);

    /// <param name="drafts">Items whose latest version is not what is live, as their latest version.</param>
    public static DeliveryContentView Preview(PublishedContentCache cache, IEnumerable<PublishedContent> drafts) =>
        new(cache, drafts.ToDictionary(d => d.Key), isPreview: true);

    public bool IsPreview { get; }

    /// <summary>The cache generation this view was taken at.</summary>
    public long Generation { get; }

    public PublishedContentCache Cache => _cache;

    /// <summary>Preview's drafts by key (none for live requests).</summary>
    public IReadOnlyDictionary<Guid, PublishedContent> Drafts => _drafts;

    public PublishedContent? Get(Guid key) => _drafts.GetValueOrDefault(key) ?? _cache.Get(key);

    /// <summary>The root items, by sort order.</summary>
    public IReadOnlyList<PublishedContent> Roots
    {
        get
        {
            var roots = _cache.Roots;
            if (_drafts.Count == 0)
                return roots;
            return roots.Select(r => _drafts.GetValueOrDefault(r.Key) ?? r)
                .Concat(_drafts.Values.Where(d => d.ParentKey is null && _cache.Get(d.Key) is null))
                .OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
                .ToList();
        }
    }

    /// <summary>The items of one document type (live ones, and for preview the drafts of that type).</summary>
    public IEnumerable<PublishedContent> OfType(string contentType)
    {
        var live = _cache.OfType(contentType);
        if (_drafts.Count == 0)
            return live;
        return live.Select(i => _drafts.GetValueOrDefault(i.Key) ?? i)
            .Concat(_drafts.Values.Where(d => d.ContentType == contentType && _cache.Get(d.Key) is null));
    }

    /// <summary>From the parent up to the root.</summary>
    public IEnumerable<PublishedContent> Ancestors(Guid key)
    {
        var current = Get(key);
        for (var depth = 0; current?.ParentKey is { } parent && Get(parent) is { } up && depth < 256; depth++)
        {
            yield return up;
            current = up;
        }
    }

    public PublishedContent RootOf(PublishedContent item) => Ancestors(item.Key).LastOrDefault() ?? item;

    /// <summary>The keys of an item's children whatever their cultures: the cache's, and for preview the drafts'.</summary>
    public IEnumerable<Guid> ChildKeys(Guid key)
    {
        var live = _cache.ChildKeysInAnyCulture(key);
        return _drafts.Count == 0 ? live : live.Union(_draftChildren[key].Select(d => d.Key));
    }

    /// <summary>The live route of an item in a culture; null when it is not live there (preview routes are the builder's business).</summary>
    public string? PublishedRoute(Guid key, string culture) => _cache.Route(key, culture);

    public PublishedContent? GetByPublishedRoute(string route, string culture) =>
        _cache.GetByRoute(route, culture) is { } live ? Get(live.Key) : null;

    /// <summary>
    /// Whether the item can be delivered in the culture: live there (the cache routes it), or for preview written in it
    /// and below items that all exist, as drafts or live.
    /// </summary>
    public bool IsAvailable(PublishedContent item, string culture)
    {
        if (item.Variant(culture) is null)
            return false;
        if (!IsPreview)
            return _cache.Route(item.Key, culture) is not null;
        var current = item;
        for (var depth = 0; current.ParentKey is { } parent; depth++)
        {
            if (depth > 256 || Get(parent) is not { } up)
                return false;
            current = up;
        }
        return true;
    }
}

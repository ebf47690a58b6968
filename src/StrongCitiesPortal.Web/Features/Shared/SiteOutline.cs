using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// The shape of the live site, worked out once per cache generation from the tree alone (no property values):
/// the section of each type and the keys of each type in sort order. Navigation and the small types (themes,
/// cities, events, seats) are read from here, so no page walks the whole site.
/// </summary>
public sealed class SiteOutline(PublishedContentCache cache)
{
    private readonly PerGeneration<Shape> _shape = new(cache, () => Build(cache));

    private sealed record Shape(IReadOnlyDictionary<string, Guid> Sections, IReadOnlyDictionary<string, IReadOnlyList<Guid>> ByType);

    /// <summary>The first live item of a type, nearest the root (the practice library, the member directory...).</summary>
    public Guid? Section(string contentType) => _shape.Value.Sections.TryGetValue(contentType, out var key) ? key : null;

    /// <summary>The live items (reachable in some culture) of a type in tree sort order. Meant for the small types: a page lists them whole.</summary>
    public IReadOnlyList<Guid> KeysOf(string contentType) => _shape.Value.ByType.GetValueOrDefault(contentType) ?? [];

    /// <summary>The live items of a type, in tree sort order (items gone since the outline was built are skipped).</summary>
    public IReadOnlyList<PublishedContent> ItemsOf(string contentType) => KeysOf(contentType).Select(cache.Get).OfType<PublishedContent>().ToList();

    private static Shape Build(PublishedContentCache cache)
    {
        var byType = new Dictionary<string, List<PublishedContent>>(StringComparer.Ordinal);
        foreach (var item in cache.All)
        {
            // Live somewhere: items under an unpublished section stay in the cache without a route.
            if (!cache.Cultures.Any(c => cache.Route(item.Key, c) is not null))
                continue;
            if (!byType.TryGetValue(item.ContentType, out var list))
                byType[item.ContentType] = list = [];
            list.Add(item);
        }
        var sections = byType.ToDictionary(t => t.Key, t => t.Value.MinBy(i => (i.Level, i.SortOrder, i.Id))!.Key, StringComparer.Ordinal);
        var keys = byType.ToDictionary(
            t => t.Key,
            t => (IReadOnlyList<Guid>)t.Value.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => i.Key).ToArray(),
            StringComparer.Ordinal);
        return new Shape(sections, keys);
    }
}

/// <summary>A value derived from the published cache, rebuilt on first use after the cache changes.</summary>
public sealed class PerGeneration<T>(PublishedContentCache cache, Func<T> build) where T : class
{
    private sealed record Built(long Generation, T Value);

    private readonly Lock _gate = new();
    private volatile Built? _built;

    public T Value
    {
        get
        {
            // Read the generation before building: a refresh meanwhile makes the next reader build again.
            var generation = cache.Generation;
            if (_built is { } built && built.Generation == generation)
                return built.Value;
            lock (_gate)
            {
                if (_built is { } again && again.Generation == generation)
                    return again.Value;
                var value = build();
                _built = new Built(generation, value);
                return value;
            }
        }
    }
}

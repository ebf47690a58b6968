using System.Collections.Concurrent;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// The shape of the live site, worked out per type once per cache generation from the tree alone (no property values):
/// the section of a type (its first live item, nearest the root) and its live keys in sort order. Navigation and the
/// small types (themes, cities, events, seats) are read from here, so no page walks the whole site: a type's shape costs
/// in proportion to that type's items (from the cache's index by type), whatever the size of the library.
/// </summary>
public sealed class SiteOutline(PublishedContentCache cache)
{
    private readonly PerGeneration<ConcurrentDictionary<string, TypeShape>> _types =
        new(cache, () => new ConcurrentDictionary<string, TypeShape>(StringComparer.Ordinal));

    private sealed record TypeShape(Guid? Section, IReadOnlyList<Guid> Keys);

    /// <summary>The first live item of a type, nearest the root (the practice library, the member directory...).</summary>
    public Guid? Section(string contentType) => Shape(contentType).Section;

    /// <summary>The live items (reachable in some culture) of a type in tree sort order. Meant for the small types: a page lists them whole.</summary>
    public IReadOnlyList<Guid> KeysOf(string contentType) => Shape(contentType).Keys;

    /// <summary>The live items of a type, in tree sort order (items gone since the outline was built are skipped).</summary>
    public IReadOnlyList<PublishedContent> ItemsOf(string contentType) => KeysOf(contentType).Select(cache.Get).OfType<PublishedContent>().ToList();

    private TypeShape Shape(string contentType) => _types.Value.GetOrAdd(contentType, Build, cache);

    private static TypeShape Build(string contentType, PublishedContentCache cache)
    {
        // Live somewhere: items under an unpublished section stay in the cache without a route.
        var live = cache.Cultures.SelectMany(culture => cache.OfType(contentType, culture)).DistinctBy(i => i.Key).ToList();
        var section = live.Count == 0 ? (Guid?)null : live.MinBy(i => (i.Level, i.SortOrder, i.Id))!.Key;
        return new TypeShape(section, live.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => i.Key).ToArray());
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

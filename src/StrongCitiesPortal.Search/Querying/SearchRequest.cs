namespace StrongCitiesPortal.Search.Querying;

public enum SearchSort
{
    Relevance,
    Date,

    /// <summary>By name in the culture shown, A to Z.</summary>
    Name,
}

/// <summary>A search as a page or the API asks for it.</summary>
public sealed record SearchRequest
{
    public string? Query { get; init; }

    /// <summary>The culture of the visitor: items live in it show in it, the others in the default culture.</summary>
    public string Culture { get; init; } = "en";

    /// <summary>Facet name to the values chosen in it: any of a facet's values, and every facet.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Skip { get; init; }
    public int Take { get; init; } = 10;

    /// <summary>Leave out facet counts (a search-as-you-type box does not show them); the total is then only what was returned.</summary>
    public bool WithoutFacets { get; init; }

    /// <summary>An item to leave out (the one "more like this" starts from).</summary>
    public Guid? Exclude { get; init; }

    /// <summary>Document types never to show or count (the Delivery API's disallowed types): left out of hits, totals and every facet.</summary>
    public IReadOnlyCollection<string> ExcludeTypes { get; init; } = [];

    /// <summary>Facet name to values whose items are left out of hits, totals and facets (a page's "everything else" group).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Without { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Without words: rank by the facet values an item shares with these, each counting its weight (related items),
    /// then newest first. Items that share none of the values weighing more than <see cref="AffinityFloor"/> are left out.
    /// </summary>
    public IReadOnlyList<FacetAffinity> Affinity { get; init; } = [];

    /// <summary>The weight a value must exceed to make an item related on its own.</summary>
    public float AffinityFloor { get; init; } = 1;
}

/// <summary>A facet value that makes an item more alike, and by how much.</summary>
public sealed record FacetAffinity(string Facet, string Key, float Weight);

public sealed record SearchHit(
    Guid Id,
    string ContentType,
    string Culture,
    string Name,
    string? Route,
    string Snippet,
    double Score,
    DateTimeOffset UpdateDate);

public sealed record FacetCount(string Value, string Key, int Count);

/// <summary>What a search found: the total, one page of hits, the counts of every facet over all matches, and anything worth telling the searcher.</summary>
public sealed record SearchResult(
    int Total,
    IReadOnlyList<SearchHit> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<string> Notices)
{
    public static SearchResult Empty(IReadOnlyList<string> notices, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? facets = null) =>
        new(0, [], facets ?? new Dictionary<string, IReadOnlyList<FacetCount>>(), notices);
}

/// <summary>A request the service will not run, with what to fix per parameter.</summary>
public sealed class SearchRequestException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

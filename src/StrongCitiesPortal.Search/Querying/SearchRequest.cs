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
}

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

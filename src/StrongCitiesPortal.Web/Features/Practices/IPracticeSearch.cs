namespace StrongCitiesPortal.Web.Features.Practices;

/// <summary>
/// What the practice library asks of search. Filter values are the content model's own values: theme keys,
/// ISO country codes, option strings ("Initiative", "Europe"), four-digit years.
/// </summary>
public interface IPracticeSearch
{
    Task<PracticeSearchResult> SearchAsync(PracticeQuery query, CancellationToken cancellationToken);
}

public enum PracticeSort
{
    Relevance,
    Date,
    Name,
}

public static class PracticeFacets
{
    public const string Theme = "theme";
    public const string City = "city";
    public const string Kind = "kind";
    public const string Region = "region";
    public const string Country = "country";
    public const string Language = "language";
    public const string Year = "year";
    public const string Evaluation = "evaluation";

    /// <summary>The facets in the order the library shows them.</summary>
    public static readonly string[] All = [Theme, City, Kind, Region, Country, Language, Year, Evaluation];
}

/// <summary>A search: words in the people's query language, filters (AND across facets, OR within one), order and page.</summary>
public sealed record PracticeQuery(
    string Culture,
    string Text,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    PracticeSort Sort,
    int Skip,
    int Take);

/// <summary>One practice found, with a snippet that is safe HTML (only &lt;mark&gt; around matched words) when there is one.</summary>
public sealed record PracticeHit(Guid Key, string? SnippetHtml, double Score);

public sealed record FacetCount(string Value, int Count);

public sealed record PracticeSearchResult(
    int Total,
    IReadOnlyList<PracticeHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    string? Message = null);

using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Web.Features.Search;

/// <summary>The portal's search page: the same service as <c>/api/search</c>, with facets to narrow by and pages of hits.</summary>
public sealed class SearchPageModel(SearchService search, PublishedContentCache cache) : PageModel
{
    public const int PageSize = 10;

    public string Query { get; private set; } = "";
    public string Culture { get; private set; } = "en";
    public SearchSort Sort { get; private set; } = SearchSort.Relevance;
    public int PageNumber { get; private set; } = 1;
    public SearchResult? Result { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<string> FacetNames => search.FacetNames;

    public int PageCount => Result is null ? 0 : (Result.Total + PageSize - 1) / PageSize;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Request.Query;
        Query = query["q"].ToString();
        var culture = query["culture"].ToString();
        Culture = cache.Cultures.Contains(culture) ? culture : cache.DefaultCulture;
        Sort = string.Equals(query["sort"], "date", StringComparison.OrdinalIgnoreCase) ? SearchSort.Date : SearchSort.Relevance;
        PageNumber = int.TryParse(query["page"], out var page) && page is > 0 and <= 1000 ? page : 1;
        Filters = search.FacetNames
            .Select(f => (Facet: f, Values: (IReadOnlyList<string>)query[f].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList()))
            .Where(f => f.Values.Count > 0)
            .ToDictionary(f => f.Facet, f => f.Values);
        ViewData["Culture"] = Culture;
        ViewData["Title"] = Query.Length > 0 ? $"Search: {Query}" : "Search";

        try
        {
            Result = await search.SearchAsync(new SearchRequest
            {
                Query = Query,
                Culture = Culture,
                Filters = Filters,
                Sort = Query.Length == 0 && Filters.Count > 0 ? SearchSort.Date : Sort,
                Skip = (PageNumber - 1) * PageSize,
                Take = PageSize,
            }, cancellationToken);
        }
        catch (SearchRequestException ex)
        {
            Errors = ex.Errors.SelectMany(e => e.Value).ToList();
        }
    }

    public bool IsSelected(string facet, string key, string value) =>
        Filters.TryGetValue(facet, out var values) && values.Any(v => string.Equals(v, key, StringComparison.OrdinalIgnoreCase) || string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>This search's address with one facet value switched on or off (back to the first page).</summary>
    public string Toggle(string facet, string key, string value)
    {
        var filters = Filters.ToDictionary(f => f.Key, f => f.Value.ToList());
        if (IsSelected(facet, key, value))
            filters[facet].RemoveAll(v => string.Equals(v, key, StringComparison.OrdinalIgnoreCase) || string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
        else
        {
            if (!filters.TryGetValue(facet, out var values))
                filters[facet] = values = [];
            values.Add(key);
        }
        return Link(filters, page: 1);
    }

    public string PageLink(int page) => Link(Filters.ToDictionary(f => f.Key, f => f.Value.ToList()), page);

    private string Link(Dictionary<string, List<string>> filters, int page)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        if (Query.Length > 0)
            parameters.Add(new("q", Query));
        if (Culture != cache.DefaultCulture)
            parameters.Add(new("culture", Culture));
        if (Sort == SearchSort.Date)
            parameters.Add(new("sort", "date"));
        foreach (var (facet, values) in filters)
            parameters.AddRange(values.Select(v => new KeyValuePair<string, string?>(facet, v)));
        if (page > 1)
            parameters.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryString.Create(parameters).ToUriComponent() is { Length: > 0 } qs ? "/search" + qs : "/search";
    }
}

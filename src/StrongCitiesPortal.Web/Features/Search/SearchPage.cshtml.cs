using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Search;

/// <summary>One value to narrow by, in the reader's words, with its count and the address that switches it.</summary>
public sealed record SiteFacetOption(string Label, int Count, bool Selected, string Url, string? Lang);

/// <summary>A facet of the site-wide search with a human name.</summary>
public sealed record SiteFacet(string Name, string Label, IReadOnlyList<SiteFacetOption> Options);

/// <summary>One hit as a card: what kind of page it is, its title, a highlighted snippet.</summary>
public sealed record SiteHit(CardModel Card, string Kind);

/// <summary>
/// The site-wide search (<c>/search</c>): every kind of page (practices, cities, events, reports, news, themes)
/// through the same service as <c>/api/search</c>, with facets to narrow by, in the reader's language.
/// </summary>
public sealed class SearchPageModel(SearchService search, PublishedContentCache cache, ContentRouter router, Cards cards, SitePage site) : PageModel
{
    public const int PageSize = 10;

    /// <summary>The document types' names as readers call them (the facet "type").</summary>
    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        [PortalContent.Practice] = "Good practice",
        [PortalContent.City] = "Member city",
        [PortalContent.Theme] = "Theme",
        [PortalContent.Event] = "Event",
        [PortalContent.Report] = "Workshop report",
        [PortalContent.News] = "News article",
        [PortalContent.Seat] = "Steering committee member",
        ["home"] = "Section page",
        ["practiceLibrary"] = "Section page",
        ["memberDirectory"] = "Section page",
        ["themeLibrary"] = "Section page",
        ["eventList"] = "Section page",
        ["newsList"] = "Section page",
        ["steeringCommittee"] = "Section page",
    };

    public string Query { get; private set; } = "";
    public string Culture { get; private set; } = "en";
    public SearchSort Sort { get; private set; } = SearchSort.Relevance;
    public int PageNumber { get; private set; } = 1;
    public SearchResult? Result { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<SiteFacet> Facets { get; private set; } = [];
    public IReadOnlyList<SiteHit> Hits { get; private set; } = [];

    /// <summary>
    /// Said when nothing in the reader's language matches: either the results shown are all in English, or nothing
    /// matched in the reader's language at all and the results are the search in English.
    /// </summary>
    public string? LanguageNotice { get; private set; }

    public int PageCount => Result is null ? 0 : (Result.Total + PageSize - 1) / PageSize;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Request.Query;
        Query = query["q"].ToString().Trim();
        var culture = query["culture"].ToString();
        Culture = cache.Cultures.Contains(culture) ? culture : cache.DefaultCulture;
        Sort = string.Equals(query["sort"], "date", StringComparison.OrdinalIgnoreCase) ? SearchSort.Date : SearchSort.Relevance;
        PageNumber = int.TryParse(query["page"], out var page) && page is > 0 and <= 1000 ? page : 1;
        Filters = search.FacetNames
            .Select(f => (Facet: f, Values: (IReadOnlyList<string>)query[f].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList()))
            .Where(f => f.Values.Count > 0)
            .ToDictionary(f => f.Facet, f => f.Values);

        var text = new SiteText(Culture);
        site.Culture = Culture;
        site.Title = Query.Length > 0 ? $"{Query} · {text["Search the whole site"]}" : text["Search the whole site"];
        site.NoIndex = true;
        site.Alternates = cache.Cultures.ToDictionary(c => c, c => c == cache.DefaultCulture ? "/search" : "/search?culture=" + c);

        SearchRequest Asked(string culture) => new()
        {
            Query = Query,
            Culture = culture,
            Filters = Filters,
            Sort = Query.Length == 0 && Filters.Count > 0 ? SearchSort.Date : Sort,
            Skip = (PageNumber - 1) * PageSize,
            Take = PageSize,
        };
        var fellBack = false;
        try
        {
            Result = await search.SearchAsync(Asked(Culture), cancellationToken);
            // Nothing in the reader's language: the same search over the English pages, said plainly.
            if (Result.Total == 0 && Query.Length > 0 && Culture != cache.DefaultCulture)
            {
                var english = await search.SearchAsync(Asked(cache.DefaultCulture), cancellationToken);
                if (english.Total > 0)
                {
                    Result = english;
                    fellBack = true;
                }
            }
        }
        catch (SearchRequestException ex)
        {
            Errors = ex.Errors.SelectMany(e => e.Value).ToList();
            return;
        }

        Hits = Result.Items.Select(h => new SiteHit(
            !fellBack && cache.Get(h.Id) is { } item
                ? cards.For(item, Culture, 300, new HtmlString(h.Snippet))
                : new CardModel(h.Route, h.Name, null, null, h.Culture != Culture ? h.Culture : null, Snippet: new HtmlString(h.Snippet)),
            text[KindNames.GetValueOrDefault(h.ContentType, "Page")])).ToList();
        if (Query.Length > 0 && Culture != cache.DefaultCulture && Hits.Count > 0 && Hits.All(h => h.Card.Lang is not null))
        {
            LanguageNotice = site.EnglishResultsNotice(Culture, fellBack);
        }
        Facets = search.FacetNames
            .Where(f => Result.Facets.TryGetValue(f, out var values) && values.Count > 0)
            .Select(f => new SiteFacet(f, text[FacetLabel(f)], Result.Facets[f]
                .Select(v => new SiteFacetOption(Label(f, v, out var lang), v.Count, IsSelected(f, v.Key, v.Value), Toggle(f, v.Key, v.Value), lang))
                .ToList()))
            .ToList();
    }

    public static string FacetLabel(string facet) => facet switch
    {
        "type" => "Type of page",
        "theme" => "Theme",
        "kind" => "Kind of resource",
        "country" => "Country",
        "region" => "Region",
        "city" => "City",
        "language" => "Language",
        "year" => "Year",
        "evaluation" => "Evaluation status",
        _ => facet,
    };

    /// <summary>A facet value in the reader's words: kinds of page and options translated, countries named, picked items in their culture.</summary>
    private string Label(string facet, FacetCount value, out string? lang)
    {
        lang = null;
        if (facet == "type")
            return SiteText.Translate(KindNames.GetValueOrDefault(value.Key, value.Value), Culture);
        if (facet == "country")
            return CountryNames.Name(value.Key.Length == 2 ? value.Key : value.Value, Culture);
        if (Guid.TryParse(value.Key, out var key) && router.Shown(key, Culture) is { } shown)
        {
            lang = shown.Culture != Culture ? shown.Culture : null;
            return shown.Name;
        }
        return SiteText.Translate(value.Value, Culture);
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
            parameters.AddRange(values.Where(v => v.Length > 0).Select(v => new KeyValuePair<string, string?>(facet, v)));
        if (page > 1)
            parameters.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryString.Create(parameters).ToUriComponent() is { Length: > 0 } qs ? "/search" + qs : "/search";
    }
}

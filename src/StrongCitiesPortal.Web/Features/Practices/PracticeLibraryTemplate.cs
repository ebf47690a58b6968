using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Practices;

public sealed record FacetOption(string Value, string Label, int Count, bool Selected, string Url, string? Lang);
public sealed record FacetGroup(string Name, string Label, IReadOnlyList<FacetOption> Options);
public sealed record PageLink(int Number, string Url, bool Current);
public sealed record SelectedFilter(string Label, string RemoveUrl);

public sealed record PracticeLibraryModel(
    string Title,
    string? Introduction,
    string BaseUrl,
    PracticeSearchState State,
    int Total,
    IReadOnlyList<CardModel> Hits,
    IReadOnlyList<FacetGroup> Facets,
    IReadOnlyList<SelectedFilter> Selected,
    IReadOnlyList<PageLink> Pages,
    string? PreviousUrl,
    string? NextUrl,
    int PageCount,
    IReadOnlyList<string> Messages,
    string FeedUrl)
{
    /// <summary>Said when the results shown are in English because nothing in the reader's language matched.</summary>
    public string? LanguageNotice { get; init; }
}

/// <summary>The practice library: search box, facet filters with counts, sort and paging, all carried by the URL.</summary>
public sealed class PracticeLibraryTemplate(
    IPracticeSearch search,
    PracticeVocabulary vocabulary,
    PublishedContentCache cache,
    ContentRouter router,
    Cards cards,
    IOptions<PortalSiteOptions> options,
    ILogger<PracticeLibraryTemplate> logger) : IContentTemplate
{
    public string ContentType => "practiceLibrary";
    public string View => "/Features/Practices/PracticeLibrary.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var baseUrl = router.Url(request.Item.Key, culture)!;
        var state = PracticeSearchState.Parse(request.Http.Query, vocabulary);
        var pageSize = Math.Clamp(options.Value.PageSize, 1, 100);
        var messages = state.Messages.Select(m => text.Format(m, PracticeSearchState.MaxTextLength)).ToList();

        var result = await SearchAsync(state.ToQuery(culture, pageSize, vocabulary), state, messages, text, cancellationToken);
        // Nothing in the reader's language: the same search over the English pages, said plainly.
        var fellBack = false;
        if (result.Total == 0 && state.Text.Length > 0 && culture != cache.DefaultCulture)
        {
            var english = await SearchAsync(state.ToQuery(cache.DefaultCulture, pageSize, vocabulary), state, messages, text, cancellationToken);
            if (english.Total > 0)
            {
                result = english;
                fellBack = true;
            }
        }
        if (result.Message is { Length: > 0 } said)
            messages.Add(text[said]);

        var hits = result.Hits
            .Select(h => cache.Get(h.Key) is not { } item ? null
                : fellBack ? InEnglish(item, culture, Snippet(h))
                : cards.For(item, culture, 300, Snippet(h)))
            .OfType<CardModel>().ToList();
        string? languageNotice = null;
        if (state.Text.Length > 0 && culture != cache.DefaultCulture && hits.Count > 0 && hits.All(h => h.Lang is not null))
        {
            languageNotice = request.Site.EnglishResultsNotice(culture, fellBack);
        }

        var facets = new List<FacetGroup>();
        foreach (var facet in PracticeFacets.All)
        {
            var counts = (result.Facets.GetValueOrDefault(facet) ?? []).ToDictionary(c => vocabulary.UrlValue(facet, c.Value), c => c.Count, StringComparer.Ordinal);
            foreach (var selected in state.Values(facet))
                counts.TryAdd(selected, 0);
            var facetOptions = counts
                .Select(c => new FacetOption(c.Key, Label(facet, c.Key, culture, out var lang), c.Value, state.IsSelected(facet, c.Key), baseUrl + state.Toggle(facet, c.Key).QueryString(), lang))
                .OrderByDescending(o => facet == PracticeFacets.Year && int.TryParse(o.Value, System.Globalization.CultureInfo.InvariantCulture, out var year) ? year : o.Count)
                .ThenBy(o => o.Label, StringComparer.Create(PortalFormats.For(culture), true))
                .ToList();
            if (facetOptions.Count > 0)
                facets.Add(new FacetGroup(facet, text[FacetLabel(facet)], facetOptions));
        }

        var selectedFilters = state.Selected
            .Select(s => new SelectedFilter(text.Format("Remove filter: {0}", Label(s.Facet, s.Value, culture, out _)), baseUrl + state.Toggle(s.Facet, s.Value).QueryString()))
            .ToList();

        var pageCount = Math.Max(1, (result.Total + pageSize - 1) / pageSize);
        var pages = Enumerable.Range(1, pageCount)
            .Where(n => n == 1 || n == pageCount || Math.Abs(n - state.Page) <= 2)
            .Select(n => new PageLink(n, baseUrl + state.WithPage(n).QueryString(), n == state.Page)).ToList();

        request.Site.Title = state.Text.Length > 0 ? $"{state.Text} · {request.Variant.Name}" : request.Variant.Name;
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        request.Site.NoIndex = !state.IsEmpty;
        if (state.IsEmpty && state.Page > 1 && !request.Content.IsFallback)
            request.Site.CanonicalPath = baseUrl + state.QueryString();
        var feedUrl = router.Prefix("/feeds/practices.xml", culture) + state.WithPage(1).QueryString();
        if (!state.IsEmpty)
            request.Site.Feeds.Add((text["Subscribe to this search"], feedUrl));

        return new PracticeLibraryModel(
            request.Variant.Name,
            request.Variant.Text("introduction"),
            baseUrl,
            state,
            result.Total,
            hits,
            facets,
            selectedFilters,
            pages,
            state.Page > 1 ? baseUrl + state.WithPage(state.Page - 1).QueryString() : null,
            state.Page < pageCount ? baseUrl + state.WithPage(state.Page + 1).QueryString() : null,
            pageCount,
            messages,
            feedUrl)
        {
            LanguageNotice = languageNotice,
        };
    }

    /// <summary>A card for a result found in English: its title, summary and address in English, its facts in the reader's words.</summary>
    private CardModel InEnglish(PublishedContent item, string culture, HtmlString? snippet)
    {
        var english = cards.For(item, cache.DefaultCulture, 300, snippet);
        return cards.For(item, culture, 300, snippet) with { Url = english.Url, Title = english.Title, Summary = english.Summary, Lang = cache.DefaultCulture };
    }

    private static HtmlString? Snippet(PracticeHit hit) => hit.SnippetHtml is null ? null : new HtmlString(hit.SnippetHtml);

    private async Task<PracticeSearchResult> SearchAsync(PracticeQuery query, PracticeSearchState state, List<string> messages, SiteText text, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await search.SearchAsync(query, timeout.Token);
        }
        catch (Exception e) when ((e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && !Health.DatabaseOutage.Is(e))
        {
            logger.LogError(e, "Practice search failed for {Query}", state.QueryString());
            messages.Add(text["The search took too long or failed; please try again."]);
            return new PracticeSearchResult(0, [], new Dictionary<string, IReadOnlyList<FacetCount>>());
        }
    }

    public static string FacetLabel(string facet) => facet switch
    {
        PracticeFacets.Theme => "Theme",
        PracticeFacets.City => "City",
        PracticeFacets.Kind => "Kind of resource",
        PracticeFacets.Region => "Region",
        PracticeFacets.Country => "Country",
        PracticeFacets.Language => "Language",
        PracticeFacets.Year => "Year",
        PracticeFacets.Evaluation => "Evaluation status",
        _ => facet,
    };

    private string Label(string facet, string value, string culture, out string? lang)
    {
        lang = null;
        switch (facet)
        {
            case PracticeFacets.Theme or PracticeFacets.City when vocabulary.PickedBySegment(facet, value) is { } picked:
                var shown = router.Shown(picked, culture)!;
                lang = shown.Culture != culture ? shown.Culture : null;
                return shown.Name;
            case PracticeFacets.Country:
                return CountryNames.Name(value, culture);
            case PracticeFacets.Year:
                return value;
            default:
                return SiteText.Translate(value, culture);
        }
    }
}

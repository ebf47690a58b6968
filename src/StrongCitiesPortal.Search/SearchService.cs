using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search;

/// <summary>
/// The one search of the portal, used by its pages and by the headless API: full text over every live item in
/// the visitor's culture, ranked by BM25 over every match with field weights and the item's prior, facet counts
/// over the whole match set, filters, sorts, snippets and similar items, all from this instance's index
/// (<see cref="ISearchIndex"/>): the service validates, waits for its own writes, parses, names facet values and routes.
/// </summary>
public sealed class SearchService(
    ISearchIndex index,
    SearchModel model,
    Synonyms synonyms,
    FacetLabels labels,
    ContentChangeFeed feed,
    PublishedContentCache cache,
    IOptions<SearchOptions> searchOptions,
    IOptions<PortalContentOptions> contentOptions,
    ILogger<SearchService> logger)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly SearchOptions _options = searchOptions.Value;
    private readonly IReadOnlyList<string> _cultures = contentOptions.Value.EffectiveCultures;
    private readonly QueryParser _parser = new(searchOptions.Value.MaxQueryTerms);

    /// <summary>The facet names, in the order pages show them.</summary>
    public IReadOnlyList<string> FacetNames => model.Facets.Select(f => f.Name).ToList();

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        await WaitForOwnWritesAsync(cancellationToken);
        var parsed = synonyms.Expand(_parser.Parse(request.Query));
        var notices = new List<string>(parsed.Notices);
        if (!parsed.IsEmpty && !parsed.HasPositive)
        {
            notices.Add("Add a word to look for: words to leave out are only used next to words to find.");
            parsed = parsed with { Clauses = [], Notices = [] };
        }
        if (Scope(request, notices) is not { } scope)
            return SearchResult.Empty(notices, EmptyFacets());
        var found = index.Search(scope with { Query = parsed });
        if (found is null)
            return SearchResult.Empty([Preparing], EmptyFacets());
        notices.AddRange(found.Notices);
        return Answer(request, found, notices);
    }

    /// <summary>Items like this one (the words that set it apart from the rest of the index), itself left out.</summary>
    public Task<SearchResult> MoreLikeThisAsync(Guid key, string culture, int take = 5, CancellationToken cancellationToken = default) =>
        MoreLikeThisAsync(key, culture, take, [], cancellationToken);

    /// <param name="excludeTypes">Document types never to show (the Delivery API's disallowed types).</param>
    public async Task<SearchResult> MoreLikeThisAsync(Guid key, string culture, int take, IReadOnlyCollection<string> excludeTypes, CancellationToken cancellationToken = default)
    {
        var request = new SearchRequest { Culture = culture, Take = take, WithoutFacets = true, ExcludeTypes = excludeTypes };
        Validate(request);
        await WaitForOwnWritesAsync(cancellationToken);
        var found = index.Similar(key, culture, Scope(request, [])!);
        if (found is null)
            return SearchResult.Empty([Preparing]);
        return Answer(request, found, [.. found.Notices]);
    }

    private const string Preparing = "Search is being prepared; try again in a moment.";

    private async Task WaitForOwnWritesAsync(CancellationToken cancellationToken)
    {
        // Read your own writes: this instance's latest commit is in the index before the search runs (bounded).
        if (!await index.WaitForAsync(feed.LastCommittedHere, _options.ReadYourWritesTimeout, cancellationToken))
            logger.LogWarning("The search index is behind this instance's own changes (at {Applied}, wanted {Wanted}); answering anyway", index.Sequence, feed.LastCommittedHere);
    }

    /// <summary>The request as the index runs it: facet values named by key (a label names its key); null when a facet's every value is unknown.</summary>
    private IndexSearch? Scope(SearchRequest request, List<string> notices)
    {
        var without = new List<(string, string)>();
        foreach (var (name, values) in request.Without)
        {
            var facet = model.FindFacet(name)!;
            foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)))
            {
                if (labels.Resolve(facet.Name, value, index) is { } key)
                    without.Add((facet.Name, key));
            }
        }
        var filters = new List<(string, IReadOnlyList<string>)>();
        foreach (var (name, values) in request.Filters)
        {
            var facet = model.FindFacet(name)!;
            var keys = new List<string>();
            foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (labels.Resolve(facet.Name, value, index) is { } key)
                    keys.Add(key);
                else
                    notices.Add($"No item has {facet.Name} \u2018{value.Trim()}\u2019.");
            }
            if (keys.Count == 0)
                return null;
            filters.Add((facet.Name, keys));
        }
        return new IndexSearch
        {
            Culture = request.Culture,
            Filters = filters,
            Without = without,
            Sort = request.Sort,
            Skip = request.Skip,
            Take = request.Take,
            CountFacets = !request.WithoutFacets,
            Exclude = request.Exclude,
            ExcludeTypes = request.ExcludeTypes,
            Affinity = request.Affinity,
            AffinityFloor = request.AffinityFloor,
        };
    }

    /// <summary>The index's answer as the portal shows it: routes in the hit's culture, facet values labelled in the visitor's.</summary>
    private SearchResult Answer(SearchRequest request, IndexSearchResult found, List<string> notices)
    {
        var hits = found.Hits
            .Select(h => new SearchHit(h.Key, h.ContentType, h.Culture, h.Name, RouteOf(h.Key, h.Culture), h.Snippet, h.Score, h.Updated))
            .ToList();
        var facets = EmptyFacets();
        foreach (var (name, counts) in found.Facets)
        {
            facets[name] = counts
                .Select(c => new FacetCount(labels.Label(name, c.Key, request.Culture), c.Key, c.Value))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.CurrentCultureIgnoreCase)
                .ToList();
        }
        return new SearchResult(found.Total, hits, facets, notices);
    }

    private Dictionary<string, IReadOnlyList<FacetCount>> EmptyFacets() =>
        model.Facets.ToDictionary(f => f.Name, _ => (IReadOnlyList<FacetCount>)[], StringComparer.Ordinal);

    private void Validate(SearchRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Query is { } query && query.Length > _options.MaxQueryLength)
            errors["q"] = [$"The query is {query.Length} characters long; the most is {_options.MaxQueryLength}."];
        if (!_cultures.Contains(request.Culture, StringComparer.Ordinal))
            errors["culture"] = [$"'{request.Culture}' is not one of the portal's cultures ({string.Join(", ", _cultures)})."];
        if (request.Skip < 0 || request.Skip > _options.MaxSkip)
            errors["skip"] = [$"skip must be between 0 and {_options.MaxSkip}."];
        if (request.Take < 1 || request.Take > _options.MaxTake)
            errors["take"] = [$"take must be between 1 and {_options.MaxTake}."];
        foreach (var (facet, values) in request.Filters)
        {
            if (model.FindFacet(facet) is null)
                errors[facet] = [$"There is no facet '{facet}'; the facets are {string.Join(", ", FacetNames)}."];
            else if (values.Count > 20)
                errors[facet] = [$"Choose at most 20 values of {facet}."];
            else if (values.Any(v => v.Length > 200))
                errors[facet] = [$"A value of {facet} is longer than 200 characters."];
        }
        foreach (var facet in request.Without.Keys.Concat(request.Affinity.Select(a => a.Facet)).Distinct(StringComparer.Ordinal))
        {
            if (model.FindFacet(facet) is null)
                errors[facet] = [$"There is no facet '{facet}'; the facets are {string.Join(", ", FacetNames)}."];
        }
        if (request.Affinity.Count > 100 || request.Without.Values.Sum(v => v.Count) > 100)
            errors["affinity"] = ["Name at most 100 values to rank by or to leave out."];
        if (errors.Count > 0)
            throw new SearchRequestException(errors);
    }

    private string? RouteOf(Guid key, string culture)
    {
        var route = cache.Route(key, culture);
        if (route is null)
            return null;
        return culture == cache.DefaultCulture ? route : $"/{culture}{route}";
    }

    /// <summary>Plain text as safe HTML (for callers that show stored text).</summary>
    public static string Encode(string text) => Encoder.Encode(text);
}

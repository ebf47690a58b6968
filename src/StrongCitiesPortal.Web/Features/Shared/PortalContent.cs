using System.Text.Json;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>One page of a listing from the search index, and how many items it has in all.</summary>
public sealed record Listing(int Total, IReadOnlyList<PublishedContent> Items)
{
    /// <summary>True while this instance builds its first search index: the listing is empty for now, not for good.</summary>
    public bool BeingIndexed { get; init; }

    public static readonly Listing None = new(0, []);
}

/// <summary>A listing of live items of some types, newest first unless ranked by affinity; facet values by the index's keys.</summary>
public sealed record ListingQuery(string Culture, params IReadOnlyList<string> Types)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Without { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<FacetAffinity> Affinity { get; init; } = [];

    /// <summary>The weight a value must exceed to make an item related on its own (see <see cref="SearchRequest.AffinityFloor"/>).</summary>
    public float AffinityFloor { get; init; } = 1;

    public Guid? Exclude { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 10;

    public ListingQuery Where(string facet, params IReadOnlyList<string> values) =>
        this with { Filters = new Dictionary<string, IReadOnlyList<string>>(Filters, StringComparer.Ordinal) { [facet] = values } };
}

/// <summary>
/// The network's content as the public pages ask for it. Listings of the large types (practices, news) and
/// "latest", "of this theme or city" and "related" come from the search index, which follows the live rule and
/// costs the same at any size; the small types (themes, cities, events, reports, seats) and what links them are
/// worked out once per cache generation. No page reads the values of more items than it shows.
/// </summary>
public sealed class PortalContent(PublishedContentCache cache, ContentRouter router, SiteOutline outline, SearchAnswers search, ILogger<PortalContent> logger)
{
    public const string Practice = "goodPractice";
    public const string City = "memberCity";
    public const string Theme = "theme";
    public const string Event = "event";
    public const string Report = "workshopReport";
    public const string News = "newsArticle";
    public const string Seat = "steeringCommitteeMember";

    /// <summary>The search index's facets the pages filter by.</summary>
    public const string TypeFacet = "type";
    public const string ThemeFacet = "theme";
    public const string CityFacet = "city";
    public const string KindFacet = "kind";

    private readonly PerGeneration<Links> _links = new(cache, () => BuildLinks(outline));

    /// <summary>What the few workshop reports and seats say about other items, looked up by key.</summary>
    private sealed record Links(
        IReadOnlyDictionary<Guid, Guid> SeatByCity,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> ReportsByPractice,
        IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, string>> FiledByTheme);

    public PublishedContentCache Cache => cache;

    public SiteOutline Outline => outline;

    public PublishedContent? Get(Guid key) => cache.Get(key);

    /// <summary>The facts every culture shares (dates, pickers, options): the default culture's values, else any.</summary>
    public static PublishedVariant Facts(PublishedContent item) =>
        item.Variant(item.DefaultCulture) ?? item.Variants.Values.First();

    /// <summary>Every live item of a small type (themes, cities, events, reports, seats) in sort order; never for practices or news.</summary>
    public IReadOnlyList<PublishedContent> OfType(string type) => outline.ItemsOf(type);

    public IReadOnlyList<PublishedContent> Themes => OfType(Theme);

    public IReadOnlyList<PublishedContent> Cities => OfType(City).OrderBy(c => router.NameOf(c.Key, router.DefaultCulture), StringComparer.CurrentCulture).ToList();

    /// <summary>The date an item is filed under: publication, start or publish date, else when it was created.</summary>
    public static DateOnly DateOf(PublishedContent item)
    {
        var facts = Facts(item);
        foreach (var alias in new[] { "publishDate", "startDate", "publicationDate" })
        {
            if (PortalFormats.ParseDate(facts.Text(alias)) is { } date)
                return date;
        }
        return DateOnly.FromDateTime(item.CreateDate.UtcDateTime);
    }

    public static DateOnly? Date(PublishedContent item, string alias) => PortalFormats.ParseDate(Facts(item).Text(alias));

    /// <summary>A small type newest first (events, reports).</summary>
    public IReadOnlyList<PublishedContent> Newest(string type, int take = int.MaxValue) =>
        OfType(type).OrderByDescending(DateOf).ThenByDescending(i => i.CreateDate).Take(take).ToList();

    /// <summary>Items of a small type that pick the key in a property.</summary>
    public IReadOnlyList<PublishedContent> Referring(string type, string alias, Guid key) =>
        OfType(type).Where(i => Facts(i).Keys(alias).Contains(key)).OrderByDescending(DateOf).ToList();

    public PublishedContent? SeatOf(Guid city) => _links.Value.SeatByCity.TryGetValue(city, out var seat) ? cache.Get(seat) : null;

    /// <summary>The regions of the cities behind a practice (practices carry cities, cities carry regions).</summary>
    public IReadOnlyList<string> RegionsOf(PublishedContent practice) =>
        Facts(practice).Keys("cities").Select(cache.Get).OfType<PublishedContent>()
            .Select(c => Facts(c).Text("region")).OfType<string>().Distinct().ToList();

    /// <summary>The workshop reports that recommend a practice among their resources.</summary>
    public IReadOnlyList<PublishedContent> ReportsRecommending(Guid practice) =>
        (_links.Value.ReportsByPractice.GetValueOrDefault(practice) ?? []).Select(cache.Get).OfType<PublishedContent>().OrderByDescending(DateOf).ToList();

    /// <summary>The practices workshop reports file under a theme, with the kind of resource they file each as.</summary>
    public IReadOnlyDictionary<Guid, string> FiledUnder(Guid theme) =>
        _links.Value.FiledByTheme.GetValueOrDefault(theme) ?? new Dictionary<Guid, string>();

    /// <summary>One page of live items from the search index, in the reader's culture; empty (never an error) when search cannot answer.</summary>
    public async Task<Listing> ListAsync(ListingQuery query, CancellationToken cancellationToken)
    {
        var result = await SearchAsync(query, withFacets: false, cancellationToken);
        if (result is null)
            return Listing.None;
        var items = result.Items
            .Where(h => router.Url(h.Id, query.Culture) is not null)
            .Select(h => cache.Get(h.Id)).OfType<PublishedContent>()
            .ToList();
        return new Listing(result.Total, items) { BeingIndexed = result.Notices.Contains(SearchAnswers.BeingIndexed) };
    }

    /// <summary>The first page of a listing as cards, with its total and, when there is more, a link to all of it (the site-wide search unless given).</summary>
    public async Task<CappedCards> FirstAsync(ListingQuery query, Func<PublishedContent, CardModel> card, string? moreUrl, CancellationToken cancellationToken)
    {
        var listing = await ListAsync(query, cancellationToken);
        var shown = listing.Items.Select(card).ToList();
        return new CappedCards(shown, Math.Max(listing.Total, shown.Count), listing.Total > shown.Count ? moreUrl ?? SiteSearchUrl(query) : null);
    }

    /// <summary>How many live items of the types have each value of a facet (theme key to its practices, say).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByAsync(ListingQuery query, string facet, CancellationToken cancellationToken)
    {
        var result = await SearchAsync(query with { Take = 1, Skip = 0 }, withFacets: true, cancellationToken);
        return (result?.Facets.GetValueOrDefault(facet) ?? []).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
    }

    /// <summary>Practices sharing the most themes (3 each), cities (2 each) and kind (1) with this one, newest first among equals.</summary>
    public async Task<IReadOnlyList<PublishedContent>> RelatedPracticesAsync(PublishedContent practice, string culture, int take, CancellationToken cancellationToken)
    {
        var facts = Facts(practice);
        var affinity = facts.Keys("themes").Select(k => new FacetAffinity(ThemeFacet, k.ToString(), 3))
            .Concat(facts.Keys("cities").Select(k => new FacetAffinity(CityFacet, k.ToString(), 2)))
            .Concat(facts.Text("kind") is { } kind ? [new FacetAffinity(KindFacet, kind, 1)] : [])
            .ToList();
        if (affinity.Count == 0)
            return [];
        var listing = await ListAsync(new ListingQuery(culture, Practice) { Affinity = affinity, Exclude = practice.Key, Take = take }, cancellationToken);
        return listing.Items;
    }

    /// <summary>The site-wide search narrowed to a listing's types and facet values, newest first: where "see all" leads.</summary>
    public string SiteSearchUrl(ListingQuery query)
    {
        var parts = query.Types.Select(t => $"{TypeFacet}={Uri.EscapeDataString(t)}")
            .Concat(query.Filters.SelectMany(f => f.Value.Select(v => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(v)}")))
            .Append("sort=date");
        if (query.Culture != router.DefaultCulture)
            parts = parts.Append($"culture={Uri.EscapeDataString(query.Culture)}");
        return "/search?" + string.Join('&', parts);
    }

    private async Task<SearchResult?> SearchAsync(ListingQuery query, bool withFacets, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(query.Filters, StringComparer.Ordinal) { [TypeFacet] = query.Types };
        try
        {
            return await search.SearchAsync(new SearchRequest
            {
                Culture = query.Culture,
                Filters = filters,
                Without = query.Without,
                Affinity = query.Affinity,
                AffinityFloor = query.AffinityFloor,
                Exclude = query.Exclude,
                Sort = query.Affinity.Count > 0 ? SearchSort.Relevance : SearchSort.Date,
                Skip = query.Skip,
                Take = query.Take,
                WithoutFacets = !withFacets,
            }, cancellationToken);
        }
        catch (SearchRequestException e)
        {
            logger.LogWarning("A listing asked search for what it will not answer: {Problem}", e.Message);
            return null;
        }
    }

    private static Links BuildLinks(SiteOutline outline)
    {
        var seats = new Dictionary<Guid, Guid>();
        foreach (var seat in outline.ItemsOf(Seat))
        {
            foreach (var city in Facts(seat).Keys("city"))
                seats.TryAdd(city, seat.Key);
        }
        var recommending = new Dictionary<Guid, List<Guid>>();
        var filed = new Dictionary<Guid, Dictionary<Guid, string>>();
        foreach (var report in outline.ItemsOf(Report))
        {
            foreach (var variant in report.Variants.Values)
            {
                foreach (var block in Blocks(variant, "recommendedResources"))
                {
                    foreach (var practice in Keys(block, "resource"))
                    {
                        if (!recommending.TryGetValue(practice, out var reports))
                            recommending[practice] = reports = [];
                        if (!reports.Contains(report.Key))
                            reports.Add(report.Key);
                    }
                }
            }
            // A report's own filing of a practice under a theme wins over the grouping derived from its kind.
            foreach (var block in Blocks(Facts(report), "recommendedResources"))
            {
                if (BlockText(block, "kind") is not { } kind)
                    continue;
                foreach (var theme in Keys(block, "theme"))
                {
                    if (!filed.TryGetValue(theme, out var practices))
                        filed[theme] = practices = [];
                    foreach (var practice in Keys(block, "resource"))
                        practices.TryAdd(practice, kind);
                }
            }
        }
        return new Links(
            seats,
            recommending.ToDictionary(r => r.Key, r => (IReadOnlyList<Guid>)r.Value),
            filed.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<Guid, string>)f.Value));
    }

    /// <summary>The values of each block of a block-list property.</summary>
    public static IReadOnlyList<JsonElement> Blocks(PublishedVariant variant, string alias) =>
        variant.Value(alias) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object).Select(b => b.GetProperty("values")).ToList()
            : [];

    public static string? BlockText(JsonElement values, string alias) =>
        values.TryGetProperty(alias, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static IReadOnlyList<Guid> Keys(JsonElement values, string alias) =>
        !values.TryGetProperty(alias, out var v) ? []
        : v.ValueKind == JsonValueKind.String ? (Guid.TryParse(v.GetString(), out var one) ? [one] : [])
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => Guid.TryParse(e.GetString(), out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList()
        : [];

    /// <summary>The resource group a practice falls in on a theme page, the way workshop reports group recommendations.</summary>
    public static string ResourceGroup(string? kind) => kind switch
    {
        "Toolkit, guide or template" or "Training" or "Policy" => "Tools, templates and guides",
        "Evaluation" or "Research" => "Evaluations",
        _ => "Specific initiatives",
    };

    public static readonly string[] ResourceGroups = ["Tools, templates and guides", "Specific initiatives", "Evaluations"];

    /// <summary>The kinds of resource filed in a group by their kind alone; the last group takes every other kind.</summary>
    public static IReadOnlyList<string> KindsOf(string group) => group switch
    {
        "Tools, templates and guides" => ["Toolkit, guide or template", "Training", "Policy"],
        "Evaluations" => ["Evaluation", "Research"],
        _ => [],
    };
}

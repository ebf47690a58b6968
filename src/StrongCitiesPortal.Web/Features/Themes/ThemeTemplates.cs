using System.Text.Json.Nodes;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Themes;

public sealed record ThemeSummary(Link Link, string? Summary, int Practices);
public sealed record ThemeLibraryModel(string Title, string? Introduction, IReadOnlyList<ThemeSummary> Themes);

/// <summary>A group of practices on a theme: the first few, and how many it has in all.</summary>
public sealed record ResourceGroup(string Label, IReadOnlyList<CardModel> Items, int Total);

public sealed record ThemeModel(
    string Name,
    string? Summary,
    string? Description,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<ResourceGroup> Groups,
    int Practices,
    CappedCards Events,
    IReadOnlyList<Link> Cities,
    CappedCards News,
    string? LibraryUrl,
    string FeedUrl);

/// <summary>The list of themes, each with its practice count (one count over the search index for all of them).</summary>
public sealed class ThemeLibraryTemplate(PortalContent content, ContentRouter router) : IContentTemplate
{
    public string ContentType => "themeLibrary";
    public string View => "/Features/Themes/ThemeLibrary.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var counts = await content.CountByAsync(new ListingQuery(culture, PortalContent.Practice), PortalContent.ThemeFacet, cancellationToken);
        var themes = content.Themes
            .Select(t => new ThemeSummary(router.LinkTo(t.Key, culture)!, router.Shown(t, culture)!.Text("summary"), counts.GetValueOrDefault(t.Key.ToString())))
            .ToList();
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        return new ThemeLibraryModel(request.Variant.Name, request.Variant.Text("introduction"), themes);
    }
}

/// <summary>
/// Everything on a theme: the newest practices of each group (grouped by kind the way the London workshop report
/// recommends resources), events, news and cities, each list capped with a link to all of it.
/// </summary>
public sealed class ThemeTemplate(PortalContent content, ContentRouter router, Cards cards) : IContentTemplate
{
    /// <summary>Practices shown in each group; the library has the rest.</summary>
    public const int GroupSize = 6;

    /// <summary>Events and news items shown; the site-wide search has the rest.</summary>
    public const int ListSize = 6;

    public string ContentType => PortalContent.Theme;
    public string View => "/Features/Themes/Theme.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var theme = request.Item;
        var variant = request.Variant;
        var key = theme.Key.ToString();

        // The few practices a report files under this theme in another group than their kind gives them.
        var moved = content.FiledUnder(theme.Key)
            .Select(f => (Item: content.Get(f.Key), Filed: f.Value))
            .Where(f => f.Item is not null && router.Url(f.Item.Key, culture) is not null && PortalContent.Facts(f.Item).Keys("themes").Contains(theme.Key))
            .Select(f => (Item: f.Item!, f.Filed, Derived: PortalContent.ResourceGroup(PortalContent.Facts(f.Item!).Text("kind"))))
            .Where(f => f.Filed != f.Derived && PortalContent.ResourceGroups.Contains(f.Filed))
            .ToList();

        var onTheme = new ListingQuery(culture, PortalContent.Practice).Where(PortalContent.ThemeFacet, key);
        var groups = new List<ResourceGroup>();
        var practices = 0;
        foreach (var group in PortalContent.ResourceGroups)
        {
            var kinds = PortalContent.KindsOf(group);
            var movedOut = moved.Where(m => m.Derived == group).Select(m => m.Item.Key).ToHashSet();
            var movedIn = moved.Where(m => m.Filed == group).Select(m => m.Item).ToList();
            var query = kinds.Count > 0
                ? onTheme.Where(PortalContent.KindFacet, kinds)
                : onTheme with { Without = new Dictionary<string, IReadOnlyList<string>> { [PortalContent.KindFacet] = PortalContent.ResourceGroups.SelectMany(PortalContent.KindsOf).ToList() } };
            var listing = await content.ListAsync(query with { Take = GroupSize + movedOut.Count }, cancellationToken);
            var total = listing.Total - movedOut.Count + movedIn.Count;
            practices += total;
            var shown = listing.Items.Where(p => !movedOut.Contains(p.Key)).Concat(movedIn)
                .OrderByDescending(PortalContent.DateOf).Take(GroupSize)
                .Select(p => cards.For(p, culture, 200)).ToList();
            if (shown.Count > 0)
                groups.Add(new ResourceGroup(text[group], shown, Math.Max(total, shown.Count)));
        }

        var events = await content.FirstAsync(new ListingQuery(culture, PortalContent.Event, PortalContent.Report) { Take = ListSize }.Where(PortalContent.ThemeFacet, key), e => cards.For(e, culture, 160), null, cancellationToken);
        var news = await content.FirstAsync(new ListingQuery(culture, PortalContent.News) { Take = ListSize }.Where(PortalContent.ThemeFacet, key), n => cards.For(n, culture, 160), null, cancellationToken);
        var cities = content.Cities.Where(c => PortalContent.Facts(c).Keys("themes").Contains(theme.Key))
            .Select(c => router.LinkTo(c.Key, culture)).OfType<Link>().ToList();

        var segment = theme.Variant(router.DefaultCulture)?.Segment ?? variant.Segment;
        var library = router.SectionUrl("practiceLibrary", culture);
        var feed = router.Prefix($"/feeds/themes/{segment}.xml", culture);
        request.Site.Feeds.Add((text["Feed for this theme"], feed));
        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        request.Site.StructuredData.Add(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "CollectionPage",
            ["name"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["inLanguage"] = variant.Culture,
            ["about"] = new JsonObject { ["@type"] = "DefinedTerm", ["name"] = variant.Name },
        });

        return new ThemeModel(
            variant.Name,
            variant.Text("summary"),
            variant.Text("description"),
            PortalContent.Facts(theme).Strings("synonyms"),
            groups,
            practices,
            events,
            cities,
            news,
            library is null ? null : $"{library}?theme={Uri.EscapeDataString(segment)}",
            feed);
    }
}

using System.Text.Json.Nodes;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Themes;

public sealed record ThemeSummary(Link Link, string? Summary, int Practices);
public sealed record ThemeLibraryModel(string Title, string? Introduction, IReadOnlyList<ThemeSummary> Themes);

public sealed record ResourceGroup(string Label, IReadOnlyList<CardModel> Items);

public sealed record ThemeModel(
    string Name,
    string? Summary,
    string? Description,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<ResourceGroup> Groups,
    IReadOnlyList<CardModel> Events,
    IReadOnlyList<Link> Cities,
    IReadOnlyList<CardModel> News,
    string? LibraryUrl,
    string FeedUrl);

/// <summary>The list of themes, each with its practice count.</summary>
public sealed class ThemeLibraryTemplate(PortalContent content, ContentRouter router) : IContentTemplate
{
    public string ContentType => "themeLibrary";
    public string View => "/Features/Themes/ThemeLibrary.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var themes = content.Themes
            .Select(t => new ThemeSummary(router.LinkTo(t.Key, culture)!, router.Shown(t, culture)!.Text("summary"), content.OnTheme(PortalContent.Practice, t.Key).Count))
            .ToList();
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        return ValueTask.FromResult<object?>(new ThemeLibraryModel(request.Variant.Name, request.Variant.Text("introduction"), themes));
    }
}

/// <summary>Everything on a theme, practices grouped by kind the way the London workshop report recommends resources.</summary>
public sealed class ThemeTemplate(PortalContent content, ContentRouter router, Cards cards) : IContentTemplate
{
    public string ContentType => PortalContent.Theme;
    public string View => "/Features/Themes/Theme.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var theme = request.Item;
        var variant = request.Variant;

        // A report's own filing of a practice under this theme wins over the grouping derived from its kind.
        var filed = new Dictionary<Guid, string>();
        foreach (var report in content.OfType(PortalContent.Report))
        {
            foreach (var block in PortalContent.Blocks(PortalContent.Facts(report), "recommendedResources"))
            {
                if (PortalContent.Keys(block, "theme").Contains(theme.Key) && PortalContent.BlockText(block, "kind") is { } kind)
                {
                    foreach (var practice in PortalContent.Keys(block, "resource"))
                        filed.TryAdd(practice, kind);
                }
            }
        }
        var practices = content.OnTheme(PortalContent.Practice, theme.Key);
        var groups = PortalContent.ResourceGroups
            .Select(group => new ResourceGroup(text[group], practices
                .Where(p => (filed.GetValueOrDefault(p.Key) ?? PortalContent.ResourceGroup(PortalContent.Facts(p).Text("kind"))) == group)
                .Select(p => cards.For(p, culture, 200)).ToList()))
            .Where(g => g.Items.Count > 0)
            .ToList();

        var events = content.OnTheme(PortalContent.Event, theme.Key).Concat(content.OnTheme(PortalContent.Report, theme.Key))
            .OrderByDescending(PortalContent.DateOf).Select(e => cards.For(e, culture, 160)).ToList();
        var cities = content.Cities.Where(c => PortalContent.Facts(c).Keys("themes").Contains(theme.Key))
            .Select(c => router.LinkTo(c.Key, culture)).OfType<Link>().ToList();
        var news = content.OnTheme(PortalContent.News, theme.Key).Select(n => cards.For(n, culture, 160)).ToList();

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

        return ValueTask.FromResult<object?>(new ThemeModel(
            variant.Name,
            variant.Text("summary"),
            variant.Text("description"),
            PortalContent.Facts(theme).Strings("synonyms"),
            groups,
            events,
            cities,
            news,
            library is null ? null : $"{library}?theme={Uri.EscapeDataString(segment)}",
            feed));
    }
}

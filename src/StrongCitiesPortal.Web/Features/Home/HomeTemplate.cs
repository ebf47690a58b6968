using System.Text.Json.Nodes;
using StrongCitiesPortal.Web.Features.Cities;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Home;

public sealed record Figure(string Value, string Label);
public sealed record TakeawayLink(string Heading, string? Url);
public sealed record LatestReport(CardModel Card, IReadOnlyList<TakeawayLink> Takeaways, string? Lang);

public sealed record HomeModel(
    string Title,
    string? HeroTitle,
    string? Introduction,
    string? About,
    IReadOnlyList<Figure> Figures,
    LatestReport? Report,
    IReadOnlyList<CardModel> News,
    IReadOnlyList<CardModel> Featured,
    MapModel Map,
    string? LibraryUrl,
    string? NewsUrl,
    string? CitiesUrl);

/// <summary>The home page: what the network is, its figures and map, the latest takeaways and news, featured practices.</summary>
public sealed class HomeTemplate(PortalContent content, ContentRouter router, Cards cards) : IContentTemplate
{
    public string ContentType => "home";
    public string View => "/Features/Home/Home.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var variant = request.Variant;
        var facts = PortalContent.Facts(request.Item);
        var cities = content.Cities;

        // Latest and counts come from the search index, which lists only live items.
        var practices = await content.ListAsync(new ListingQuery(culture, PortalContent.Practice) { Take = 4 }, cancellationToken);
        var report = (await content.ListAsync(new ListingQuery(culture, PortalContent.Report) { Take = 1 }, cancellationToken)).Items.FirstOrDefault();
        var news = await content.ListAsync(new ListingQuery(culture, PortalContent.News) { Take = 3 }, cancellationToken);

        var figures = new List<Figure>();
        if (facts.Value("memberCount") is { } members)
            figures.Add(new Figure(text.Number(members.GetInt32()) + "+", text["Member cities"]));
        if (facts.Value("countryCount") is { } countryCount)
            figures.Add(new Figure(text.Number(countryCount.GetInt32()) + "+", text["Countries"]));
        if (!practices.BeingIndexed)
            figures.Add(new Figure(text.Number(practices.Total), text["Practices in the library"]));

        LatestReport? latest = null;
        var featured = new List<Guid>();
        if (report is not null && router.Shown(report, culture) is { } shownReport)
        {
            var url = router.Url(report.Key, culture);
            var takeaways = PortalContent.Blocks(shownReport, "keyTakeaways")
                .Select((b, i) => new TakeawayLink(PortalContent.BlockText(b, "heading") ?? "", url is null ? null : $"{url}#takeaway-{i + 1}"))
                .ToList();
            latest = new LatestReport(cards.For(report, culture, 320), takeaways, shownReport.Culture != culture ? shownReport.Culture : null);
            featured.AddRange(PortalContent.Blocks(PortalContent.Facts(report), "recommendedResources").SelectMany(b => PortalContent.Keys(b, "resource")));
        }
        featured.AddRange(practices.Items.Select(p => p.Key));
        var featuredCards = featured.Distinct().Where(k => router.Url(k, culture) is not null).Select(content.Get).OfType<StrongCitiesPortal.Content.Publishing.PublishedContent>()
            .Where(p => p.ContentType == PortalContent.Practice).Take(4).Select(p => cards.For(p, culture, 180)).ToList();

        var points = cities.Select(c => CityPoints.Of(c, culture, router)).OfType<MapPoint>().ToList();
        var map = WorldMap.Frame(points, text.Format("{0} member cities shown", points.Count), wholeWorld: true);

        request.Site.Title = "";
        request.Site.Description = Cards.Shorten(MarkdownPlain(variant.Text("introduction")), 200);
        var home = request.Site.Absolute(router.Home(culture));
        request.Site.StructuredData.Add(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Organization",
            ["name"] = variant.Name,
            ["url"] = home,
            ["description"] = request.Site.Description,
            ["foundingDate"] = "2015-09",
        });
        if (router.SectionUrl("practiceLibrary", culture) is { } library)
        {
            request.Site.StructuredData.Add(new JsonObject
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "WebSite",
                ["name"] = variant.Name,
                ["url"] = home,
                ["inLanguage"] = culture,
                ["potentialAction"] = new JsonObject
                {
                    ["@type"] = "SearchAction",
                    ["target"] = request.Site.Absolute(library) + "?q={search_term_string}",
                    ["query-input"] = "required name=search_term_string",
                },
            });
        }

        return new HomeModel(
            variant.Name,
            variant.Text("heroTitle"),
            variant.Text("introduction"),
            variant.Text("about"),
            figures,
            latest,
            news.Items.Select(n => cards.For(n, culture, 200)).ToList(),
            featuredCards,
            map,
            router.SectionUrl("practiceLibrary", culture),
            router.SectionUrl("newsList", culture),
            router.SectionUrl("memberDirectory", culture));
    }

    private static string? MarkdownPlain(string? markdown) =>
        markdown is null ? null : string.Join(' ', markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimStart('#', ' ', '-', '*')).Where(l => l.Length > 0)).Trim();
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.News;

public sealed record NewsListModel(string Title, string? Introduction, IReadOnlyList<CardModel> Articles, int Page, int PageCount, string BaseUrl, string FeedUrl)
{
    /// <summary>The page numbers a pager links to: the first, the last and those near the current one; 0 marks a gap.</summary>
    public static IReadOnlyList<int> PagesAround(int page, int pageCount, int near = 2)
    {
        var pages = new List<int>();
        for (var n = 1; n <= pageCount; n++)
        {
            if (n == 1 || n == pageCount || Math.Abs(n - page) <= near)
                pages.Add(n);
            else if (pages[^1] != 0)
                pages.Add(0);
        }
        return pages;
    }
}

public sealed record NewsArticleModel(string Name, DateOnly Published, string? Summary, string? Body, string? Source, IReadOnlyList<Link> Themes, IReadOnlyList<Link> Cities);

/// <summary>News, newest first, a page at a time, from the search index (live items only).</summary>
public sealed class NewsListTemplate(PortalContent content, ContentRouter router, Cards cards, IOptions<PortalSiteOptions> options) : IContentTemplate
{
    public string ContentType => "newsList";
    public string View => "/Features/News/NewsList.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var size = Math.Clamp(options.Value.PageSize, 1, 100);
        var asked = int.TryParse(request.Http.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Max(p, 1) : 1;
        var listing = await content.ListAsync(new ListingQuery(culture, PortalContent.News) { Skip = Skip(asked, size), Take = size }, cancellationToken);
        var pageCount = Math.Max(1, (listing.Total + size - 1) / size);
        var page = Math.Min(asked, pageCount);
        if (page != asked)
            listing = await content.ListAsync(new ListingQuery(culture, PortalContent.News) { Skip = Skip(page, size), Take = size }, cancellationToken);
        var baseUrl = router.Url(request.Item.Key, culture)!;
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        if (page > 1 && !request.Content.IsFallback)
            request.Site.CanonicalPath = $"{baseUrl}?page={page}";
        return new NewsListModel(
            request.Variant.Name,
            request.Variant.Text("introduction"),
            listing.Items.Select(n => cards.For(n, culture, 300) with { HeadingLevel = 2 }).ToList(),
            page,
            pageCount,
            baseUrl,
            router.Prefix("/feeds/news.xml", culture));
    }

    // Far past the end is the last page; the index goes no deeper than its own limit.
    private static int Skip(int page, int size) => (int)Math.Min((long)(page - 1) * size, 10_000);
}

/// <summary>One news article.</summary>
public sealed class NewsArticleTemplate(ContentRouter router) : IContentTemplate
{
    public string ContentType => PortalContent.News;
    public string View => "/Features/News/NewsArticle.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var variant = request.Variant;
        var facts = PortalContent.Facts(request.Item);
        var published = PortalContent.DateOf(request.Item);
        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        request.Site.OpenGraphType = "article";
        request.Site.StructuredData.Add(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["inLanguage"] = variant.Culture,
            ["datePublished"] = published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dateModified"] = request.Item.UpdateDate.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Strong Cities Network" },
        });
        return ValueTask.FromResult<object?>(new NewsArticleModel(
            variant.Name,
            published,
            variant.Text("summary"),
            variant.Text("body"),
            facts.Text("source"),
            facts.Keys("themes").Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList(),
            facts.Keys("cities").Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList()));
    }
}

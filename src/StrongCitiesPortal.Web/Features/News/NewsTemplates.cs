using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.News;

public sealed record NewsListModel(string Title, string? Introduction, IReadOnlyList<CardModel> Articles, int Page, int PageCount, string BaseUrl, string FeedUrl);

public sealed record NewsArticleModel(string Name, DateOnly Published, string? Summary, string? Body, string? Source, IReadOnlyList<Link> Themes, IReadOnlyList<Link> Cities);

/// <summary>News, newest first, a page at a time.</summary>
public sealed class NewsListTemplate(PortalContent content, ContentRouter router, Cards cards, IOptions<PortalSiteOptions> options) : IContentTemplate
{
    public string ContentType => "newsList";
    public string View => "/Features/News/NewsList.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var size = Math.Clamp(options.Value.PageSize, 1, 100);
        var all = content.Newest(PortalContent.News);
        var pageCount = Math.Max(1, (all.Count + size - 1) / size);
        var page = int.TryParse(request.Http.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, pageCount) : 1;
        var baseUrl = router.Url(request.Item.Key, culture)!;
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        if (page > 1 && !request.Content.IsFallback)
            request.Site.CanonicalPath = $"{baseUrl}?page={page}";
        return ValueTask.FromResult<object?>(new NewsListModel(
            request.Variant.Name,
            request.Variant.Text("introduction"),
            all.Skip((page - 1) * size).Take(size).Select(n => cards.For(n, culture, 300) with { HeadingLevel = 2 }).ToList(),
            page,
            pageCount,
            baseUrl,
            router.Prefix("/feeds/news.xml", culture)));
    }
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

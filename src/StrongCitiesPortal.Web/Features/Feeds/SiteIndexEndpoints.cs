using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Feeds;

/// <summary>
/// Sitemaps by the protocol's limits: <c>/sitemap.xml</c> is a sitemap index pointing at <c>/sitemaps/{n}.xml</c>,
/// each with at most <see cref="PortalSiteOptions.SitemapUrlsPerFile"/> addresses (every live page in every culture
/// it is translated into, with its alternates, each listed once across them), written straight to the response.
/// Also robots.txt.
/// </summary>
public static class SiteIndexEndpoints
{
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static IEndpointRouteBuilder MapSiteIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", GetSitemapIndex).WithName("Sitemap").ExcludeFromDescription();
        app.MapGet("/sitemaps/{file:int}.xml", GetSitemap).WithName("SitemapFile").ExcludeFromDescription();
        app.MapGet("/robots.txt", GetRobots).WithName("Robots").ExcludeFromDescription();
        return app;
    }

    public static async Task GetSitemapIndex(HttpContext context, SitemapPages pages, IOptions<PortalSiteOptions> options)
    {
        var root = Root(context, options.Value);
        var files = pages.FileCount(options.Value.UrlsPerSitemap);
        await using var writer = await StartAsync(context);
        await writer.WriteStartElementAsync(null, "sitemapindex", SitemapNamespace);
        for (var file = 1; file <= files; file++)
        {
            await writer.WriteStartElementAsync(null, "sitemap", SitemapNamespace);
            await writer.WriteElementStringAsync(null, "loc", SitemapNamespace, $"{root}/sitemaps/{file.ToString(CultureInfo.InvariantCulture)}.xml");
            await writer.WriteEndElementAsync();
        }
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
    }

    public static async Task GetSitemap(HttpContext context, int file, SitemapPages pages, PublishedContentCache cache, ContentRouter router, IOptions<PortalSiteOptions> options)
    {
        var perFile = options.Value.UrlsPerSitemap;
        if (file < 1 || file > pages.FileCount(perFile))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var root = Root(context, options.Value);
        await using var writer = await StartAsync(context);
        await writer.WriteStartElementAsync(null, "urlset", SitemapNamespace);
        await writer.WriteAttributeStringAsync("xmlns", "xhtml", null, XhtmlNamespace);
        var written = 0;
        foreach (var (key, culture, translations) in pages.Slice((file - 1) * perFile, perFile))
        {
            if (cache.Get(key) is not { } item || item.Variant(culture) is not { } variant || router.Url(key, culture) is not { } url)
                continue;
            await writer.WriteStartElementAsync(null, "url", SitemapNamespace);
            await writer.WriteElementStringAsync(null, "loc", SitemapNamespace, root + ContentRouter.Escape(url));
            await writer.WriteElementStringAsync(null, "lastmod", SitemapNamespace, variant.PublishedAt.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (translations.Count > 1)
            {
                foreach (var other in translations)
                {
                    if (router.Url(key, other) is not { } otherUrl)
                        continue;
                    await writer.WriteStartElementAsync("xhtml", "link", XhtmlNamespace);
                    await writer.WriteAttributeStringAsync(null, "rel", null, "alternate");
                    await writer.WriteAttributeStringAsync(null, "hreflang", null, other);
                    await writer.WriteAttributeStringAsync(null, "href", null, root + ContentRouter.Escape(otherUrl));
                    await writer.WriteEndElementAsync();
                }
            }
            await writer.WriteEndElementAsync();
            if (++written % 1_000 == 0)
                await writer.FlushAsync();
        }
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
    }

    public static IResult GetRobots(HttpContext context, IOptions<PortalSiteOptions> options)
    {
        var text = new StringBuilder()
            .Append("User-agent: *\n")
            .Append("Allow: /\n")
            .Append("Disallow: /error\n")
            .Append("Disallow: /not-found\n")
            .Append("Disallow: /api/\n")
            .Append(CultureInfo.InvariantCulture, $"Sitemap: {Root(context, options.Value)}/sitemap.xml\n");
        return TypedResults.Text(text.ToString(), "text/plain", Encoding.UTF8);
    }

    private static async Task<XmlWriter> StartAsync(HttpContext context)
    {
        context.Response.ContentType = "application/xml; charset=utf-8";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        var writer = XmlWriter.Create(context.Response.Body, new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) });
        await writer.WriteStartDocumentAsync();
        return writer;
    }

    private static string Root(HttpContext context, PortalSiteOptions options)
    {
        var configured = options.PublicUrl.TrimEnd('/');
        return configured.Length > 0 ? configured : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
    }
}

/// <summary>
/// The addresses the sitemaps list, worked out once per cache generation from routes alone: each live item in
/// tree order with the cultures it has its own translation in (an untranslated page in another culture repeats
/// the original, so it is not listed).
/// </summary>
public sealed class SitemapPages(PublishedContentCache cache)
{
    private readonly PerGeneration<Catalogue> _catalogue = new(cache, () => Build(cache));

    /// <summary>Items with their translated cultures, and where each item's first address falls in the whole list.</summary>
    private sealed record Catalogue(Guid[] Keys, string[][] Cultures, int[] FirstUrl, int UrlCount);

    public int UrlCount => _catalogue.Value.UrlCount;

    public int FileCount(int perFile) => Math.Max(1, (UrlCount + perFile - 1) / perFile);

    /// <summary>The addresses from <paramref name="skip"/> on, at most <paramref name="take"/>: item, culture and the item's translations.</summary>
    public IEnumerable<(Guid Key, string Culture, IReadOnlyList<string> Translations)> Slice(int skip, int take)
    {
        var catalogue = _catalogue.Value;
        var index = Array.BinarySearch(catalogue.FirstUrl, skip);
        if (index < 0)
            index = Math.Max(0, ~index - 1);
        var end = Math.Min(catalogue.UrlCount, skip + take);
        for (var url = skip; url < end && index < catalogue.Keys.Length; index++)
        {
            var cultures = catalogue.Cultures[index];
            for (var c = url - catalogue.FirstUrl[index]; c < cultures.Length && url < end; c++, url++)
                yield return (catalogue.Keys[index], cultures[c], cultures);
        }
    }

    private static Catalogue Build(PublishedContentCache cache)
    {
        var keys = new List<Guid>();
        var cultures = new List<string[]>();
        var first = new List<int>();
        var count = 0;
        foreach (var item in cache.All.OrderBy(i => i.Level).ThenBy(i => i.SortOrder).ThenBy(i => i.Id))
        {
            var translated = cache.Cultures
                .Where(c => item.Variant(c) is { } v && v.Culture == c && cache.Route(item.Key, c) is not null)
                .ToArray();
            if (translated.Length == 0)
                continue;
            keys.Add(item.Key);
            cultures.Add(translated);
            first.Add(count);
            count += translated.Length;
        }
        return new Catalogue([.. keys], [.. cultures], [.. first], count);
    }
}

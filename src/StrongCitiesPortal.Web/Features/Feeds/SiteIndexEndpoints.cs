using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Feeds;

/// <summary>sitemap.xml (every page in every culture it is translated into, with its alternates) and robots.txt.</summary>
public static class SiteIndexEndpoints
{
    public static IEndpointRouteBuilder MapSiteIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", GetSitemap).WithName("Sitemap").ExcludeFromDescription();
        app.MapGet("/robots.txt", GetRobots).WithName("Robots").ExcludeFromDescription();
        return app;
    }

    public static IResult GetSitemap(HttpContext context, PublishedContentCache cache, ContentRouter router, IOptions<PortalSiteOptions> options)
    {
        var root = Root(context, options.Value);
        var xml = new StringBuilder();
        using (var writer = XmlWriter.Create(xml, new XmlWriterSettings { Indent = true }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            writer.WriteAttributeString("xmlns", "xhtml", null, "http://www.w3.org/1999/xhtml");
            foreach (var item in cache.All.OrderBy(i => i.Level).ThenBy(i => i.SortOrder).ThenBy(i => i.Id))
            {
                // Only real translations: an untranslated page in another culture repeats the original.
                var translations = router.Cultures
                    .Where(c => item.Variant(c) is { } v && v.Culture == c && cache.Route(item.Key, c) is not null)
                    .ToDictionary(c => c, c => router.Url(item.Key, c)!);
                foreach (var (culture, url) in translations)
                {
                    writer.WriteStartElement("url");
                    writer.WriteElementString("loc", root + ContentRouter.Escape(url));
                    writer.WriteElementString("lastmod", item.Variant(culture)!.PublishedAt.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    if (translations.Count > 1)
                    {
                        foreach (var (other, otherUrl) in translations)
                        {
                            writer.WriteStartElement("xhtml", "link", "http://www.w3.org/1999/xhtml");
                            writer.WriteAttributeString("rel", "alternate");
                            writer.WriteAttributeString("hreflang", other);
                            writer.WriteAttributeString("href", root + ContentRouter.Escape(otherUrl));
                            writer.WriteEndElement();
                        }
                    }
                    writer.WriteEndElement();
                }
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return TypedResults.Text(xml.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/xml", Encoding.UTF8);
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

    private static string Root(HttpContext context, PortalSiteOptions options)
    {
        var configured = options.PublicUrl.TrimEnd('/');
        return configured.Length > 0 ? configured : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
    }
}

using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Practices;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Feeds;

public sealed record FeedEntry(PublishedContent Item, PublishedVariant Shown, string Url);

/// <summary>Atom feeds: news, new practices (also for any library search), and everything new on a theme, per culture.</summary>
public static class FeedEndpoints
{
    private const int EntryCount = 30;

    public sealed record FeedServices(ContentRouter Router, PortalContent Content, IPracticeSearch Search, PracticeVocabulary Vocabulary, IOptions<PortalSiteOptions> Options);

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/{culture}" })
        {
            var group = app.MapGroup(prefix + "/feeds").WithTags("Feeds").ExcludeFromDescription();
            group.MapGet("/news.xml", GetNews).WithName(prefix.Length == 0 ? "NewsFeed" : "NewsFeedInCulture");
            group.MapGet("/practices.xml", GetPractices).WithName(prefix.Length == 0 ? "PracticesFeed" : "PracticesFeedInCulture");
            group.MapGet("/themes/{theme}.xml", GetTheme).WithName(prefix.Length == 0 ? "ThemeFeed" : "ThemeFeedInCulture");
        }
        return app;
    }

    public static async Task<IResult> GetNews(HttpContext context, [AsParameters] FeedServices services, CancellationToken cancellationToken, string? culture = null)
    {
        if (Culture(services.Router, culture) is not { } c)
            return TypedResults.NotFound();
        var text = new SiteText(c);
        var news = await services.Content.ListAsync(new ListingQuery(c, PortalContent.News) { Take = EntryCount }, cancellationToken);
        var entries = news.Items.Select(n => Entry(services.Router, n, c)).OfType<FeedEntry>().ToList();
        return Atom(context, services, c, $"{text["News"]} · {text["Strong Cities Network"]}", services.Router.SectionUrl("newsList", c) ?? services.Router.Home(c), entries);
    }

    public static async Task<IResult> GetPractices(HttpContext context, [AsParameters] FeedServices services, CancellationToken cancellationToken, string? culture = null)
    {
        if (Culture(services.Router, culture) is not { } c)
            return TypedResults.NotFound();
        var text = new SiteText(c);
        var state = PracticeSearchState.Parse(context.Request.Query, services.Vocabulary);
        var query = state.ToQuery(c, EntryCount, services.Vocabulary) with { Sort = PracticeSort.Date, Skip = 0 };
        var result = await services.Search.SearchAsync(query, cancellationToken);
        var entries = result.Hits.Select(h => services.Content.Get(h.Key)).OfType<PublishedContent>()
            .Select(p => Entry(services.Router, p, c)).OfType<FeedEntry>().ToList();
        var library = services.Router.SectionUrl("practiceLibrary", c) ?? services.Router.Home(c);
        var title = state.IsEmpty ? text["New practices feed"] : $"{text["Practice library"]}: {string.Join(", ", new[] { state.Text }.Concat(state.Selected.Select(s => s.Value)).Where(s => s.Length > 0))}";
        return Atom(context, services, c, $"{title} · {text["Strong Cities Network"]}", library + state.WithPage(1).QueryString(), entries);
    }

    public static async Task<IResult> GetTheme(HttpContext context, [AsParameters] FeedServices services, string theme, CancellationToken cancellationToken, string? culture = null)
    {
        if (Culture(services.Router, culture) is not { } c || services.Vocabulary.ThemeBySegment(theme) is not { } item)
            return TypedResults.NotFound();
        var listing = await services.Content.ListAsync(
            new ListingQuery(c, PortalContent.Practice, PortalContent.News, PortalContent.Event, PortalContent.Report) { Take = EntryCount }.Where(PortalContent.ThemeFacet, item.Key.ToString()),
            cancellationToken);
        var entries = listing.Items.Select(e => Entry(services.Router, e, c)).OfType<FeedEntry>().ToList();
        var name = services.Router.NameOf(item.Key, c);
        return Atom(context, services, c, $"{name} · {new SiteText(c)["Strong Cities Network"]}", services.Router.Url(item.Key, c) ?? services.Router.Home(c), entries);
    }

    private static string? Culture(ContentRouter router, string? culture) =>
        culture is null ? router.DefaultCulture
        : culture != router.DefaultCulture && router.Cultures.Contains(culture, StringComparer.Ordinal) ? culture
        : null;

    private static FeedEntry? Entry(ContentRouter router, PublishedContent item, string culture) =>
        router.Shown(item, culture) is { } shown && router.Url(item.Key, culture) is { } url ? new FeedEntry(item, shown, url) : null;

    private static IResult Atom(HttpContext context, FeedServices services, string culture, string title, string alternate, IReadOnlyList<FeedEntry> entries)
    {
        string Absolute(string path)
        {
            var configured = services.Options.Value.PublicUrl.TrimEnd('/');
            return (configured.Length > 0 ? configured : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}") + ContentRouter.Escape(path);
        }
        var self = Absolute(context.Request.Path + context.Request.QueryString);
        var updated = entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(e => e.Shown.PublishedAt);

        var xml = new StringBuilder();
        using (var writer = XmlWriter.Create(xml, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            writer.WriteAttributeString("xml", "lang", null, culture);
            writer.WriteElementString("title", title);
            writer.WriteElementString("id", self);
            writer.WriteElementString("updated", Timestamp(updated));
            Link(writer, "self", self, "application/atom+xml");
            Link(writer, "alternate", Absolute(alternate), "text/html");
            writer.WriteStartElement("author");
            writer.WriteElementString("name", "Strong Cities Network");
            writer.WriteEndElement();
            foreach (var entry in entries)
            {
                writer.WriteStartElement("entry");
                if (entry.Shown.Culture != culture)
                    writer.WriteAttributeString("xml", "lang", null, entry.Shown.Culture);
                writer.WriteElementString("title", entry.Shown.Name);
                writer.WriteElementString("id", $"urn:uuid:{entry.Item.Key}");
                Link(writer, "alternate", Absolute(entry.Url), "text/html");
                writer.WriteElementString("published", Timestamp(new DateTimeOffset(PortalContent.DateOf(entry.Item).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
                writer.WriteElementString("updated", Timestamp(entry.Shown.PublishedAt));
                if (entry.Shown.Text("summary") is { } summary)
                {
                    writer.WriteStartElement("summary");
                    writer.WriteAttributeString("type", "text");
                    writer.WriteString(summary);
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Text(xml.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/atom+xml", Encoding.UTF8);
    }

    private static void Link(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

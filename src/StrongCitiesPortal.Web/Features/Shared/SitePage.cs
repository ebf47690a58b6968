using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>Site-wide settings of the public portal.</summary>
public sealed class PortalSiteOptions
{
    public const string Section = "Portal:Site";

    /// <summary>The public address canonical URLs, feeds and the sitemap use ("https://portal.example"); empty uses the request's host.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Practices and news shown per page.</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>Addresses in one sitemap file: the sitemap protocol allows at most 50,000.</summary>
    public int SitemapUrlsPerFile { get; set; } = 50_000;

    public int UrlsPerSitemap => Math.Clamp(SitemapUrlsPerFile, 1, 50_000);

    /// <summary>Search answers (listings, facet counts, related practices) remembered until the site changes.</summary>
    public int RememberedSearches { get; set; } = 500;

    /// <summary>Rendered Markdown kept in memory, in megabytes of HTML (a version's text never changes, so neither does its HTML).</summary>
    public int RenderedMarkdownMegabytes { get; set; } = 16;

    /// <summary>The anonymous page cache (<see cref="PublicPageCache"/>).</summary>
    public PublicPageCacheOptions PageCache { get; set; } = new();
}

public sealed class PublicPageCacheOptions
{
    /// <summary>Whether anonymous GETs of content pages are answered from memory until the site changes.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry may be served at most, even if nothing changes (a backstop: any change ends it at once).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The size of the portal's one output cache store, in megabytes: the pages and the Delivery API's cached answers
    /// share it, and the least recently used go when it is full (ASP.NET Core's default is 100).
    /// </summary>
    public int MaxMegabytes { get; set; } = 48;
}

/// <summary>Everything the layout needs to know about the page being rendered, filled by the page.</summary>
public sealed class SitePage(IHttpContextAccessor http, ContentRouter router, IOptions<PortalSiteOptions> options)
{
    private string _culture = router.DefaultCulture;

    public string Culture
    {
        get => _culture;
        set
        {
            _culture = router.Cultures.Contains(value) ? value : router.DefaultCulture;
            Text = new SiteText(_culture);
        }
    }

    public SiteText Text { get; private set; } = new(router.DefaultCulture);
    public string Direction => Culture == "ar" ? "rtl" : "ltr";
    public string Title { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The content type of the section the page belongs to, to mark it in the navigation.</summary>
    public string? Section { get; set; }

    /// <summary>The page's own address (path and query) in this culture; canonical and Open Graph use it.</summary>
    public string? CanonicalPath { get; set; }

    /// <summary>The same page in each culture, for the language switch and hreflang links.</summary>
    public IReadOnlyDictionary<string, string> Alternates { get; set; } = new Dictionary<string, string>();

    /// <summary>The cultures the page has its own translation in (hreflang links name only these).</summary>
    public IReadOnlyCollection<string> TranslatedCultures { get; set; } = [];

    /// <summary>The culture of the content actually shown when it differs from <see cref="Culture"/> (a missing translation).</summary>
    public string? ContentCulture { get; set; }

    public string OpenGraphType { get; set; } = "website";
    public bool NoIndex { get; set; }
    public List<JsonObject> StructuredData { get; } = [];

    /// <summary>Feeds offered on the page, as (title, address).</summary>
    public List<(string Title, string Href)> Feeds { get; } = [];

    public CultureInfo Format => PortalFormats.For(Culture);

    /// <summary>Starts over for a page rendered in the same request after another (the 404 and error pages).</summary>
    public void Reset(string culture)
    {
        Culture = culture;
        Title = "";
        Description = null;
        Section = null;
        CanonicalPath = null;
        Alternates = router.Cultures.ToDictionary(c => c, router.Home);
        TranslatedCultures = [];
        ContentCulture = null;
        OpenGraphType = "website";
        NoIndex = true;
        StructuredData.Clear();
        Feeds.Clear();
    }

    public string Absolute(string pathAndQuery)
    {
        var configured = options.Value.PublicUrl.TrimEnd('/');
        if (configured.Length == 0 && http.HttpContext is { } context)
            configured = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return configured + ContentRouter.Escape(pathAndQuery);
    }

    /// <summary>
    /// What a search says when all it shows in <paramref name="culture"/> is English: the search over the English pages
    /// (<paramref name="fellBack"/>, nothing matched in the reader's language), or English pages its own search found.
    /// </summary>
    public string EnglishResultsNotice(string culture, bool fellBack) => new SiteText(culture).Format(
        fellBack ? "Nothing in {0} matches this search; here are the results in English." : "Nothing in {0} matches this search; these results are in English.",
        LanguageName(culture));

    public string LanguageName(string culture) => culture switch
    {
        "en" => "English",
        "fr" => "Français",
        "ar" => "العربية",
        _ => culture,
    };

    public static string StructuredDataJson(JsonObject data) =>
        data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
}

public static class PortalFormats
{
    private static readonly Dictionary<string, CultureInfo> Cultures = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The formatting culture of a content culture, always on the Gregorian calendar.</summary>
    public static CultureInfo For(string culture)
    {
        lock (Gate)
        {
            if (Cultures.TryGetValue(culture, out var known))
                return known;
            var info = (CultureInfo)CultureInfo.GetCultureInfo(culture switch { "en" => "en-GB", "fr" => "fr-FR", "ar" => "ar-EG", _ => culture }).Clone();
            if (info.DateTimeFormat.Calendar is not GregorianCalendar)
            {
                var gregorian = info.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault();
                if (gregorian is not null)
                    info.DateTimeFormat.Calendar = gregorian;
            }
            Cultures[culture] = CultureInfo.ReadOnly(info);
            return Cultures[culture];
        }
    }

    public static string Date(DateOnly date, string culture) => date.ToString("d MMMM yyyy", For(culture));

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

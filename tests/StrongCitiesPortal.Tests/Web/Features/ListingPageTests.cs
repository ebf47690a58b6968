using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>Reads a sitemap index and every sitemap it points at.</summary>
public static class Sitemaps
{
    public static readonly XNamespace Map = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>Each sitemap file's addresses, in the order the index lists the files.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> FilesAsync(HttpClient client)
    {
        var index = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        index.Root!.Name.ShouldBe(Map + "sitemapindex");
        var files = new List<IReadOnlyList<string>>();
        foreach (var location in index.Root.Elements(Map + "sitemap").Select(s => s.Element(Map + "loc")!.Value))
        {
            var file = XDocument.Parse(await client.GetStringAsync(new Uri(location).PathAndQuery));
            file.Root!.Name.ShouldBe(Map + "urlset");
            files.Add(file.Root.Elements(Map + "url").Select(u => u.Element(Map + "loc")!.Value).ToList());
        }
        return files;
    }

    public static async Task<IReadOnlyList<string>> LocationsAsync(HttpClient client) => (await FilesAsync(client)).SelectMany(f => f).ToList();
}

/// <summary>
/// Listings on a site with more than a page holds: the news list pages, a theme's and a city's practices are capped
/// with a link to all of them, and the sitemap index splits every live page over files of a set size.
/// </summary>
[Category("Database")]
public sealed class ListingPageTests
{
    private static readonly Guid PracticeLibrary = Guid.Parse("11405358-73cb-4fe5-a03d-a8a1b146a032");
    private static readonly Guid NewsList = Guid.Parse("7fbf6b28-ecda-4e85-bacf-093816d0d422");
    private static readonly Guid Youth = Guid.Parse("531545f4-a676-451d-89c2-f4a357afdc00");
    private static readonly Guid London = Guid.Parse("902335b8-24a9-402d-a90d-1645645e5cbc");
    private const int Added = 9;
    private const int UrlsPerFile = 7;

    private PortalFactory _portal = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await PortalFactory.StartAsync("listings", settings: new Dictionary<string, string?>
        {
            ["Portal:Site:PageSize"] = "1",
            ["Portal:Site:SitemapUrlsPerFile"] = UrlsPerFile.ToString(CultureInfo.InvariantCulture),
        });
        _client = _portal.CreateClient();
        var content = _portal.Services.GetRequiredService<ContentService>();
        for (var i = 1; i <= Added; i++)
        {
            var practice = await content.SaveAndPublishAsync(new ContentDraft
            {
                ContentType = "goodPractice",
                ParentKey = PracticeLibrary,
                Data = Item($"Youth study {i:00}", new()
                {
                    ["kind"] = "Research",
                    ["themes"] = new[] { Youth.ToString() },
                    ["cities"] = new[] { London.ToString() },
                    ["publicationDate"] = $"2030-01-{i:00}",
                }),
            }, ["en"], "test");
            practice.Succeeded.ShouldBeTrue(string.Join("; ", practice.Errors));
        }
        var news = await content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "newsArticle",
            ParentKey = NewsList,
            Data = Item("Network meets in 2030", new() { ["publishDate"] = "2030-02-01" }),
        }, ["en"], "test");
        news.Succeeded.ShouldBeTrue(string.Join("; ", news.Errors));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private static ContentData Item(string name, Dictionary<string, object> invariant)
    {
        var data = new ContentData { Cultures = { ["en"] = new CultureData { Name = name } } };
        data.Cultures["en"].Values["summary"] = JsonSerializer.SerializeToElement("A summary of " + name);
        data.Cultures["en"].Values["body"] = JsonSerializer.SerializeToElement("What happened at " + name);
        foreach (var (alias, value) in invariant)
            data.Invariant[alias] = JsonSerializer.SerializeToElement(value);
        return data;
    }

    private async Task<IDocument> PageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private async Task<int> CountAsync(string query)
    {
        var api = JsonDocument.Parse(await _client.GetStringAsync("/api/search?take=1&" + query)).RootElement;
        return api.GetProperty("total").GetInt32();
    }

    private static IReadOnlyList<string> Titles(IParentNode page, string selector) =>
        page.QuerySelectorAll(selector).Select(h => h.TextContent.Trim()).ToList();

    [Test]
    public async Task The_news_listing_pages_newest_first_with_the_next_items_on_page_two()
    {
        var first = Titles(await PageAsync("/news/"), "main .grid h2");
        var second = Titles(await PageAsync("/news/?page=2"), "main .grid h2");
        var third = await PageAsync("/news/?page=3");
        var pastTheEnd = Titles(await PageAsync("/news/?page=99"), "main .grid h2");

        first.ShouldBe(["Network meets in 2030"]);
        second.ShouldBe(["UK city leaders meet in Birmingham to build stronger cities"]);
        Titles(third, "main .grid h2").ShouldBe(["Mayor of London launches programme to counter violent extremism"]);
        pastTheEnd.ShouldBe(Titles(third, "main .grid h2"));
        third.QuerySelector(".pager [aria-current='page']")!.TextContent.ShouldBe("3");
        third.QuerySelectorAll(".pager a").Select(a => a.GetAttribute("href")).ShouldBe(["/news/", "/news/?page=2"]);
    }

    [Test]
    public async Task A_theme_shows_the_first_practices_of_each_group_and_links_to_all_of_them()
    {
        var page = await PageAsync("/themes/youth/");
        var total = await CountAsync($"type=goodPractice&theme={Youth}");
        var evaluations = page.QuerySelectorAll(".resource-group").Single(g => g.QuerySelector("h2")!.TextContent == "Evaluations");
        var evaluationCount = await CountAsync($"type=goodPractice&theme={Youth}&kind=Research&kind=Evaluation");

        total.ShouldBe(Added, "no starter practice is on youth");
        Titles(evaluations, "h3").ShouldBe(Enumerable.Range(0, 6).Select(i => $"Youth study {Added - i:00}").ToList());
        evaluations.QuerySelector(".meta")!.TextContent.ShouldBe($"{evaluationCount} items");
        var all = page.QuerySelector(".see-all a")!;
        all.GetAttribute("href").ShouldBe("/practices/?theme=youth");
        all.TextContent.ShouldBe($"See all {total} practices");
        page.QuerySelectorAll(".resource-group .card").Length.ShouldBeLessThan(total);
    }

    [Test]
    public async Task A_city_shows_its_newest_practices_and_links_to_all_of_them()
    {
        var page = await PageAsync("/cities/london/");
        var total = await CountAsync($"type=goodPractice&city={London}");
        var practices = page.QuerySelector("section[aria-labelledby='city-practices']")!;

        Titles(practices, "h3").ShouldBe(Enumerable.Range(0, 6).Select(i => $"Youth study {Added - i:00}").ToList());
        var all = practices.QuerySelector(".see-all a")!;
        all.GetAttribute("href").ShouldBe("/practices/?city=london");
        all.TextContent.ShouldBe($"See all {total} practices");
        total.ShouldBeGreaterThan(6);
    }

    [Test]
    public async Task The_french_city_page_links_to_all_its_practices_in_french()
    {
        var page = await PageAsync("/fr/villes/londres/");
        var all = page.QuerySelector("section[aria-labelledby='city-practices'] .see-all a")!;

        all.GetAttribute("href").ShouldBe("/fr/pratiques/?city=london");
        all.TextContent.ShouldStartWith("Voir les ");
    }

    [Test]
    public async Task The_sitemap_index_lists_every_live_page_exactly_once_in_files_of_the_set_size()
    {
        var files = await Sitemaps.FilesAsync(_client);
        var cache = _portal.Services.GetRequiredService<PublishedContentCache>();
        var router = _portal.Services.GetRequiredService<ContentRouter>();
        var expected = cache.All
            .SelectMany(i => cache.Cultures.Where(c => i.Variant(c)?.Culture == c && cache.Route(i.Key, c) is not null).Select(c => "http://localhost" + ContentRouter.Escape(router.Url(i.Key, c)!)))
            .ToList();
        var listed = files.SelectMany(f => f).ToList();

        files.Count.ShouldBe((expected.Count + UrlsPerFile - 1) / UrlsPerFile);
        files.ShouldAllBe(f => f.Count > 0 && f.Count <= UrlsPerFile);
        listed.Count.ShouldBe(listed.Distinct().Count());
        listed.ShouldBe(expected, ignoreOrder: true);
        listed.ShouldContain("http://localhost/practices/youth-study-09/");
        listed.ShouldContain("http://localhost/fr/villes/londres/");
        (await _client.GetAsync($"/sitemaps/{files.Count + 1}.xml")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetAsync("/sitemaps/0.xml")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

/// <summary>The one rule for "live" on the home page, the news list and the feeds: an unpublished section takes its items with it.</summary>
[Category("Database")]
public sealed class LiveListingTests() : PortalFixture("livelistings")
{
    private static readonly Guid NewsList = Guid.Parse("7fbf6b28-ecda-4e85-bacf-093816d0d422");
    private const string Article = "UK city leaders meet in Birmingham to build stronger cities";
    private const string FrenchArticle = "Des dirigeants de villes britanniques se réunissent à Birmingham";

    private static string Titles(string feed) =>
        string.Join("\n", XDocument.Parse(feed).Root!.Elements(XName.Get("entry", "http://www.w3.org/2005/Atom")).Select(e => e.Element(XName.Get("title", "http://www.w3.org/2005/Atom"))!.Value));

    [Test]
    public async Task Unpublishing_the_news_section_in_every_culture_takes_its_articles_off_the_home_page_the_feeds_and_the_sitemap()
    {
        (await Client.GetStringAsync("/")).ShouldContain(Article);
        (await Client.GetStringAsync("/fr/")).ShouldContain(FrenchArticle);
        Titles(await Client.GetStringAsync("/feeds/news.xml")).ShouldContain(Article);
        Titles(await Client.GetStringAsync("/feeds/themes/hate-crime.xml")).ShouldContain(Article);
        (await Client.GetStringAsync("/news/")).ShouldContain(Article);
        (await Sitemaps.LocationsAsync(Client)).ShouldContain(l => l.Contains("uk-city-leaders", StringComparison.Ordinal));

        var content = Portal.Services.GetRequiredService<ContentService>();
        (await content.UnpublishAsync(NewsList, ["en", "fr", "ar"], "test")).Succeeded.ShouldBeTrue();

        (await Client.GetStringAsync("/")).ShouldNotContain(Article);
        (await Client.GetStringAsync("/fr/")).ShouldNotContain(FrenchArticle);
        Titles(await Client.GetStringAsync("/feeds/news.xml")).ShouldBeEmpty();
        Titles(await Client.GetStringAsync("/fr/feeds/news.xml")).ShouldBeEmpty();
        Titles(await Client.GetStringAsync("/feeds/themes/hate-crime.xml")).ShouldNotContain(Article);
        (await Client.GetAsync("/news/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Sitemaps.LocationsAsync(Client)).ShouldNotContain(l => l.Contains("/news/", StringComparison.Ordinal) || l.Contains("uk-city-leaders", StringComparison.Ordinal));
    }
}

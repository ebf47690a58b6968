using System.Net;
using AngleSharp.Html.Parser;

namespace StrongCitiesPortal.Tests.Web;

[Category("Database")]
public sealed class ContentPageTests() : PortalFixture("pages")
{
    [Test]
    public async Task The_home_page_shows_the_network_with_links_into_its_sections()
    {
        var html = await Client.GetStringAsync("/");
        var document = new HtmlParser().ParseDocument(html);

        document.QuerySelector("h1")!.TextContent.ShouldBe("Cities leading the way against hate, extremism and polarisation");
        document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldContain("/practices/");
    }

    [Test]
    public async Task Every_published_starter_item_has_a_page()
    {
        var cache = (StrongCitiesPortal.Content.Publishing.PublishedContentCache)Portal.Services.GetService(typeof(StrongCitiesPortal.Content.Publishing.PublishedContentCache))!;
        var failures = new List<string>();
        foreach (var item in cache.All)
        {
            foreach (var culture in item.Cultures)
            {
                var route = cache.Route(item.Key, culture);
                if (route is null)
                    continue;
                var url = culture == "en" ? route : $"/{culture}{route}";
                var response = await Client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK)
                    failures.Add($"{url}: {(int)response.StatusCode}");
            }
        }
        failures.ShouldBeEmpty();
        cache.All.Count().ShouldBeGreaterThan(30);
    }

    [Test]
    public async Task The_london_workshop_page_shows_its_five_takeaways()
    {
        var cache = (StrongCitiesPortal.Content.Publishing.PublishedContentCache)Portal.Services.GetService(typeof(StrongCitiesPortal.Content.Publishing.PublishedContentCache))!;
        var report = cache.OfType("workshopReport").Single();
        var html = await Client.GetStringAsync(cache.Route(report.Key, "en"));
        var document = new HtmlParser().ParseDocument(html);

        document.QuerySelectorAll("#key-takeaways section.takeaway").Length.ShouldBe(5);
        document.QuerySelectorAll("#next-steps section.next-step").Length.ShouldBe(4);
    }

    [Test]
    public async Task French_and_arabic_pages_carry_their_language_and_direction()
    {
        var fr = new HtmlParser().ParseDocument(await Client.GetStringAsync("/fr/"));
        var ar = new HtmlParser().ParseDocument(await Client.GetStringAsync("/ar/"));

        fr.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        ar.DocumentElement.GetAttribute("dir").ShouldBe("rtl");
    }

    [Test]
    public async Task An_unknown_address_is_a_helpful_404()
    {
        var response = await Client.GetAsync("/no/such/page");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("could not find");
    }
}

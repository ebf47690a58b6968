using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>The site-wide search page, the header's search box, counts in words, paging past the end, the favicon and the map's list.</summary>
[Category("Database")]
public sealed class SiteSearchAndLayoutTests() : PortalFixture("sitesearch", followRedirects: false)
{
    private async Task<IDocument> PageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(expected, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, List<string>> Facets(IDocument page) =>
        page.QuerySelectorAll(".facet").ToDictionary(f => f.QuerySelector("h3")!.TextContent.Trim(), f => f.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList());

    [Test]
    public async Task The_site_wide_search_says_what_it_searches_and_names_facets_and_countries_in_words()
    {
        var page = await PageAsync("/search?q=London");

        page.QuerySelector("h1")!.TextContent.ShouldBe("Search the whole site");
        page.QuerySelector("main > .container").ShouldNotBeNull();
        var facets = Facets(page);
        facets.Keys.ShouldContain("Type of page");
        facets.Keys.ShouldContain("Country");
        facets.Keys.ShouldNotContain("type");
        facets.Keys.ShouldNotContain("kind");
        facets["Type of page"].ShouldContain("Good practice");
        facets["Type of page"].ShouldContain("Member city");
        facets["Country"].ShouldContain("United Kingdom");
        facets["Country"].ShouldNotContain("GB");
        page.QuerySelectorAll(".hit .kind").Select(k => k.TextContent).ShouldContain("Member city");
        page.QuerySelector("meta[name='robots']")!.GetAttribute("content").ShouldBe("noindex, follow");
    }

    [Test]
    public async Task The_site_wide_search_reads_in_the_readers_language()
    {
        var page = await PageAsync("/search?q=Londres&culture=fr");

        page.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Rechercher dans tout le site");
        Facets(page)["Pays"].ShouldContain("Royaume-Uni");
        page.QuerySelectorAll(".hit h3 a").Select(a => a.TextContent).ShouldContain("Londres");
        page.QuerySelector("#result-status")!.TextContent.ShouldEndWith("résultats");
    }

    [Test]
    public async Task The_header_box_searches_everything_and_the_library_keeps_its_own()
    {
        var page = await PageAsync("/fr/pratiques/");

        var header = page.QuerySelector("header form[role='search']")!;
        header.GetAttribute("action").ShouldBe("/search");
        header.QuerySelector("input[name='culture']")!.GetAttribute("value").ShouldBe("fr");
        header.QuerySelector("label")!.TextContent.ShouldBe("Rechercher dans tout le site");
        page.QuerySelector("main form[role='search']")!.GetAttribute("action").ShouldBe("/fr/pratiques/");
    }

    [TestCase("en", 0, "No items yet")]
    [TestCase("en", 1, "1 item")]
    [TestCase("en", 2, "2 items")]
    [TestCase("fr", 1, "1 élément")]
    [TestCase("fr", 2, "2 éléments")]
    [TestCase("ar", 1, "عنصر واحد")]
    [TestCase("ar", 2, "عنصران")]
    [TestCase("ar", 3, "3 عناصر")]
    [TestCase("ar", 11, "11 عنصراً")]
    [TestCase("ar", 100, "100 عنصر")]
    [TestCase("ar", 103, "103 عناصر")]
    public void Counts_follow_each_languages_plural_rule(string culture, int count, string expected) =>
        new SiteText(culture).Count(count, "{0} items").ShouldBe(expected);

    [Test]
    public void Every_counted_phrase_has_all_its_forms() =>
        SiteText.PluralKeys.ShouldAllBe(k => new[] { "en", "fr", "ar" }.All(c => Enumerable.Range(0, 120).All(n => new SiteText(c).Count(n, k).Length > 0)));

    [Test]
    public async Task The_themes_page_counts_in_words_and_lists_empty_themes_apart()
    {
        var page = await PageAsync("/themes/");

        var counts = page.QuerySelectorAll(".grid .card .meta").Select(m => m.TextContent.Trim()).ToList();
        counts.ShouldNotBeEmpty();
        counts.ShouldAllBe(c => c == "1 item" || c.EndsWith(" items", StringComparison.Ordinal));
        counts.ShouldNotContain("1 items");
        counts.ShouldNotContain("0 items");
        var filed = page.QuerySelectorAll(".grid .card h2").Select(h => h.TextContent.Trim()).ToList();
        var empty = page.QuerySelectorAll(".empty-themes li").Select(l => l.TextContent.Trim()).ToList();
        (filed.Count + empty.Count).ShouldBe(13);
        filed.Intersect(empty).ShouldBeEmpty();
    }

    [TestCase("/practices/?page=99", "There is no page 99; the last page is 2.")]
    [TestCase("/fr/pratiques/?page=99", "Il n'y a pas de page 99 ; la dernière page est la page 2.")]
    public async Task A_page_past_the_last_says_so_once(string url, string message)
    {
        var page = await PageAsync(url);

        var results = page.QuerySelector("#practice-results")!;
        results.QuerySelectorAll(".notice").Select(n => n.TextContent.Trim()).ShouldBe([message + " " + results.QuerySelector(".notice a")!.TextContent.Trim()]);
        results.QuerySelector(".notice a")!.GetAttribute("href")!.ShouldNotContain("page=");
        results.QuerySelector(".pager").ShouldBeNull();
        results.TextContent.ShouldNotContain("No practice matches");
    }

    [Test]
    public async Task Results_come_before_the_filters_which_sit_in_a_disclosure()
    {
        var page = await PageAsync("/practices/?q=private+sector");

        var library = page.QuerySelector(".library")!;
        library.Children[0].Id.ShouldBe("practice-results");
        var details = library.Children[1];
        details.LocalName.ShouldBe("details");
        details.QuerySelector("summary")!.TextContent.ShouldBe("Filters");
        details.QuerySelector("#practice-facets input[type='checkbox']").ShouldNotBeNull();
    }

    [Test]
    public async Task The_site_has_a_favicon()
    {
        var page = await PageAsync("/");
        var icon = await Client.GetAsync("/favicon.svg");
        var ico = await Client.GetAsync("/favicon.ico");

        page.QuerySelector("link[rel='icon']")!.GetAttribute("href").ShouldBe("/favicon.svg");
        icon.StatusCode.ShouldBe(HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        ico.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        ico.Headers.Location!.ToString().ShouldBe("/favicon.svg");
    }

    [Test]
    public async Task The_map_names_the_cities_it_shows_beside_it()
    {
        var page = await PageAsync("/ar/cities/");

        var listed = page.QuerySelectorAll(".map .map-cities a").Select(a => a.TextContent.Trim()).ToList();
        listed.ShouldContain("لندن");
        listed.ShouldContain("باريس");
        listed.Count.ShouldBe(page.QuerySelectorAll(".map svg .city").Length);
    }

    [Test]
    public async Task An_arabic_query_finds_arabic_pages_without_a_language_notice()
    {
        var page = await PageAsync("/search?culture=ar&q=" + Uri.EscapeDataString("القطاع الخاص"));

        var hits = page.QuerySelectorAll(".hit article").ToList();
        hits.ShouldNotBeEmpty();
        var inArabic = hits.Where(h => h.GetAttribute("lang") is null).Select(h => h.QuerySelector("h3")!.TextContent.Trim()).ToList();
        inArabic.ShouldNotBeEmpty("an Arabic query should find pages written in Arabic");
        inArabic.ShouldAllBe(title => title.Any(c => c >= '\u0600' && c <= '\u06FF'));
        page.QuerySelector(".language-notice").ShouldBeNull();
    }
}

using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Web.DeliveryApi;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>An item published in English only, read in the French and Arabic sites.</summary>
[Category("Database")]
public sealed class UntranslatedPageTests() : PortalFixture("untranslated", followRedirects: false)
{
    [OneTimeSetUp]
    public async Task PublishAnEnglishOnlyPracticeAsync()
    {
        var content = Portal.Services.GetRequiredService<ContentService>();
        var saved = await content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Starter.Practices,
            Data = Data.Parse("""
                { "invariant": { "kind": "Research", "cities": ["902335b8-24a9-402d-a90d-1645645e5cbc"] },
                  "cultures": { "en": { "name": "Youth mentoring pilot", "segment": "youth-mentoring-pilot", "values": { "summary": "A pilot pairing young people with mentors: the Zephyrine scheme." } } } }
                """),
        }, ["en"], "tests");
        saved.Succeeded.ShouldBeTrue();

        // Translated into Arabic, with a word only its English text has.
        var translated = await content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Starter.Practices,
            Data = Data.Parse("""
                { "invariant": { "kind": "Research" },
                  "cultures": {
                    "en": { "name": "Quillwort neighbourhood forums", "segment": "quillwort-neighbourhood-forums", "values": { "summary": "Quillwort forums bring neighbours together." } },
                    "ar": { "name": "منتديات الأحياء", "segment": "muntadayat-al-ahya", "values": { "summary": "منتديات تجمع الجيران." } } } }
                """),
        }, ["en", "ar"], "tests");
        translated.Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task A_search_that_matches_only_english_pages_in_the_arabic_site_says_they_are_in_english()
    {
        var page = await SearchPageAsync("/search?culture=ar&q=zephyrine");

        page.QuerySelector(".language-notice")!.TextContent.ShouldBe("لا شيء باللغة العربية يطابق هذا البحث؛ هذه النتائج باللغة الإنجليزية.");
        var hit = page.QuerySelectorAll(".hit article").ShouldHaveSingleItem();
        hit.GetAttribute("lang").ShouldBe("en");
        hit.QuerySelector("h3")!.TextContent.Trim().ShouldBe("Youth mentoring pilot");
    }

    [Test]
    public async Task When_nothing_matches_in_arabic_the_search_offers_the_english_pages_and_says_so()
    {
        // The Arabic page of this practice does not have the word; its English page does.
        var page = await SearchPageAsync("/search?culture=ar&q=quillwort");

        page.QuerySelector(".language-notice")!.TextContent.ShouldBe("لا شيء باللغة العربية يطابق هذا البحث؛ إليك النتائج باللغة الإنجليزية.");
        var hit = page.QuerySelectorAll(".hit article").ShouldHaveSingleItem();
        hit.GetAttribute("lang").ShouldBe("en");
        hit.QuerySelector("h3 a")!.GetAttribute("href").ShouldBe("/practices/quillwort-neighbourhood-forums/");
    }

    [Test]
    public async Task The_same_search_in_english_has_no_language_notice()
    {
        var page = await SearchPageAsync("/search?q=quillwort");

        page.QuerySelector(".language-notice").ShouldBeNull();
        page.QuerySelectorAll(".hit article").ShouldHaveSingleItem();
    }

    [Test]
    public async Task The_practice_library_in_arabic_offers_the_english_practices_when_nothing_matches_in_arabic()
    {
        var page = await SearchPageAsync("/ar/practices/?q=quillwort");

        page.QuerySelector(".language-notice")!.TextContent.ShouldBe("لا شيء باللغة العربية يطابق هذا البحث؛ إليك النتائج باللغة الإنجليزية.");
        var hit = page.QuerySelectorAll(".results article").ShouldHaveSingleItem();
        hit.GetAttribute("lang").ShouldBe("en");
        hit.QuerySelector("h3 a")!.GetAttribute("href").ShouldBe("/practices/quillwort-neighbourhood-forums/");
        hit.QuerySelector("h3")!.TextContent.Trim().ShouldBe("Quillwort neighbourhood forums");
    }

    [Test]
    public async Task The_practice_library_in_arabic_says_when_its_results_are_english_pages()
    {
        var page = await SearchPageAsync("/ar/practices/?q=zephyrine");

        page.QuerySelector(".language-notice")!.TextContent.ShouldBe("لا شيء باللغة العربية يطابق هذا البحث؛ هذه النتائج باللغة الإنجليزية.");
        page.QuerySelectorAll(".results article").ShouldHaveSingleItem().GetAttribute("lang").ShouldBe("en");
    }

    [Test]
    public async Task The_practice_library_in_arabic_has_no_language_notice_for_arabic_results()
    {
        var page = await SearchPageAsync("/ar/practices/?q=" + Uri.EscapeDataString("منتديات"));

        page.QuerySelector(".language-notice").ShouldBeNull();
        var hit = page.QuerySelectorAll(".results article").First(a => a.QuerySelector("h3")!.TextContent.Trim() == "منتديات الأحياء");
        hit.GetAttribute("lang").ShouldBeNull();
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> SearchPageAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_untranslated_page_is_shown_in_english_inside_the_french_site_and_says_so()
    {
        var response = await Client.GetAsync("/fr/pratiques/youth-mentoring-pilot/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        page.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        page.QuerySelector(".notice")!.TextContent.ShouldBe("Cette page n'a pas encore été traduite en français ; elle est affichée en anglais.");
        page.QuerySelector(".content")!.GetAttribute("lang").ShouldBe("en");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Youth mentoring pilot");
        page.QuerySelector("aside h2")!.TextContent.ShouldBe("À propos de cette pratique");
        page.QuerySelector("link[rel='canonical']")!.GetAttribute("href").ShouldBe("http://localhost/practices/youth-mentoring-pilot/");
        page.QuerySelector("aside a[href='/fr/villes/londres/']")!.TextContent.ShouldBe("Londres");
    }

    [Test]
    public async Task An_untranslated_entry_in_a_french_feed_is_marked_english()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var french = XDocument.Parse(await Client.GetStringAsync("/fr/feeds/practices.xml"));

        var entry = french.Root!.Elements(atom + "entry").Single(e => e.Element(atom + "title")!.Value == "Youth mentoring pilot");
        entry.Attribute(XNamespace.Xml + "lang")!.Value.ShouldBe("en");
    }

    [Test]
    public async Task The_sitemap_leaves_out_the_addresses_of_missing_translations()
    {
        var locations = await Sitemaps.LocationsAsync(Client);

        locations.ShouldContain("http://localhost/practices/youth-mentoring-pilot/");
        locations.ShouldNotContain("http://localhost/fr/pratiques/youth-mentoring-pilot/");
    }
}

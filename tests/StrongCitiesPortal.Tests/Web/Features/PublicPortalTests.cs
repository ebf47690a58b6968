using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>The public pages over HTTP, on the starter content: URLs, state in the URL, cultures, metadata, feeds.</summary>
[Category("Database")]
public sealed class PublicPortalTests() : PortalFixture("public", followRedirects: false)
{
    private async Task<IDocument> PageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(expected, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static IReadOnlyList<string> ResultTitles(IDocument page) =>
        page.QuerySelectorAll("#practice-results .results h3").Select(h => h.TextContent.Trim()).ToList();

    [Test]
    public async Task Searching_private_sector_finds_the_IREPORTIT_app_and_counts_its_facets()
    {
        var page = await PageAsync("/practices/?q=private+sector");

        ResultTitles(page).ShouldContain("IREPORTIT app");
        var theme = page.QuerySelector("#f-theme-private-sector-and-tech-partnerships")!;
        theme.GetAttribute("name").ShouldBe("theme");
        theme.HasAttribute("checked").ShouldBeFalse();
        page.QuerySelector("label[for='f-theme-private-sector-and-tech-partnerships'] .count")!.TextContent.ShouldBe("(2)");
        page.QuerySelector("#result-status")!.TextContent.ShouldContain("2 practices found");
        page.QuerySelector("meta[name='robots']")!.GetAttribute("content").ShouldBe("noindex, follow");
    }

    [Test]
    public async Task The_url_carries_the_whole_search_state()
    {
        var page = await PageAsync("/practices/?q=private+sector&theme=private-sector-and-tech-partnerships&kind=Initiative&sort=name");

        ResultTitles(page).ShouldBe(["IREPORTIT app"]);
        page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#q")!.Value.ShouldBe("private sector");
        page.QuerySelector("#f-theme-private-sector-and-tech-partnerships")!.HasAttribute("checked").ShouldBeTrue();
        page.QuerySelector("#f-kind-initiative")!.HasAttribute("checked").ShouldBeTrue();
        page.QuerySelector("#sort option[value='name']")!.HasAttribute("selected").ShouldBeTrue();
        var removeKind = page.QuerySelectorAll(".chips a").Single(a => a.TextContent.Contains("Initiative", StringComparison.Ordinal));
        removeKind.GetAttribute("href").ShouldBe("/practices/?q=private%20sector&theme=private-sector-and-tech-partnerships&sort=name");
    }

    [Test]
    public async Task Browsing_without_words_lists_newest_first_and_pages()
    {
        var first = await PageAsync("/practices/");
        var second = await PageAsync("/practices/?page=2");

        first.QuerySelector("#result-status")!.TextContent.ShouldContain("14 practices found");
        ResultTitles(first).Count.ShouldBe(10);
        ResultTitles(second).Count.ShouldBe(4);
        ResultTitles(first).Intersect(ResultTitles(second)).ShouldBeEmpty();
        first.QuerySelector(".pager a[rel='next']")!.GetAttribute("href").ShouldBe("/practices/?page=2");
        second.QuerySelector("link[rel='canonical']")!.GetAttribute("href")!.ShouldEndWith("/practices/?page=2");
    }

    [Test]
    public async Task The_library_searches_with_the_search_service_typos_and_abbreviations_included()
    {
        var typo = await PageAsync("/practices/?q=partnrship");
        var abbreviation = await PageAsync("/practices/?q=M%26E");

        ResultTitles(typo).ShouldContain("Leicester's partnership model for delivering Prevent");
        typo.QuerySelector("#practice-results .notice")!.TextContent.ShouldContain("partnership");
        ResultTitles(abbreviation).ShouldContain("SCN repository of M&E resources");
        ResultTitles(abbreviation).ShouldNotContain("Monitoring and evaluation", "a theme is not a good practice");
        abbreviation.QuerySelectorAll("#practice-results .results mark").ShouldNotBeEmpty();
    }

    [Test]
    public async Task Sorting_by_name_runs_a_to_z_across_pages()
    {
        var first = ResultTitles(await PageAsync("/practices/?sort=name"));
        var second = ResultTitles(await PageAsync("/practices/?sort=name&page=2"));
        var all = first.Concat(second).ToList();

        all.Count.ShouldBe(14);
        all.ShouldBe(all.Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    [TestCase("?page=abc&sort=sideways")]
    [TestCase("?theme=no-such-theme&country=ZZ&year=99999&kind=Nonsense")]
    [TestCase("?q=%22unclosed+phrase&evaluation=Evaluated")]
    [TestCase("?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [TestCase("?page=99999")]
    public async Task Bad_search_input_is_a_page_that_says_so_never_an_error(string query)
    {
        var response = await Client.GetAsync("/practices/" + query);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("<script>alert(1)");
    }

    [Test]
    public async Task Unknown_filters_are_left_out_with_a_message()
    {
        var page = await PageAsync("/practices/?theme=no-such-theme&country=ZZ");

        page.QuerySelector("#practice-results .notice")!.TextContent.ShouldBe("Some filters were not recognised and were left out.");
        page.QuerySelector("#result-status")!.TextContent.ShouldContain("14 practices found");
    }

    [Test]
    public async Task An_overlong_search_is_shortened_and_said_to_be()
    {
        var page = await PageAsync("/practices/?q=" + new string('a', 500));

        page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#q")!.Value.Length.ShouldBe(200);
        page.QuerySelector("#practice-results .notice")!.TextContent.ShouldContain("200");
    }

    [Test]
    public async Task A_practice_page_shows_its_themes_cities_organisations_evaluation_and_related_practices()
    {
        var page = await PageAsync("/practices/ireportit/");
        var aside = page.QuerySelector("aside")!;

        page.QuerySelector("h1")!.TextContent.ShouldBe("IREPORTIT app");
        aside.QuerySelectorAll("a").Select(a => a.TextContent).ShouldContain("Private sector and tech partnerships");
        aside.QuerySelector("a[href='/cities/london/']")!.TextContent.ShouldBe("London");
        aside.TextContent.ShouldContain("Mayor of London, London tech sector");
        aside.TextContent.ShouldContain("Not evaluated");
        aside.QuerySelectorAll("a").Select(a => a.TextContent).ShouldContain("Strengthening Local Partnerships, Programmes and Policies on Prevention");
        page.QuerySelectorAll("#related-title + .grid h3").Length.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Pages_carry_canonical_urls_open_graph_and_schema_org_data()
    {
        var page = await PageAsync("/practices/ireportit/");

        page.QuerySelector("link[rel='canonical']")!.GetAttribute("href").ShouldBe("http://localhost/practices/ireportit/");
        page.QuerySelector("meta[property='og:title']")!.GetAttribute("content").ShouldBe("IREPORTIT app");
        page.QuerySelector("meta[property='og:type']")!.GetAttribute("content").ShouldBe("article");
        page.QuerySelector("meta[name='description']")!.GetAttribute("content")!.ShouldStartWith("A mobile and web app");
        var data = page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement).ToList();
        data.ShouldContain(d => d.GetProperty("@type").GetString() == "CreativeWork" && d.GetProperty("name").GetString() == "IREPORTIT app");
        data.ShouldContain(d => d.GetProperty("@type").GetString() == "BreadcrumbList");
    }

    [TestCase("/fr/pratiques/ireportit/", "fr", "Application IREPORTIT", "À propos de cette pratique")]
    [TestCase("/ar/practices/ireportit/", "ar", "تطبيق IREPORTIT", "عن هذه الممارسة")]
    public async Task A_translated_practice_reads_in_the_readers_language(string url, string culture, string title, string aside)
    {
        var page = await PageAsync(url);

        page.DocumentElement.GetAttribute("lang").ShouldBe(culture);
        page.QuerySelector(".notice").ShouldBeNull();
        page.QuerySelector(".content")!.GetAttribute("lang").ShouldNotBe("en");
        page.QuerySelector("h1")!.TextContent.ShouldBe(title);
        page.QuerySelector("aside h2")!.TextContent.ShouldBe(aside);
        page.QuerySelector("link[rel='canonical']")!.GetAttribute("href")!.ShouldStartWith($"http://localhost/{culture}/");
    }

    [Test]
    public async Task Arabic_pages_are_right_to_left_with_a_language_switch_to_the_same_page()
    {
        var page = await PageAsync("/ar/cities/london/");

        page.DocumentElement.GetAttribute("dir").ShouldBe("rtl");
        page.QuerySelector("h1")!.TextContent.ShouldBe("لندن");
        var switcher = page.QuerySelectorAll(".languages a").ToDictionary(a => a.GetAttribute("hreflang")!, a => a.GetAttribute("href"));
        switcher["en"].ShouldBe("/cities/london/");
        switcher["fr"].ShouldBe("/fr/villes/londres/");
        page.QuerySelectorAll("link[rel='alternate'][hreflang]").Select(l => l.GetAttribute("hreflang")).ShouldBe(["en", "fr", "ar"], ignoreOrder: true);
    }

    [TestCase("/practices", "/practices/")]
    [TestCase("/fr/practices/", "/fr/pratiques/")]
    [TestCase("/fr/cities/london/", "/fr/villes/londres/")]
    [TestCase("/PRACTICES/IREPORTIT/?q=x", "/practices/ireportit/?q=x")]
    public async Task Other_spellings_of_an_address_move_to_the_canonical_one(string from, string to)
    {
        var response = await Client.GetAsync(from);

        response.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.ToString().ShouldBe(to);
    }

    [Test]
    public async Task The_london_profile_shows_its_practices_events_and_steering_committee_seat()
    {
        var page = await PageAsync("/cities/london/");

        page.QuerySelectorAll("#city-practices + .grid h3").Select(h => h.TextContent.Trim()).ShouldContain("IREPORTIT app");
        page.QuerySelectorAll("#city-events + .grid h3").Select(h => h.TextContent.Trim()).ShouldContain("Strengthening Local Partnerships, Programmes and Policies on Prevention");
        page.QuerySelector("aside")!.TextContent.ShouldContain("London sits on the International Steering Committee.");
        page.QuerySelector("aside a[href='/steering-committee/mayor-of-london/']").ShouldNotBeNull();
        page.QuerySelectorAll(".map a.city").Length.ShouldBe(1);
    }

    [Test]
    public async Task The_member_directory_filters_by_region_and_country_through_the_url()
    {
        var all = await PageAsync("/cities/");
        var france = await PageAsync("/cities/?country=FR");
        var nonsense = await PageAsync("/cities/?region=Atlantis");

        all.QuerySelectorAll(".grid .card").Length.ShouldBe(6);
        all.QuerySelectorAll(".map a.city").Length.ShouldBe(6);
        france.QuerySelectorAll(".grid h3").Select(h => h.TextContent.Trim()).ShouldBe(["Paris"]);
        france.QuerySelector("#country option[value='FR']")!.HasAttribute("selected").ShouldBeTrue();
        nonsense.QuerySelectorAll(".grid .card").Length.ShouldBe(6);
    }

    [Test]
    public async Task A_theme_groups_its_resources_by_kind()
    {
        var page = await PageAsync("/themes/monitoring-and-evaluation/");

        var groups = page.QuerySelectorAll(".resource-group h2").Select(h => h.TextContent).ToList();
        groups.ShouldBe(["Specific initiatives", "Evaluations"]);
        page.QuerySelectorAll(".resource-group")[^1].TextContent.ShouldContain("RUSI Prevention Project");
        page.QuerySelector("a.button")!.GetAttribute("href").ShouldBe("/practices/?theme=monitoring-and-evaluation");
    }

    [Test]
    public async Task The_workshop_report_links_each_takeaway_to_practices_and_groups_resources_by_theme()
    {
        var page = await PageAsync("/events/strengthening-local-partnerships-programmes-and-policies-on-prevention/");

        var privateSector = page.QuerySelector("#takeaway-3")!;
        privateSector.QuerySelector("h3")!.TextContent.ShouldStartWith("3. The private sector");
        privateSector.QuerySelectorAll(".tag-list a").Select(a => a.TextContent).ShouldContain("IREPORTIT app");
        page.QuerySelectorAll("#recommended-resources .resource-group h3").Select(h => h.TextContent.Trim())
            .ShouldBe(["National-local cooperation", "Monitoring and evaluation", "Private sector and tech partnerships"]);
    }

    [Test]
    public async Task Events_are_split_into_reports_and_past_events()
    {
        var page = await PageAsync("/events/");

        page.QuerySelectorAll("#events-reports + .grid h3").Length.ShouldBe(1);
        page.QuerySelectorAll("#events-past + .grid h3").Length.ShouldBe(4);
    }

    [Test]
    public async Task The_news_feed_is_atom_with_the_newest_first()
    {
        var feed = XDocument.Parse(await Client.GetStringAsync("/feeds/news.xml"));
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var titles = feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ToList();
        titles.ShouldBe(["UK city leaders meet in Birmingham to build stronger cities", "Mayor of London launches programme to counter violent extremism"]);
        feed.Root.Elements(atom + "entry").First().Element(atom + "link")!.Attribute("href")!.Value.ShouldBe("http://localhost/news/uk-city-leaders-meet-in-birmingham/");
    }

    [Test]
    public async Task A_feed_follows_a_search_and_a_theme_and_a_culture()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var search = XDocument.Parse(await Client.GetStringAsync("/feeds/practices.xml?q=private+sector&theme=private-sector-and-tech-partnerships"));
        var theme = XDocument.Parse(await Client.GetStringAsync("/feeds/themes/monitoring-and-evaluation.xml"));
        var french = XDocument.Parse(await Client.GetStringAsync("/fr/feeds/practices.xml"));

        search.Root!.Elements(atom + "entry").Count().ShouldBe(2);
        theme.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ShouldContain("RUSI Prevention Project");
        french.Root!.Attribute(XNamespace.Xml + "lang")!.Value.ShouldBe("fr");
        french.Root.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ShouldContain("Application IREPORTIT");
        (await Client.GetAsync("/feeds/themes/no-such-theme.xml")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client.GetAsync("/de/feeds/news.xml")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_sitemap_lists_each_translation_with_its_alternates_and_robots_points_to_it()
    {
        var locations = await Sitemaps.LocationsAsync(Client);
        var robots = await Client.GetStringAsync("/robots.txt");

        locations.ShouldContain("http://localhost/cities/london/");
        locations.ShouldContain("http://localhost/fr/villes/londres/");
        locations.ShouldContain("http://localhost/ar/cities/london/");
        locations.ShouldContain("http://localhost/ar/practices/ireportit/");
        locations.Distinct().Count().ShouldBe(locations.Count);
        robots.ShouldContain("Sitemap: http://localhost/sitemap.xml");
    }

    [Test]
    public async Task The_404_page_helps_in_the_visitors_language()
    {
        var page = await PageAsync("/fr/pas/de/page", HttpStatusCode.NotFound);

        page.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Nous n'avons pas trouvé cette page");
        page.QuerySelector("main form[role='search']")!.GetAttribute("action").ShouldBe("/fr/pratiques/");
        page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ShouldContain("/fr/villes/");
    }

    [Test]
    public async Task The_world_outline_is_served_from_the_shipped_map_data()
    {
        var response = await Client.GetAsync("/map/world.svg");
        var svg = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        svg.Length.ShouldBeGreaterThan(20_000);
        XDocument.Parse(svg).Root!.Name.LocalName.ShouldBe("svg");
    }

    [Test]
    public async Task Every_page_names_its_stylesheet_and_deferred_script_that_are_served()
    {
        var page = await PageAsync("/");
        var css = page.QuerySelector("link[rel='stylesheet']")!.GetAttribute("href")!;
        var script = page.QuerySelector("script[src]")!;

        script.HasAttribute("defer").ShouldBeTrue();
        (await Client.GetAsync(css)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetAsync(script.GetAttribute("src"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelectorAll("link[href^='http'], script[src^='http']").Where(e => e.GetAttribute("rel") is not ("canonical" or "alternate")).ShouldBeEmpty();
    }
}

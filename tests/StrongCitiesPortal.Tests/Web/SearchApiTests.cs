using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>GET /api/search and the search page: JSON for good input, problem details or a clear message for bad.</summary>
[Category("Database")]
public sealed class SearchApiTests() : PortalFixture("searchapi")
{
    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Test]
    public async Task A_search_returns_the_total_the_hits_and_every_facet()
    {
        var json = await GetJsonAsync("/api/search?q=IREPORTIT%20app&take=5");

        json.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        var first = json.GetProperty("items")[0];
        first.GetProperty("name").GetString().ShouldBe("IREPORTIT app");
        first.GetProperty("id").GetString().ShouldBe("2e2e672d-a8c7-40b5-82f0-19a0f48c307d");
        first.GetProperty("contentType").GetString().ShouldBe("goodPractice");
        first.GetProperty("route").GetString().ShouldBe("/practices/ireportit/");
        first.GetProperty("snippet").GetString()!.ShouldContain("<mark>");
        first.GetProperty("score").GetDouble().ShouldBeGreaterThan(0);
        first.TryGetProperty("updateDate", out _).ShouldBeTrue();
        var facets = json.GetProperty("facets");
        foreach (var facet in new[] { "type", "theme", "kind", "country", "region", "city", "language", "year", "evaluation" })
            facets.TryGetProperty(facet, out _).ShouldBeTrue(facet);
        facets.GetProperty("city").EnumerateArray().ShouldContain(v => v.GetProperty("value").GetString() == "London" && v.GetProperty("count").GetInt32() > 0);
        // Countries show by name, filter by code.
        facets.GetProperty("country").EnumerateArray().ShouldContain(v => v.GetProperty("value").GetString() == "United Kingdom" && v.GetProperty("key").GetString() == "GB");
    }

    [Test]
    public async Task Filters_combine_across_facets_and_sort_by_date()
    {
        var json = await GetJsonAsync("/api/search?theme=Hate%20crime&type=Good%20practice&sort=date&take=50");

        var items = json.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(json.GetProperty("total").GetInt32());
        items.Count.ShouldBeGreaterThan(1);
        items.ShouldAllBe(i => i.GetProperty("contentType").GetString() == "goodPractice");
        json.GetProperty("facets").GetProperty("theme").EnumerateArray()
            .Single(v => v.GetProperty("value").GetString() == "Hate crime").GetProperty("count").GetInt32().ShouldBe(items.Count);
    }

    [TestCase("/api/search?take=abc", "take")]
    [TestCase("/api/search?take=1000", "take")]
    [TestCase("/api/search?take=0", "take")]
    [TestCase("/api/search?skip=-1", "skip")]
    [TestCase("/api/search?sort=popularity", "sort")]
    [TestCase("/api/search?culture=de", "culture")]
    [TestCase("/api/search?q=a&q=b", "q")]
    public async Task Bad_parameters_get_problem_details_that_name_them(string url, string parameter)
    {
        var response = await Client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue();
    }

    [Test]
    public async Task An_over_long_query_gets_problem_details_that_say_how_long_it_may_be()
    {
        var response = await Client.GetAsync("/api/search?q=" + new string('x', 500));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("200");
    }

    [TestCase("%22")]
    [TestCase("%22hate%20crime")]
    [TestCase("%5C%27%3B%20--")]
    [TestCase("%3Cscript%3E")]
    [TestCase("-london")]
    [TestCase("OR")]
    public async Task Stray_quotes_and_punctuation_are_not_errors(string q)
    {
        var json = await GetJsonAsync("/api/search?q=" + q);

        json.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Test]
    public async Task An_unknown_facet_value_gives_an_empty_result_with_a_message()
    {
        var json = await GetJsonAsync("/api/search?q=prevention&theme=Knitting");

        json.GetProperty("total").GetInt32().ShouldBe(0);
        json.GetProperty("notices")[0].GetString()!.ShouldContain("Knitting");
    }

    [Test]
    public async Task Similar_items_leave_out_the_item_itself()
    {
        var json = await GetJsonAsync("/api/search/2e2e672d-a8c7-40b5-82f0-19a0f48c307d/similar?take=3");

        var ids = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        ids.Count.ShouldBe(3);
        ids.ShouldNotContain("2e2e672d-a8c7-40b5-82f0-19a0f48c307d");
    }

    [Test]
    public async Task The_search_page_shows_hits_with_highlights_and_facets_to_narrow_by()
    {
        var html = await Client.GetStringAsync("/search?q=private+sector");
        var document = new HtmlParser().ParseDocument(html);

        document.QuerySelectorAll(".hit h3 a").Select(a => a.TextContent).ShouldContain("IREPORTIT app");
        document.QuerySelectorAll(".snippet mark").Length.ShouldBeGreaterThan(0);
        var theme = document.QuerySelectorAll(".facet-theme a").First(a => a.TextContent == "Private sector and tech partnerships");
        var narrowed = new HtmlParser().ParseDocument(await Client.GetStringAsync(theme.GetAttribute("href")));
        narrowed.QuerySelector(".facet-theme a.selected")!.TextContent.ShouldBe("Private sector and tech partnerships");
    }

    [Test]
    public async Task The_search_page_explains_bad_input_instead_of_failing()
    {
        var response = await Client.GetAsync("/search?q=" + new string('y', 300));
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        document.QuerySelector(".errors")!.TextContent.ShouldContain("200");
    }
}

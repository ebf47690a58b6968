using System.Net;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>The Delivery API's search endpoint over the starter content: items in Umbraco's shape, with scores, snippets and facets.</summary>
[Category("Database")]
public sealed class SearchDeliveryTests() : PortalFixture("deliverysearch")
{
    [Test]
    public async Task A_search_answers_umbraco_items_with_score_snippet_and_facets()
    {
        var answer = await Client.ApiAsync("search?q=ireportit");

        answer.Status.ShouldBe(HttpStatusCode.OK, answer.Body);
        answer.Json.Names().ShouldBe(["total", "items", "facets", "notices"]);
        var first = answer.Items()[0];
        first.Names().ShouldBe(["id", "contentType", "name", "createDate", "updateDate", "route", "properties", "cultures", "score", "snippet"]);
        first.GetProperty("id").GetGuid().ShouldBe(Starter.Ireportit);
        first.GetProperty("route").GetProperty("path").GetString().ShouldBe("/practices/ireportit/");
        first.GetProperty("properties").GetProperty("body").GetString()!.ShouldStartWith("<h2>");
        first.GetProperty("score").GetDouble().ShouldBeGreaterThan(0);
        first.GetProperty("snippet").GetString()!.ShouldContain("<mark>");
        answer.Json.GetProperty("facets").Names().ShouldContain("theme");
        answer.Json.GetProperty("facets").GetProperty("theme")[0].Names().ShouldBe(["value", "key", "count"]);
    }

    [Test]
    public async Task Facet_filters_narrow_the_hits()
    {
        var all = await Client.ApiAsync("search?q=london&take=50");
        var france = await Client.ApiAsync("search?q=london&filter=country:FR&take=50");
        var practices = await Client.ApiAsync("search?q=london&filter=contentType:goodPractice&take=50");

        france.Total().ShouldBeLessThan(all.Total());
        france.ItemIds().ShouldContain(Starter.Twinning);
        france.ItemIds().ShouldNotContain(Starter.Ireportit);
        practices.Items().ShouldAllBe(i => i.GetProperty("contentType").GetString() == "goodPractice");
    }

    [Test]
    public async Task A_theme_filter_takes_a_key_or_a_label()
    {
        var byKey = await Client.ApiAsync($"search?filter=theme:{Starter.HateCrime}&take=50");
        var byLabel = await Client.ApiAsync($"search?filter=theme:{Uri.EscapeDataString("Hate crime")}&take=50");

        byKey.Total().ShouldBeGreaterThan(0);
        byLabel.ItemIds().ShouldBe(byKey.ItemIds());
        byKey.ItemIds().ShouldContain(Starter.Ireportit);
    }

    [Test]
    public async Task Search_reads_the_visitors_culture_and_honours_fields()
    {
        var answer = await Client.ApiAsync("search?q=londres&fields=properties[country]", ("Accept-Language", "fr"));

        var london = answer.Items().First(i => i.GetProperty("id").GetGuid() == Starter.London);
        london.GetProperty("name").GetString().ShouldBe("Londres");
        london.GetProperty("properties").Names().ShouldBe(["country"]);
    }

    [Test]
    public async Task Sorting_by_date_and_paging()
    {
        var byDate = await Client.ApiAsync("search?q=prevention&sort=updateDate:desc&take=5");
        var second = await Client.ApiAsync("search?q=prevention&sort=updateDate:desc&skip=5&take=5");

        byDate.Status.ShouldBe(HttpStatusCode.OK);
        byDate.Items().Count.ShouldBe(5);
        byDate.ItemIds().Intersect(second.ItemIds()).ShouldBeEmpty();
        byDate.Total().ShouldBe(second.Total());
    }

    [TestCase("search?filter=colour:red", "Filter option not found")]
    [TestCase("search?filter=theme", "Filter option not found")]
    [TestCase("search?filter=theme:!youth", "Invalid filter value")]
    [TestCase("search?q=x&sort=name:asc", "Sort option not found")]
    [TestCase("search?q=x&take=5000", "Invalid take parameter")]
    [TestCase("search?q=x&skip=-3", "Invalid skip parameter")]
    public async Task Bad_search_parameters_are_400_problems(string url, string title)
    {
        (await Client.ApiAsync(url)).ShouldBeProblem(HttpStatusCode.BadRequest, title);
    }

    [Test]
    public async Task The_search_endpoint_is_in_the_openapi_document()
    {
        var document = await Client.ApiAsync("/umbraco/swagger/delivery/swagger.json");

        document.Json.GetProperty("paths").Names().ShouldContain("/umbraco/delivery/api/v2/search");
    }
}

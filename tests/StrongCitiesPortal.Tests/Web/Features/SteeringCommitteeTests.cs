using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Web.Features;

[Category("Database")]
public sealed class SteeringCommitteeTests
{
    [Test]
    public async Task Co_chairs_come_first_with_their_city_and_role()
    {
        await using var portal = await PortalFactory.StartAsync("committee");
        using var client = portal.CreateClient();
        var cache = portal.Services.GetRequiredService<PublishedContentCache>();
        var committee = cache.OfType("steeringCommittee").Single();
        var paris = cache.OfType("memberCity").Single(c => c.Variant("en")!.Name == "Paris");
        var result = await portal.Services.GetRequiredService<ContentService>().SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "steeringCommitteeMember",
            ParentKey = committee.Key,
            SortOrder = 9,
            Data = Data.Parse($$"""{ "invariant": { "person": "Mayor of Paris as co-chair", "role": "Co-chair", "city": "{{paris.Key}}" }, "cultures": { "en": { "name": "Co-chair from Paris" } } }"""),
        }, ["en"], "test");
        result.Succeeded.ShouldBeTrue();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/steering-committee/"));

        page.QuerySelectorAll("main h2").Select(h => h.TextContent).ShouldBe(["Co-chairs", "Members"]);
        var first = page.QuerySelector(".committee .card")!;
        first.QuerySelector("h3")!.TextContent.Trim().ShouldBe("Mayor of Paris as co-chair");
        first.QuerySelector("a[href='/cities/paris/']").ShouldNotBeNull();
        first.QuerySelector(".badge")!.TextContent.ShouldBe("Co-chair");
    }
}

using System.Net;

namespace StrongCitiesPortal.Tests.Backoffice;

[Category("Database")]
public sealed class SmokeTests
{
    [Test]
    public async Task An_editor_signs_in_and_opens_the_tree_and_an_item()
    {
        await using var portal = await BackofficePortal.StartAsync("smoke");
        using var client = await portal.SignInAsync(BackofficePortal.Editor);
        var tree = await client.PageAsync("/backoffice/content");
        tree.QuerySelectorAll(".bo-tree a").Length.ShouldBeGreaterThan(20);
        var edit = await client.PageAsync($"/backoffice/content/{BackofficePortal.London}");
        edit.QuerySelector("h1")!.TextContent.ShouldContain("London");
        var fr = await client.PageAsync($"/backoffice/content/{BackofficePortal.London}?culture=fr");
        fr.QuerySelector(".bo-english")!.TextContent.ShouldContain("London");
        (await client.GetAsync($"/backoffice/content/{BackofficePortal.WorkshopReport}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

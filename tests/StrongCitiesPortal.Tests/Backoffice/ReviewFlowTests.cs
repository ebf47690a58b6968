using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>A city editor's change goes through review: returned with a comment, changed again, published.</summary>
[Category("Database")]
public sealed class ReviewFlowTests
{
    [Test]
    public async Task A_city_editors_change_is_reviewed_returned_with_a_comment_then_published()
    {
        await using var portal = await BackofficePortal.StartAsync("review");
        using var city = await portal.SignInAsync(BackofficePortal.LondonEditor);
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var url = $"/backoffice/content/{BackofficePortal.London}";
        var liveSummary = portal.Cache.Get(BackofficePortal.London)!.Variant("en")!.Text("summary");

        // The focal point's save is a draft sent for review: nothing changes on the site.
        var page = await city.PageAsync(url);
        page.QuerySelector("button[value=publish]").ShouldBeNull();
        var saved = await city.SubmitAsync(url, page.Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "London works with its boroughs on prevention. (first try)" }, button: "save");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portal.Cache.Get(BackofficePortal.London)!.Variant("en")!.Text("summary").ShouldBe(liveSummary);

        // The Editor sees it waiting, with the difference against the live version.
        var queue = await editor.PageAsync("/backoffice/reviews");
        var link = queue.QuerySelector($"a[href^='/backoffice/reviews/']")!.GetAttribute("href")!;
        var review = await editor.PageAsync(link);
        var summaryRow = review.QuerySelector("tr[data-field=summary][data-culture=en]")!;
        summaryRow.QuerySelector("td.left")!.TextContent.ShouldContain("London's membership");
        string.Concat(summaryRow.QuerySelectorAll("td.right ins").Select(i => i.TextContent)).ShouldContain("(first try)");
        review.QuerySelectorAll("tr.changed").Select(r => r.GetAttribute("data-field") + "/" + r.GetAttribute("data-culture")).ShouldBe(["summary/en"]);

        // Returned with a comment, which the city editor sees on the dashboard and on the item.
        var returned = await editor.SubmitAsync(link, review.Form("form[action*=Return]"),
            new Dictionary<string, string?> { ["comment"] = "Please name the boroughs you work with." });
        returned.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var dashboard = await city.PageAsync("/backoffice");
        dashboard.QuerySelector(".bo-submissions .returned .bo-comment")!.TextContent.ShouldContain("Please name the boroughs");
        var item = await city.PageAsync(url);
        item.QuerySelector(".bo-review.returned")!.TextContent.ShouldContain("Please name the boroughs");
        portal.Cache.Get(BackofficePortal.London)!.Variant("en")!.Text("summary").ShouldBe(liveSummary);

        // Changed again and resubmitted; the Editor publishes it.
        var again = await city.SubmitAsync(url, item.Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "London works with Camden, Hackney and Newham on prevention." }, button: "save");
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var pending = await portal.Services.GetService<ReviewService>()!.PendingAsync();
        pending.ShouldHaveSingleItem().SubmittedBy.ShouldBe(BackofficePortal.LondonEditor);
        var second = await editor.PageAsync($"/backoffice/reviews/{pending[0].Id}");
        var published = await editor.SubmitAsync($"/backoffice/reviews/{pending[0].Id}", second.Form("form[action*=Publish]"));
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        portal.Cache.Get(BackofficePortal.London)!.Variant("en")!.Text("summary").ShouldBe("London works with Camden, Hackney and Newham on prevention.");
        (await portal.Services.GetService<ReviewService>()!.GetAsync(pending[0].Id))!.Status.ShouldBe(ReviewStatus.Published);
        var final = await city.PageAsync("/backoffice");
        final.QuerySelector(".bo-submissions .published").ShouldNotBeNull();

        var audit = await portal.Audit.QueryAsync(new AuditQuery(Subject: BackofficePortal.London));
        audit.Select(a => a.Action).ShouldContain("review-submit");
        audit.Select(a => a.Action).ShouldContain("review-return");
        audit.Select(a => a.Action).ShouldContain("review-publish");
        var publish = audit.First(a => a.Action == "publish");
        publish.User.ShouldBe(BackofficePortal.Editor);
        publish.ToVersion.ShouldBe(pending[0].Version);
    }

    [Test]
    public async Task A_city_editors_new_practice_goes_into_the_library_with_their_city_and_waits_for_review()
    {
        await using var portal = await BackofficePortal.StartAsync("newpractice");
        using var city = await portal.SignInAsync(BackofficePortal.ParisEditor);
        var page = await city.PageAsync($"/backoffice/content/create?type=goodPractice&parent={BackofficePortal.Events}");

        var response = await city.SubmitAsync("/backoffice/content/create", page.Form("#edit-form"), new Dictionary<string, string?>
        {
            ["name"] = "Paris youth mediators",
            ["p.summary"] = "Mediators trained to work with young people in the city's neighbourhoods.",
            ["p.kind"] = "Initiative",
            ["parent"] = BackofficePortal.Events.ToString(),
        }, button: "save");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var key = Guid.Parse(response.Headers.Location!.ToString().Split('/', '?')[3]);
        var item = (await portal.Content.GetAsync(key))!;
        item.ParentKey.ShouldBe(BackofficePortal.PracticeLibrary);
        item.Data.Invariant["cities"].GetRawText().ShouldContain(BackofficePortal.Paris.ToString());
        item.IsPublished("en").ShouldBeFalse();
        (await portal.Services.GetService<ReviewService>()!.PendingAsync()).ShouldContain(r => r.NodeKey == key);
        (await city.GetAsync($"/backoffice/content/{key}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_writer_sends_an_unchanged_item_for_review_without_making_a_new_version()
    {
        await using var portal = await BackofficePortal.StartAsync("writerreview");
        using var writer = await portal.SignInAsync(BackofficePortal.Writer);
        var url = $"/backoffice/content/{BackofficePortal.WorkshopReport}";
        var before = (await portal.Content.GetAsync(BackofficePortal.WorkshopReport))!.Version;
        var page = await writer.PageAsync(url);

        var response = await writer.SubmitAsync(url, page.Form("#edit-form"), button: "review");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Content.GetAsync(BackofficePortal.WorkshopReport))!.Version.ShouldBe(before);
        var pending = (await portal.Services.GetService<ReviewService>()!.PendingAsync()).ShouldHaveSingleItem();
        pending.Version.ShouldBe(before);
        pending.SubmittedBy.ShouldBe(BackofficePortal.Writer);
    }
}

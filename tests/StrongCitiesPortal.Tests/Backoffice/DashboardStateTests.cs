using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The dashboard says where each item stands per culture, in words, for the cultures the reader edits.</summary>
[Category("Database")]
public sealed class DashboardStateTests
{
    private static IElement? State(IDocument page, Guid key, string culture) =>
        page.QuerySelector($".bo-item[data-key='{key}'] .bo-state[data-culture={culture}]");

    [Test]
    public async Task After_approval_the_city_editor_sees_published_in_their_language_whatever_the_other_cultures_hold()
    {
        await using var portal = await BackofficePortal.StartAsync("dashboardstate");
        using var city = await portal.SignInAsync(BackofficePortal.LondonEditor);
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var url = $"/backoffice/content/{BackofficePortal.London}";
        var reviews = portal.Services.GetRequiredService<ReviewService>();

        // Submitted: English has a draft newer than what is live, in review.
        var page = await city.PageAsync(url);
        await city.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "London works with its boroughs." }, button: "save");
        var dashboard = await city.PageAsync("/backoffice");
        State(dashboard, BackofficePortal.London, "en")!.TextContent.ShouldBe("English: draft newer than live, in review");

        // Approved: the English version is live; French and Arabic (older versions, untouched) are not listed for an English editor.
        var review = (await reviews.PendingAsync()).ShouldHaveSingleItem();
        var detail = await editor.PageAsync($"/backoffice/reviews/{review.Id}");
        (await editor.SubmitAsync($"/backoffice/reviews/{review.Id}", detail.Form("form[action*=Publish]"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        dashboard = await city.PageAsync("/backoffice");
        State(dashboard, BackofficePortal.London, "en")!.TextContent.ShouldBe("English: published");
        State(dashboard, BackofficePortal.London, "fr").ShouldBeNull();
        dashboard.Body!.TextContent.ShouldNotContain("not published");

        // The city editor says they edit French as well: French, never touched since, is still published.
        var account = await city.PageAsync("/backoffice/account");
        (await city.SubmitAsync("/backoffice/account", account.Form("#account-form"), extra: [new("cultures", "en"), new("cultures", "fr")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        dashboard = await city.PageAsync("/backoffice");
        State(dashboard, BackofficePortal.London, "fr")!.TextContent.ShouldBe("French: published");

        // Staff change the French text and schedule it: now French has a newer draft, scheduled; English stays published.
        var french = await editor.PageAsync($"{url}?culture=fr");
        (await editor.SubmitAsync(url, french.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "Londres travaille avec ses arrondissements." }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        dashboard = await city.PageAsync("/backoffice");
        State(dashboard, BackofficePortal.London, "fr")!.TextContent.ShouldBe("French: draft newer than live");
        State(dashboard, BackofficePortal.London, "en")!.TextContent.ShouldBe("English: published");
        french = await editor.PageAsync($"{url}?culture=fr");
        (await editor.SubmitAsync(url, french.Form("form:has(input[name=publishAt])"), new Dictionary<string, string?> { ["publishAt"] = "2031-03-01T09:30" }, button: "schedule"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        dashboard = await city.PageAsync("/backoffice");
        State(dashboard, BackofficePortal.London, "fr")!.TextContent.ShouldBe("French: draft newer than live, scheduled for 1 Mar 2031 09:30 UTC");
        State(dashboard, BackofficePortal.London, "fr")!.ClassList.ShouldContain("scheduled");
    }
}

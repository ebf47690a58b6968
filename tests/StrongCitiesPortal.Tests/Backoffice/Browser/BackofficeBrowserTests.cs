using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace StrongCitiesPortal.Tests.Backoffice.Browser;

/// <summary>The two journeys of the issue, in a real browser against the portal on Kestrel.</summary>
[NonParallelizable]
[Category("Browser")]
public sealed partial class BackofficeBrowserTests() : BrowserPortalFixture("browser")
{
    [Test]
    public async Task An_editor_writes_a_workshop_report_with_takeaways_and_publishes_it()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor);
        await page.GotoAsync($"/backoffice/content/create?type=workshopReport&parent={BackofficePortal.Events}");

        await page.Locator("#f-name").FillAsync("Online harms workshop, Paris 2026");
        await page.Locator("#f-p-startDate").FillAsync("2026-04-14");
        await page.Locator("#f-p-summary").FillAsync("Practitioners from twelve cities met in Paris to compare responses to online harms.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add key takeaway" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add key takeaway" }).ClickAsync();
        var blocks = page.Locator(".bo-block");
        await Assertions.Expect(blocks).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#f-name")).ToHaveValueAsync("Online harms workshop, Paris 2026");

        await blocks.Nth(0).Locator("input[name$='.heading']").FillAsync("Platforms need local partners");
        var body = blocks.Nth(0).Locator("textarea[name$='.body']");
        await body.FillAsync("Cities know their **communities** best.");
        // The live preview follows the typing.
        await Assertions.Expect(blocks.Nth(0).Locator(".bo-preview strong")).ToHaveTextAsync("communities");
        await blocks.Nth(1).Locator("input[name$='.heading']").FillAsync("Share what works");
        await blocks.Nth(1).Locator("textarea[name$='.body']").FillAsync("A common library of responses saves time.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Assertions.Expect(page.Locator(".bo-flash")).ToContainTextAsync("Saved and published");

        var report = Browser.Portal.Cache.OfType("workshopReport").Single(r => r.Variant("en")?.Name == "Online harms workshop, Paris 2026");
        await page.GotoAsync(Browser.Portal.Cache.Route(report.Key, "en")!);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Online harms workshop, Paris 2026");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Platforms need local partners");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Share what works");
        await Assertions.Expect(page.Locator("main strong", new() { HasText = "communities" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_city_editor_updates_londons_profile_through_review_to_publication()
    {
        var city = await Browser.SignInAsync(BackofficePortal.LondonEditor);
        var editor = await Browser.SignInAsync(BackofficePortal.Editor);

        // The focal point edits London's summary and submits it.
        await city.GetByRole(AriaRole.Link, new() { Name = "London", Exact = true }).ClickAsync();
        await city.Locator("#f-p-summary").FillAsync("London's boroughs lead prevention with the Mayor's office. (draft)");
        await city.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(city.Locator(".bo-flash")).ToContainTextAsync("sent for review");

        // The Editor reviews the difference and returns it with a comment.
        await editor.GotoAsync("/backoffice/reviews");
        await editor.GetByRole(AriaRole.Link, new() { Name = "London" }).ClickAsync();
        // A word diff: the added words are marked where they are (here two runs of them).
        await Assertions.Expect(editor.Locator("tr[data-field=summary] td.right ins").Last).ToContainTextAsync("(draft)");
        await editor.GetByLabel(new Regex("^Comment for")).FillAsync("Please drop the word draft.");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Return with comment" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".bo-flash")).ToContainTextAsync("Returned");

        // The focal point sees the comment, corrects and resubmits.
        await city.GotoAsync("/backoffice");
        await Assertions.Expect(city.Locator(".bo-submissions .returned .bo-comment")).ToContainTextAsync("Please drop the word draft.");
        await city.GotoAsync($"/backoffice/content/{BackofficePortal.London}");
        await Assertions.Expect(city.Locator(".bo-review.returned")).ToContainTextAsync("Please drop the word draft.");
        await city.Locator("#f-p-summary").FillAsync("London's boroughs lead prevention with the Mayor's office.");
        await city.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(city.Locator(".bo-flash")).ToContainTextAsync("sent for review");

        // The Editor publishes; the public page shows the new summary.
        await editor.GotoAsync("/backoffice/reviews");
        await editor.GetByRole(AriaRole.Link, new() { Name = "London" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".bo-flash")).ToContainTextAsync("Published");

        var visitor = await (await Browser.Browser.NewContextAsync(new() { BaseURL = Browser.Address })).NewPageAsync();
        await visitor.GotoAsync(Browser.Portal.Cache.Route(BackofficePortal.London, "en")!);
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("London's boroughs lead prevention with the Mayor's office.");
        await city.GotoAsync("/backoffice");
        await Assertions.Expect(city.Locator(".bo-submissions .published").First).ToBeVisibleAsync();
    }
}

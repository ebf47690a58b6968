using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StrongCitiesPortal.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace StrongCitiesPortal.Tests.Backoffice.Browser;

/// <summary>"Save and preview": the draft in the public page's own template and layout, per culture, for signed-in people who may see it.</summary>
[NonParallelizable]
[Category("Browser")]
public sealed class PreviewBrowserTests() : BrowserPortalFixture("preview")
{
    [Test]
    public async Task Save_and_preview_shows_the_draft_as_the_public_page_will_in_each_culture_and_never_cached()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor, bypassCsp: true);
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.IReportIt}?culture=fr");
        await page.Locator("#f-name").FillAsync("Application IREPORTIT (nouvelle version)");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save and preview" }).ClickAsync(),
            r => r.Url.EndsWith("/preview/fr", StringComparison.Ordinal));
        await Expect(page).ToHaveURLAsync(new Regex($"/backoffice/content/{BackofficePortal.IReportIt}/preview/fr$"));
        var headers = await response.AllHeadersAsync();
        headers["cache-control"].ShouldContain("no-store");
        headers["x-robots-tag"].ShouldContain("noindex");
        await Expect(page.Locator("meta[name='robots']")).ToHaveAttributeAsync("content", new Regex("noindex"));

        // The public template and layout: the French site's chrome, the practice's own aside, the draft's name.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Application IREPORTIT (nouvelle version)");
        await Expect(page.Locator("aside h2").First).ToHaveTextAsync("À propos de cette pratique");
        await Expect(page.Locator(".site-nav")).ToContainTextAsync("Bibliothèque de pratiques");
        await Expect(page.Locator(".preview-bar")).ToContainTextAsync("not live");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "draft-preview-fr-desktop.png"), FullPage = true });
        await AxeFindsNothingSeriousAsync(page);

        // The live page is unchanged until the draft is published.
        var live = await page.Context.NewPageAsync();
        await live.GotoAsync("/fr/pratiques/ireportit/");
        await Expect(live.Locator("h1")).ToHaveTextAsync("Application IREPORTIT");

        // The same draft in Arabic, right to left, at a phone's width.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Link, new() { Name = "Preview in ar" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("تطبيق IREPORTIT");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "draft-preview-ar-phone.png"), FullPage = true });
        await AxeFindsNothingSeriousAsync(page);
    }

    [Test]
    public async Task Only_signed_in_people_allowed_to_see_the_item_can_open_its_preview()
    {
        var url = $"{Browser.Address}/backoffice/content/{BackofficePortal.IReportIt}/preview/en";
        var london = await Browser.SignInAsync(BackofficePortal.LondonEditor);
        var paris = await Browser.SignInAsync(BackofficePortal.ParisEditor);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        ((int)(await london.GotoAsync(url))!.Status).ShouldBe(200);
        await Expect(london.Locator("h1")).ToHaveTextAsync("IREPORTIT app");
        ((int)(await paris.GotoAsync(url))!.Status).ShouldBe(403);
        var outsider = await anonymous.GetAsync(url);
        outsider.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.Unauthorized);
        if (outsider.Headers.Location is { } login)
            login.ToString().ShouldContain("/backoffice/login?ReturnUrl=", Case.Insensitive);
    }

    [Test]
    public async Task The_url_segment_is_checked_in_chromium_without_a_console_error()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.Twinning}?culture=en");

        await page.Locator("#f-segment").FillAsync("Not A Segment");
        (await page.Locator("#f-segment").EvaluateAsync<bool>("e => e.validity.patternMismatch")).ShouldBeTrue();
        await page.Locator("#f-segment").FillAsync("london-paris-twinning");
        (await page.Locator("#f-segment").EvaluateAsync<bool>("e => e.validity.valid")).ShouldBeTrue();
        errors.ShouldBeEmpty();
    }

    private static async Task AxeFindsNothingSeriousAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = BrowserSession.AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(' | '))
            """);
        violations.EnumerateArray().Select(v => v.GetString()).ShouldBeEmpty();
    }
}

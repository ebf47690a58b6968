using System.Text.Json;
using Microsoft.Playwright;
using StrongCitiesPortal.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace StrongCitiesPortal.Tests.Backoffice.Browser;

/// <summary>The edit form in Chromium: uploading from a media picker (with and without script), folding and moving blocks, the country search.</summary>
[NonParallelizable]
[Category("Browser")]
public sealed class EditFormBrowserTests() : BrowserPortalFixture("editformbrowser")
{
    private static FilePayload Cover(string name) => new() { Name = name, MimeType = "image/png", Buffer = TestFiles.Png(64, 48) };

    [Test]
    public async Task A_city_editor_uploads_a_cover_image_from_the_form_without_leaving_it()
    {
        var page = await Browser.SignInAsync(BackofficePortal.LondonEditor, bypassCsp: true);
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.IReportIt}");
        var address = page.Url;
        await page.GetByLabel("Summary").FillAsync("Typed, then an image uploaded, all on one page.");
        var picker = page.Locator("fieldset.bo-media-picker", new() { Has = page.Locator("legend", new() { HasText = "Cover image" }) });

        await picker.GetByLabel("Upload a new file").SetInputFilesAsync(Cover("ireportit-cover.png"));
        await picker.GetByLabel("Describe the image").FillAsync("The IREPORTIT app on a phone");
        await picker.GetByRole(AriaRole.Button, new() { Name = "Upload and choose" }).ClickAsync();

        await Expect(picker.Locator(".bo-upload-status")).ToContainTextAsync("Uploaded “ireportit-cover” and chose it");
        page.Url.ShouldBe(address);
        await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("Typed, then an image uploaded, all on one page.");
        var chosen = picker.Locator("input[type=radio]:checked");
        await Expect(chosen.Locator("xpath=..")).ToContainTextAsync("ireportit-cover");
        (await chosen.Locator("xpath=../img").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : -1")).ShouldBe(64);
        await picker.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "in-form-upload-desktop.png") });
        await picker.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "in-form-upload-picker.png") });
        await AxeFindsNothingSeriousAsync(page);

        var key = await chosen.GetAttributeAsync("value");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Expect(page.Locator(".bo-flash")).ToContainTextAsync("sent for review");
        var saved = (await Browser.Portal.Content.GetAsync(BackofficePortal.IReportIt))!;
        ContentPicked(saved.Data.Invariant["coverImage"]).ShouldBe(key);
    }

    [Test]
    public async Task Without_script_the_upload_button_submits_the_form_and_brings_it_back_with_the_text_kept()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor, javaScript: false);
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.Twinning}");
        await page.GetByLabel("Summary").FillAsync("Kept across the upload, without script.");
        var picker = page.Locator("fieldset.bo-media-picker", new() { Has = page.Locator("legend", new() { HasText = "Cover image" }) });
        await picker.GetByLabel("Upload a new file").SetInputFilesAsync(Cover("twinning-cover.png"));
        await picker.GetByLabel("Describe the image").FillAsync("Two mayors at the signing");

        await picker.GetByRole(AriaRole.Button, new() { Name = "Upload and choose" }).ClickAsync();

        await Expect(page.Locator(".bo-flash")).ToContainTextAsync("Uploaded “twinning-cover” and chose it");
        await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("Kept across the upload, without script.");
        var reloaded = page.Locator("fieldset.bo-media-picker", new() { Has = page.Locator("legend", new() { HasText = "Cover image" }) });
        await Expect(reloaded.Locator("input[type=radio]:checked").Locator("xpath=..")).ToContainTextAsync("twinning-cover");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "in-form-upload-no-script.png") });
    }

    [Test]
    public async Task Blocks_fold_and_move_with_script_and_the_new_order_is_saved()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor, bypassCsp: true);
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.WorkshopReport}");
        var takeaways = page.Locator("fieldset.bo-blocks", new() { Has = page.Locator("legend", new() { HasText = "Key takeaways" }) });
        var blocks = takeaways.Locator(":scope > section.bo-block");
        var count = await blocks.CountAsync();
        count.ShouldBeGreaterThan(2);
        (await takeaways.Locator(":scope > section.bo-block.bo-folded").CountAsync()).ShouldBe(count);
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        height.ShouldBeLessThan(6000, "the report form was 8,600 px with every block open");

        // Open one, read it, fold it again.
        var firstToggle = blocks.First.Locator(".bo-block-toggle");
        await Expect(firstToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await firstToggle.ClickAsync();
        await Expect(firstToggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(blocks.First.Locator(".bo-field").First).ToBeVisibleAsync();
        await firstToggle.ClickAsync();

        // Move the first takeaway down, in the page; saving keeps the new order.
        var firstKey = await blocks.Nth(0).GetAttributeAsync("data-block");
        var secondKey = await blocks.Nth(1).GetAttributeAsync("data-block");
        var address = page.Url;
        await blocks.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Move down" }).ClickAsync();
        page.Url.ShouldBe(address);
        (await blocks.Nth(0).GetAttributeAsync("data-block")).ShouldBe(secondKey);
        await Expect(blocks.Nth(1).Locator(".bo-block-number")).ToHaveTextAsync("2.");
        await AxeFindsNothingSeriousAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.Locator(".bo-flash")).ToContainTextAsync("Saved as a draft");
        var saved = (await Browser.Portal.Content.GetAsync(BackofficePortal.WorkshopReport))!;
        var order = saved.Data.Cultures["en"].Values["keyTakeaways"].EnumerateArray().Select(b => b.GetProperty("key").GetString()).Take(2).ToList();
        order.ShouldBe([secondKey, firstKey]);
    }

    [Test]
    public async Task Countries_are_found_by_typing_and_added_with_enter()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor);
        await page.GotoAsync($"/backoffice/content/{BackofficePortal.IReportIt}");
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Find a country" });
        await search.FillAsync("keny");
        var visible = await page.Locator(".bo-kind-country select option:not([hidden])").AllTextContentsAsync();
        visible.ShouldContain("Kenya (KE)");
        visible.Count.ShouldBeLessThan(5, "only the match and the chosen countries stay listed");
        await search.PressAsync("Enter");
        await Expect(page.Locator(".bo-chosen")).ToContainTextAsync("Kenya (KE)");
        await Expect(page.Locator(".bo-chosen")).ToContainTextAsync("United Kingdom");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.Locator(".bo-flash")).ToContainTextAsync("Saved as a draft");
        var saved = (await Browser.Portal.Content.GetAsync(BackofficePortal.IReportIt))!;
        saved.Data.Invariant["countries"].EnumerateArray().Select(c => c.GetString()).ShouldBe(["GB", "KE"], ignoreOrder: true);
    }

    private static string? ContentPicked(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()).FirstOrDefault() : value.GetString();

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

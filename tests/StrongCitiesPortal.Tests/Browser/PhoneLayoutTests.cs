using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StrongCitiesPortal.Tests.Browser;

/// <summary>The library and the site-wide search on a phone: a compact header, results first, filters behind a disclosure.</summary>
[Category("Browser")]
public sealed class PhoneLayoutTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task On_a_phone_the_header_is_compact_and_the_results_come_before_the_filters(bool javaScript)
    {
        await using var context = await BrowserSession.NewContextAsync(javaScript, 390, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/practices/?q=private+sector");

        var header = (await page.Locator("header.site-header").BoundingBoxAsync())!;
        header.Height.ShouldBeLessThan(170, "the header takes too much of a phone's screen");
        var results = (await page.Locator("#results-heading").BoundingBoxAsync())!;
        var filters = (await page.Locator(".filters-disclosure > summary").BoundingBoxAsync())!;
        results.Y.ShouldBeLessThan(filters.Y);
        results.Y.ShouldBeLessThan(844, "the results start below the first screen");

        var disclosure = page.Locator("details.filters-disclosure");
        if (javaScript)
        {
            // Closed at first with script; opening it shows the filters, and ticking one narrows the results.
            await Expect(disclosure).Not.ToHaveAttributeAsync("open", "");
            await page.Locator(".filters-disclosure > summary").ClickAsync();
            await page.Locator("label[for='f-theme-private-sector-and-tech-partnerships']").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("theme=private-sector-and-tech-partnerships"));
        }
        else
        {
            await Expect(disclosure).ToHaveAttributeAsync("open", "");
        }
    }

    [Test]
    public async Task The_header_box_searches_the_whole_site_in_arabic()
    {
        await using var context = await BrowserSession.NewContextAsync(javaScript: true, 390, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ar/");

        await page.Locator("header").GetByRole(AriaRole.Searchbox).FillAsync("لندن");
        await page.Locator("header").GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/search\\?q=.*&culture=ar$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("البحث في الموقع بأكمله");
        await Expect(page.Locator(".hit h3 a").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "site-search-ar-phone.png"), FullPage = true });
    }
}

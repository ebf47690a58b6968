using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StrongCitiesPortal.Tests.Browser;

/// <summary>A practitioner's way through the portal in a real browser, with JavaScript and without it.</summary>
[Category("Browser")]
public sealed class JourneyTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_practitioner_finds_IREPORTIT_follows_London_and_reads_the_workshop_takeaways_in_three_languages(bool javaScript)
    {
        await using var context = await BrowserSession.NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        var policyViolations = BrowserSession.PolicyViolations(page);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(BrowserSession.Address.ToString(), StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };

        await page.GotoAsync("/");
        await page.Locator(".site-nav").GetByRole(AriaRole.Link, new() { Name = "Practice library", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Practice library");

        // Search for 'private sector': typed (and found as you type) with JavaScript, submitted without.
        if (javaScript)
            await page.EvaluateAsync("() => window.stillTheSamePage = true");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search practices", Exact = true }).FillAsync("private sector");
        if (!javaScript)
            await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search practices", Exact = true }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?q=private(\+|%20)sector"));
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("2 practices found");

        // Narrow by the theme facet: it applies itself with JavaScript, by the Apply button without.
        await page.GetByLabel("Private sector and tech partnerships").CheckAsync();
        if (!javaScript)
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("theme=private-sector-and-tech-partnerships"));
        await Expect(page.Locator("#f-theme-private-sector-and-tech-partnerships")).ToBeCheckedAsync();
        await Expect(page.Locator(".chips")).ToContainTextAsync("Private sector and tech partnerships");
        if (javaScript)
            (await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true")).ShouldBeTrue("search-as-you-type and the facet reloaded the page");

        // Open the practice, then its city.
        await page.Locator("#practice-results").GetByRole(AriaRole.Link, new() { Name = "IREPORTIT app" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("IREPORTIT app");
        await Expect(page.Locator("aside")).ToContainTextAsync("Not evaluated");
        await page.Locator("aside").GetByRole(AriaRole.Link, new() { Name = "London", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("London");
        await Expect(page).ToHaveURLAsync(new Regex("/cities/london/$"));

        // From London's profile to the workshop report and its five takeaways.
        await page.Locator("#city-events + .grid").GetByRole(AriaRole.Link, new() { Name = "Strengthening Local Partnerships, Programmes and Policies on Prevention", Exact = true }).ClickAsync();
        var takeaways = page.Locator("#key-takeaways section.takeaway h3");
        await Expect(takeaways).ToHaveCountAsync(5);
        (await takeaways.AllTextContentsAsync()).ShouldBe(
        [
            "1. Local prevention has to keep pace with an increasingly hybrid threat landscape",
            "2. Grassroots organisations are well placed to contribute to, and even lead, local prevention alongside local government, and should be supported to do so",
            "3. The private sector, including technology and media companies, remains an untapped resource for local prevention",
            "4. Prevention would benefit from stronger national-local and local-local collaboration and coordination",
            "5. Monitoring and evaluation of prevention has made some progress but remains inconsistent, often inaccessible and rarely shared",
        ]);
        await Expect(page.Locator("#takeaway-3").GetByRole(AriaRole.Link, new() { Name = "IREPORTIT app" })).ToBeVisibleAsync();

        // The same report in French, translated.
        await page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page).ToHaveURLAsync(new Regex("/fr/evenements/renforcer-partenariats-programmes-politiques-locaux-prevention/$"));
        await Expect(takeaways).ToHaveCountAsync(5);
        await Expect(takeaways.Nth(2)).ToHaveTextAsync("3. Le secteur privé, y compris la tech et les médias, reste une ressource inexploitée pour la prévention locale");
        await Expect(page.Locator("#key-takeaways-title")).ToHaveTextAsync("Principaux enseignements");

        // And in Arabic: right to left, translated too.
        await page.GetByRole(AriaRole.Link, new() { Name = "العربية" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Locator(".notice")).ToHaveCountAsync(0);
        await Expect(takeaways).ToHaveCountAsync(5);
        await Expect(takeaways.Nth(2)).ToContainTextAsync("لا يزال القطاع الخاص، بما فيه شركات التكنولوجيا والإعلام، مورداً غير مستغل في الوقاية المحلية");
        await Expect(page.Locator("#key-takeaways-title")).ToHaveTextAsync("الخلاصات الرئيسية");
        await Expect(page.Locator(".site-nav")).ToContainTextAsync("مكتبة الممارسات");

        elsewhere.ShouldBeEmpty();
        policyViolations.ShouldBeEmpty("the pages work under the Content-Security-Policy");
    }
}

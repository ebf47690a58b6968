using System.Text.Json;
using Microsoft.Playwright;

namespace StrongCitiesPortal.Tests.Browser;

/// <summary>Every page type: no serious or critical axe-core violations, and a screenshot at phone and desktop widths.</summary>
[Category("Browser")]
public sealed class PageTypeTests
{
    private static readonly (string Name, int Width, int Height)[] Widths = [("phone", 390, 844), ("desktop", 1280, 900)];

    public static IEnumerable<TestCaseData> Pages()
    {
        (string Name, string Url)[] pages =
        [
            ("home", "/"),
            ("practice-library", "/practices/?q=private+sector"),
            ("practice", "/practices/ireportit/"),
            ("themes", "/themes/"),
            ("theme", "/themes/monitoring-and-evaluation/"),
            ("member-directory", "/cities/"),
            ("city-profile", "/cities/london/"),
            ("steering-committee", "/steering-committee/"),
            ("steering-committee-member", "/steering-committee/mayor-of-london/"),
            ("events", "/events/"),
            ("event", "/events/london-workshop-local-partnerships-prevention/"),
            ("workshop-report", "/events/strengthening-local-partnerships-programmes-and-policies-on-prevention/"),
            ("news", "/news/"),
            ("news-article", "/news/mayor-of-london-launches-cve-programme/"),
            ("not-found", "/no/such/page/"),
            ("home-fr", "/fr/"),
            ("home-ar", "/ar/"),
            ("workshop-report-ar", "/ar/events/strengthening-local-partnerships-programmes-and-policies-on-prevention/"),
            ("practice-library-ar", "/ar/practices/?theme=monitoring-and-evaluation"),
            ("site-search", "/search?q=London"),
            ("site-search-fr", "/search?q=Londres&culture=fr"),
            ("site-search-ar", "/search?culture=ar&q=" + Uri.EscapeDataString("القطاع الخاص")),
            ("themes-ar", "/ar/themes/"),
            ("practice-ar", "/ar/practices/ireportit/"),
            ("member-directory-fr", "/fr/villes/"),
        ];
        return pages.Select(p => new TestCaseData(p.Name, p.Url).SetName($"Page_type_{p.Name.Replace('-', '_')}_passes_axe_and_is_screenshot"));
    }

    [TestCaseSource(nameof(Pages))]
    public async Task Page_type_passes_axe_and_is_screenshot(string name, string url)
    {
        var problems = new List<string>();
        foreach (var (width, w, h) in Widths)
        {
            await using var context = await BrowserSession.NewContextAsync(javaScript: true, w, h);
            var page = await context.NewPageAsync();
            var policyViolations = BrowserSession.PolicyViolations(page);
            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            response.ShouldNotBeNull();
            ((int)response.Status).ShouldBeOneOf(name == "not-found" ? [404] : [200]);

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });

            // Evaluated, not added as a <script>: the portal's Content-Security-Policy rightly refuses inline script.
            await page.EvaluateAsync(await File.ReadAllTextAsync(BrowserSession.AxeScript));
            var violations = await page.EvaluateAsync<JsonElement>("""
                async () => {
                  const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
                  return results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
                }
                """);
            foreach (var violation in violations.EnumerateArray())
            {
                var impact = violation.GetProperty("impact").GetString();
                var line = $"{width}: [{impact}] {violation.GetProperty("id").GetString()} {violation.GetProperty("help").GetString()} at {string.Join(" | ", violation.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}";
                if (impact is "serious" or "critical")
                    problems.Add(line);
                else
                    TestContext.Out.WriteLine(line);
            }

            // Nothing wider than the screen: the page reflows at phone width (WCAG 1.4.10).
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 1)
                problems.Add($"{width}: the page is {overflow}px wider than the viewport");
            problems.AddRange(policyViolations.Select(v => $"{width}: {v}"));
        }
        problems.ShouldBeEmpty();
    }
}

using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>The practice library as a practitioner searches it: relevance for words, every facet value kept to widen to, cities to narrow by.</summary>
[Category("Database")]
public sealed class PracticeLibrarySearchTests() : PortalFixture("librarysearch", followRedirects: false)
{
    private async Task<IDocument> PageAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static IReadOnlyList<string> ResultTitles(IDocument page) =>
        page.QuerySelectorAll("#practice-results .results h3").Select(h => h.TextContent.Trim()).ToList();

    [Test]
    public async Task The_search_form_asks_for_the_best_match_unless_the_reader_chose_a_sort()
    {
        var page = await PageAsync("/practices/");
        var chosen = page.QuerySelector("#sort option[selected]")!;

        chosen.GetAttribute("value").ShouldBe("", "submitting words from the library must not turn into ?sort=date");
        (await PageAsync("/practices/?q=evaluation&sort=")).QuerySelector("#sort option[selected]")!.GetAttribute("value").ShouldBe("");
        (await PageAsync("/practices/?sort=date")).QuerySelector("#sort option[selected]")!.GetAttribute("value").ShouldBe("date");
    }

    [Test]
    public async Task Words_typed_in_the_library_rank_the_best_match_first()
    {
        var byRelevance = ResultTitles(await PageAsync("/practices/?q=monitoring+evaluation&sort="));
        var byDate = ResultTitles(await PageAsync("/practices/?q=monitoring+evaluation&sort=date"));

        var api = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync("/api/search?q=monitoring+evaluation&type=goodPractice&take=10")).RootElement;
        var ranked = api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

        byRelevance.Count.ShouldBeGreaterThan(1);
        byRelevance.ShouldBe(byDate, ignoreOrder: true);
        byRelevance.ShouldBe(ranked);
        byRelevance.ShouldNotBe(byDate);
    }

    [Test]
    public async Task A_chosen_theme_keeps_the_other_themes_listed_with_the_counts_they_would_add()
    {
        var all = await PageAsync("/practices/");
        var narrowed = await PageAsync("/practices/?theme=national-local-cooperation");

        int Count(IDocument page, string id) =>
            int.Parse(page.QuerySelector($"label[for='{id}'] .count")!.TextContent.Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture);
        var themes = all.QuerySelectorAll("input[name='theme']").Select(i => i.Id!).ToList();
        themes.Count.ShouldBeGreaterThan(2);
        narrowed.QuerySelectorAll("input[name='theme']").Select(i => i.Id!).ShouldBe(themes, ignoreOrder: true);
        foreach (var theme in themes)
            Count(narrowed, theme).ShouldBe(Count(all, theme), theme);
    }

    [Test]
    public async Task Practices_can_be_narrowed_to_a_city()
    {
        var all = await PageAsync("/practices/");
        var city = all.QuerySelector("input[name='city']");
        city.ShouldNotBeNull();
        var value = city.GetAttribute("value")!;
        var expected = int.Parse(all.QuerySelector($"label[for='{city.Id}'] .count")!.TextContent.Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture);

        var narrowed = await PageAsync("/practices/?city=" + Uri.EscapeDataString(value));

        ResultTitles(narrowed).Count.ShouldBe(Math.Min(expected, 10));
        narrowed.QuerySelector($"input[name='city'][value='{value}']")!.HasAttribute("checked").ShouldBeTrue();
    }
}

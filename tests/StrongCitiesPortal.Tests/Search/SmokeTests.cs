using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

public sealed class SmokeTests
{
    [Test]
    public async Task Smoke()
    {
        await using var host = await SearchHost.StartAsync("smoke");
        foreach (var q in new[] { "how did a city bring the private sector into prevention?", "M&E", "evalution", "goverment", "partnrship", "\"hate crime\"", "youth OR women", "prevention -london", "preven", "CVE", "évaluation", "التقييم" })
        {
            var result = await host.Search().SearchAsync(new SearchRequest { Query = q, Culture = q.StartsWith('é') ? "fr" : q.StartsWith('ا') ? "ar" : "en" });
            TestContext.Out.WriteLine($"== {q}: total {result.Total} {string.Join(" | ", result.Notices)}");
            foreach (var hit in result.Items.Take(5))
                TestContext.Out.WriteLine($"   {hit.Score:0.0000} {hit.Name} [{hit.Culture}]");
        }
        var browse = await host.Search().SearchAsync(new SearchRequest { Filters = new Dictionary<string, IReadOnlyList<string>> { ["theme"] = ["Monitoring and evaluation"] } });
        TestContext.Out.WriteLine($"== browse M&E: {browse.Total}");
        foreach (var (facet, values) in browse.Facets)
            TestContext.Out.WriteLine($"{facet}: {string.Join(", ", values.Select(v => $"{v.Value}={v.Count}"))}");
    }
}

using System.Text.Json;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>
/// Facets are counted from arrays kept per segment (and a browse's own facet from counts kept per segment reader):
/// after items are updated, taken down and added, which leaves deleted documents in old segments and new documents in
/// new ones, every count still equals a plain count over the matches read from PostgreSQL.
/// </summary>
[Category("Database")]
public sealed class FacetSegmentTests
{
    private static readonly Guid PracticeLibrary = new("11405358-73cb-4fe5-a03d-a8a1b146a032");
    private static readonly Guid MonitoringTheme = new("3c5c558d-ccb4-4fb8-b97a-bde424de6220");
    private static readonly Guid London = new("902335b8-24a9-402d-a90d-1645645e5cbc");

    private ContentHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await SearchHost.StartAsync("facetsegments");

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private static readonly (string Query, Dictionary<string, string[]> Filters)[] Searches =
    [
        ("prevention ", []),
        ("", new() { ["theme"] = ["City-to-city cooperation"] }),
        ("", new() { ["theme"] = ["City-to-city cooperation", "Monitoring and evaluation"], ["type"] = ["Good practice"] }),
        ("prevention ", new() { ["theme"] = ["City-to-city cooperation", "Hate crime"], ["country"] = ["GB"], ["region"] = ["Europe"] }),
    ];

    [Test]
    public async Task Facet_counts_equal_a_plain_count_after_updates_deletions_and_additions_across_segments()
    {
        // Counted once first, so that the first segment's arrays and the browse's counts are made and kept.
        foreach (var (query, filters) in Searches)
            await AssertCountsAsync(query, filters);

        var cooperation = await SearchAsync("", new() { ["theme"] = ["City-to-city cooperation"], ["type"] = ["Good practice"] });
        var theme = Guid.Parse(cooperation.Facets["theme"].Single(v => v.Value == "City-to-city cooperation").Key);
        var practices = cooperation.Items.Select(i => i.Id).Distinct().ToList();
        practices.Count.ShouldBeGreaterThan(2);
        // An update (its theme changes), a practice taken down, one thrown away, and new ones.
        await RetagAsync(practices[0], MonitoringTheme);
        (await _host.Content.UnpublishAsync(practices[1], ["en", "fr", "ar"], "test")).Succeeded.ShouldBeTrue();
        (await _host.Content.TrashAsync(practices[2], "test")).Succeeded.ShouldBeTrue();
        for (var i = 0; i < 3; i++)
            await PublishPracticeAsync($"Prevention circle {i} for young people", "Young people lead prevention circles in London.", i == 0 ? MonitoringTheme : theme);

        using (var lease = _host.Index().Acquire()!)
        {
            var reader = lease.Searcher.IndexReader;
            reader.Leaves.Count.ShouldBeGreaterThan(1, "the changes are in segments of their own");
            reader.NumDeletedDocs.ShouldBeGreaterThan(0, "the old segment has deleted documents");
        }
        foreach (var (query, filters) in Searches)
            await AssertCountsAsync(query, filters);
    }

    private async Task AssertCountsAsync(string query, Dictionary<string, string[]> filters)
    {
        var documents = (await _host.LiveDocumentsAsync()).ToDictionary(d => (d.NodeKey, d.Culture));
        var result = await SearchAsync(query, filters);
        result.Total.ShouldBeGreaterThan(0, $"'{query}' {string.Join(",", filters.Keys)}");
        result.Items.Count.ShouldBe(result.Total);
        foreach (var facet in _host.Search().FacetNames)
        {
            // A facet's own counts come from the matches of every filter but its own.
            var others = filters.Where(f => f.Key != facet).ToDictionary();
            var matches = others.Count == filters.Count ? result.Items : (await SearchAsync(query, others)).Items;
            var expected = matches
                .SelectMany(h => documents[(h.Id, h.Culture)].Facets.Where(f => f.Facet == facet).Select(f => f.Key))
                .GroupBy(k => k, StringComparer.Ordinal)
                .Select(g => $"{g.Key}:{g.Count()}")
                .Order(StringComparer.Ordinal);
            result.Facets[facet].Select(v => $"{v.Key}:{v.Count}").Order(StringComparer.Ordinal).ShouldBe(expected, $"{facet} for '{query}' {string.Join(",", filters.Keys)}");
        }
    }

    private Task<SearchResult> SearchAsync(string query, Dictionary<string, string[]> filters) =>
        _host.Search().SearchAsync(new SearchRequest
        {
            Query = query,
            Take = 100,
            Filters = filters.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value),
        });

    private async Task RetagAsync(Guid key, Guid theme)
    {
        var item = (await _host.Content.GetAsync(key))!;
        var data = item.Data.Clone();
        data.Invariant["themes"] = JsonSerializer.SerializeToElement(new[] { theme.ToString() });
        var cultures = data.Cultures.Keys.ToArray();
        var result = await _host.Content.SaveAndPublishAsync(new ContentDraft { Key = key, ContentType = item.ContentType, Data = data }, cultures, "test");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
    }

    private async Task PublishPracticeAsync(string name, string summary, Guid theme)
    {
        var data = Data.Parse(JsonSerializer.Serialize(new
        {
            invariant = new { kind = "Initiative", themes = new[] { theme.ToString() }, cities = new[] { London.ToString() }, evaluationStatus = "Not evaluated" },
            cultures = new { en = new { name, values = new { summary } } },
        }));
        var result = await _host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "goodPractice", ParentKey = PracticeLibrary, Data = data }, ["en"], "test");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
    }
}

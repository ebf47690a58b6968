using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>
/// Facet counts against a brute-force count: the live items read straight from PostgreSQL, their facet values
/// built without the index, counted over the matches. A filtered facet's own counts are those of the matches
/// of every other filter (multi-select: a reader sees what they could widen to).
/// </summary>
[Category("Database")]
public sealed class FacetCountTests
{
    private ContentHost _host = null!;
    private List<IndexDocument> _documents = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await SearchHost.StartAsync("facetcounts");
        _documents = await _host.LiveDocumentsAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    public static IEnumerable<TestCaseData> Searches()
    {
        yield return new TestCaseData("prevention ", "en", new Dictionary<string, string[]>()).SetName("One broad word");
        yield return new TestCaseData("evaluation ", "en", new Dictionary<string, string[]>()).SetName("One rarer word");
        yield return new TestCaseData("M&E", "en", new Dictionary<string, string[]>()).SetName("A synonym");
        yield return new TestCaseData("\"local prevention\"", "en", new Dictionary<string, string[]>()).SetName("A phrase");
        yield return new TestCaseData("london OR paris", "fr", new Dictionary<string, string[]>()).SetName("OR in French");
        yield return new TestCaseData("prevention london -paris ", "en", new Dictionary<string, string[]>()).SetName("Two words and an exclusion");
        yield return new TestCaseData("partner", "en", new Dictionary<string, string[]>()).SetName("A prefix");
        yield return new TestCaseData("", "en", new Dictionary<string, string[]> { ["theme"] = ["Monitoring and evaluation"] }).SetName("Browsing one theme");
        yield return new TestCaseData("", "en", new Dictionary<string, string[]> { ["theme"] = ["Online harms and disinformation", "Hate crime"], ["type"] = ["Good practice", "Event"] }).SetName("Browsing two facets");
        yield return new TestCaseData("prevention ", "en", new Dictionary<string, string[]> { ["country"] = ["GB"], ["theme"] = ["Safeguarding", "Hate crime"], ["region"] = ["Europe"] }).SetName("Words and three facets");
    }

    [TestCaseSource(nameof(Searches))]
    public async Task Facet_counts_equal_a_brute_force_count_over_the_matches(string query, string culture, Dictionary<string, string[]> filters)
    {
        var result = await SearchAsync(query, culture, filters);

        result.Total.ShouldBeGreaterThan(0);
        result.Items.Count.ShouldBe(result.Total);
        result.Items.Select(i => (i.Id, i.Culture)).ShouldBeUnique();
        foreach (var facet in _host.Search().FacetNames)
        {
            // A facet's own counts come from the matches of every filter but its own.
            var others = filters.Where(f => f.Key != facet).ToDictionary();
            var matches = others.Count == filters.Count ? result.Items : (await SearchAsync(query, culture, others)).Items;
            var expected = BruteForce(facet, matches);
            var actual = result.Facets[facet].Select(v => $"{v.Key}:{v.Count}").Order(StringComparer.Ordinal).ToList();
            actual.ShouldBe(expected, facet);
        }
    }

    [Test]
    public async Task A_chosen_facet_value_keeps_the_other_values_of_its_facet_listed_with_their_counts()
    {
        var all = await SearchAsync("", "en", []);
        var narrowed = await SearchAsync("", "en", new Dictionary<string, string[]> { ["theme"] = ["National-local cooperation"] });

        narrowed.Total.ShouldBeLessThan(all.Total);
        narrowed.Facets["theme"].Select(v => (v.Key, v.Count)).ShouldBe(all.Facets["theme"].Select(v => (v.Key, v.Count)), ignoreOrder: true);
        var hateCrime = narrowed.Facets["theme"].Single(v => v.Value == "Hate crime");
        var widened = await SearchAsync("", "en", new Dictionary<string, string[]> { ["theme"] = ["National-local cooperation", "Hate crime"] });
        widened.Total.ShouldBeGreaterThanOrEqualTo(narrowed.Total);
        widened.Total.ShouldBeLessThanOrEqualTo(narrowed.Total + hateCrime.Count);
    }

    [Test]
    public async Task Filters_keep_exactly_the_items_with_any_chosen_value_of_every_filtered_facet()
    {
        var request = new SearchRequest
        {
            Take = 100,
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["theme"] = ["online harms AND disinformation", "hate CRIME"], ["type"] = ["goodPractice", "Event"] },
        };

        var result = await _host.Search().SearchAsync(request);

        var themes = new[] { "Online harms and disinformation", "Hate crime" };
        var expected = _documents
            .Where(d => d.Views.Contains("en"))
            .Where(d => d.Facets.Any(f => f.Facet == "theme" && themes.Contains(f.Labels.GetValueOrDefault("en"))))
            .Where(d => d.Facets.Any(f => f.Facet == "type" && f.Key is "goodPractice" or "event"))
            .Select(d => $"{d.NodeKey}/{d.Culture}")
            .ToList();
        expected.Count.ShouldBeGreaterThan(1);
        result.Items.Select(i => $"{i.Id}/{i.Culture}").ShouldBe(expected, ignoreOrder: true);
    }

    [TestCase("", "en")]
    [TestCase("prevention ", "en")]
    [TestCase("", "fr")]
    [TestCase("parten", "fr")]
    public async Task Sorting_by_name_pages_through_the_matches_in_name_order(string query, string culture)
    {
        SearchRequest Page(int skip, int take) => new() { Query = query, Culture = culture, Sort = SearchSort.Name, Skip = skip, Take = take };

        var paged = new List<string>();
        for (var skip = 0; skip < 28; skip += 7)
            paged.AddRange((await _host.Search().SearchAsync(Page(skip, 7))).Items.Select(i => i.Name));
        var whole = (await _host.Search().SearchAsync(Page(0, 28))).Items.Select(i => i.Name).ToList();

        paged.Count.ShouldBeGreaterThan(query.Length == 0 ? 7 : 1);
        paged.ShouldBe(whole);
        var folded = paged.Select(n => StrongCitiesPortal.Search.Index.LuceneDocuments.NameSortKey(n)).ToList();
        folded.ShouldBe(folded.Order(StringComparer.Ordinal).ToList());
    }

    [Test]
    public async Task Browsing_puts_the_newest_first_and_undated_items_last()
    {
        var result = await SearchAsync("", "en", []);

        var dates = result.Items.Select(i => _documents.First(d => d.NodeKey == i.Id && d.Culture == i.Culture).ContentDate).ToList();
        dates.ShouldContain(d => d != null);
        dates.ShouldContain(d => d == null);
        var firstUndated = dates.IndexOf(null);
        dates.Skip(firstUndated).ShouldAllBe(d => d == null);
        dates.Take(firstUndated).ShouldBe(dates.Take(firstUndated).OrderByDescending(d => d));
    }

    [Test]
    public async Task The_item_whose_name_holds_the_words_comes_first()
    {
        var result = await _host.Search().SearchAsync(new SearchRequest { Query = "IREPORTIT app " });

        result.Items[0].Name.ShouldBe("IREPORTIT app");
    }

    private Task<SearchResult> SearchAsync(string query, string culture, Dictionary<string, string[]> filters) =>
        _host.Search().SearchAsync(new SearchRequest
        {
            Query = query,
            Culture = culture,
            Take = 100,
            Filters = filters.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value),
        });

    private List<string> BruteForce(string facet, IReadOnlyList<SearchHit> hits) =>
        hits.SelectMany(h => _documents.Single(d => d.NodeKey == h.Id && d.Culture == h.Culture).Facets.Where(f => f.Facet == facet).Select(f => f.Key))
            .GroupBy(k => k, StringComparer.Ordinal)
            .Select(g => $"{g.Key}:{g.Count()}")
            .Order(StringComparer.Ordinal)
            .ToList();
}

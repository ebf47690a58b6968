using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The index follows publishing: what goes live is found at once, what goes down is gone at once.</summary>
[Category("Database")]
public sealed partial class SearchIndexingTests
{
    private static readonly Guid PracticeLibrary = new("11405358-73cb-4fe5-a03d-a8a1b146a032");
    private static readonly Guid YouthTheme = new("531545f4-a676-451d-89c2-f4a357afdc00");
    private static readonly Guid MonitoringTheme = new("3c5c558d-ccb4-4fb8-b97a-bde424de6220");
    private static readonly Guid London = new("902335b8-24a9-402d-a90d-1645645e5cbc");

    private ContentHost _host = null!;
    private SearchService _search = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await SearchHost.StartAsync("searchindexing");
        _search = _host.Search();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private Task<SearchResult> SearchAsync(string query, string culture = "en") =>
        _search.SearchAsync(new SearchRequest { Query = query, Culture = culture, Take = 50 });

    private async Task<Guid> PublishPracticeAsync(string name, string summary, string body = "", string? french = null, string? arabic = null,
        Guid[]? themes = null, string evaluation = "Not evaluated")
    {
        var cultures = new Dictionary<string, object> { ["en"] = new { name, values = new { summary, body } } };
        if (french is not null)
            cultures["fr"] = new { name = name + " (fr)", values = new { summary = french } };
        if (arabic is not null)
            cultures["ar"] = new { name = name + " (ar)", values = new { summary = arabic } };
        var data = Data.Parse(JsonSerializer.Serialize(new
        {
            invariant = new { kind = "Initiative", themes = (themes ?? [YouthTheme]).Select(t => t.ToString()), cities = new[] { London.ToString() }, evaluationStatus = evaluation },
            cultures,
        }));
        var result = await _host.Content.SaveAndPublishAsync(
            new ContentDraft { ContentType = "goodPractice", ParentKey = PracticeLibrary, Data = data }, [.. cultures.Keys], "test");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!.Key;
    }

    [Test]
    public async Task Publishing_makes_an_item_findable_at_once_and_unpublishing_removes_it_at_once()
    {
        var key = await PublishPracticeAsync("Quillwort listening circles", "Residents meet in quillwort circles to talk about belonging.");

        (await SearchAsync("quillwort ")).Items.ShouldHaveSingleItem().Id.ShouldBe(key);

        (await _host.Content.UnpublishAsync(key, ["en"], "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("quillwort ")).Total.ShouldBe(0);

        (await _host.Content.PublishAsync(key, ["en"], "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("quillwort ")).Total.ShouldBe(1);

        (await _host.Content.TrashAsync(key, "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("quillwort ")).Total.ShouldBe(0);
        (await _host.Content.DeleteAsync(key, "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("quillwort ")).Total.ShouldBe(0);
    }

    [Test]
    public async Task Counts_of_common_words_follow_publishing_and_unpublishing()
    {
        var request = new SearchRequest { Query = "partnership prevention ", Take = 100 };
        var before = await _search.SearchAsync(request);
        var youthBefore = before.Facets["theme"].FirstOrDefault(f => f.Value == "Youth")?.Count ?? 0;

        var key = await PublishPracticeAsync("Partnership for prevention in schools", "A partnership for prevention.");
        var published = await _search.SearchAsync(request);
        (await _host.Content.UnpublishAsync(key, ["en"], "test")).Succeeded.ShouldBeTrue();
        var unpublished = await _search.SearchAsync(request);

        published.Total.ShouldBe(before.Total + 1);
        published.Items.ShouldContain(i => i.Id == key);
        published.Facets["theme"].Single(f => f.Value == "Youth").Count.ShouldBe(youthBefore + 1);
        unpublished.Total.ShouldBe(before.Total);
        unpublished.Items.ShouldNotContain(i => i.Id == key);
    }

    [Test]
    public async Task A_saved_draft_is_not_found_until_it_is_published()
    {
        var key = await PublishPracticeAsync("Street mediation", "Street mediators trained in sorrel neighbourhoods.");
        var item = (await _host.Content.GetAsync(key))!;
        var data = item.Data.Clone();
        data.Cultures["en"].Values["summary"] = JsonSerializer.SerializeToElement("Street mediators trained in marjoram neighbourhoods.");

        (await _host.Content.SaveAsync(new ContentDraft { Key = key, ContentType = "goodPractice", Data = data }, "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("marjoram ")).Total.ShouldBe(0);
        (await SearchAsync("sorrel ")).Total.ShouldBe(1);

        (await _host.Content.PublishAsync(key, ["en"], "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("marjoram ")).Total.ShouldBe(1);
        (await SearchAsync("sorrel ")).Total.ShouldBe(0);
    }

    [Test]
    public async Task A_change_that_fails_leaves_the_index_as_it_was()
    {
        var before = DocumentCount();

        var invalid = Data.Parse("""{ "invariant": { "kind": "Not a kind" }, "cultures": { "en": { "name": "Lovage", "values": { "summary": "lovage" } } } }""");
        var result = await _host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "goodPractice", ParentKey = PracticeLibrary, Data = invalid }, ["en"], "test");

        result.Succeeded.ShouldBeFalse();
        await _host.WaitForIndexAsync();
        DocumentCount().ShouldBe(before);
        (await SearchAsync("lovage ")).Total.ShouldBe(0);
    }

    [Test]
    public async Task French_and_Arabic_translations_are_stemmed_in_their_own_language()
    {
        await PublishPracticeAsync("Borage youth forum", "A youth forum in borage halls.",
            french: "Les évaluations des forums de jeunes dans les quartiers de bourrache.",
            arabic: "التقييمات المستقلة لمنتديات الشباب في أحياء البوراج.");

        (await SearchAsync("évaluation bourrache ", "fr")).Items.ShouldHaveSingleItem().Culture.ShouldBe("fr");
        (await SearchAsync("évaluer bourrache ", "fr")).Items.ShouldHaveSingleItem();
        (await SearchAsync("forêt bourrache ", "fr")).Total.ShouldBe(0);
        (await SearchAsync("تقييم البوراج ", "ar")).Items.ShouldHaveSingleItem().Culture.ShouldBe("ar");
        (await SearchAsync("borage ", "en")).Items.ShouldHaveSingleItem().Culture.ShouldBe("en");
    }

    // Spec-style: what an editor writes, and the snippet must still be text plus <mark> only.
    [TestCase("<script>alert('x')</script> fennel")]
    [TestCase("<img src=x onerror=alert(1)> fennel")]
    [TestCase("fennel <b>bold</b> &amp; <mark>fake</mark>")]
    [TestCase("\"><svg/onload=alert(1)> fennel")]
    [TestCase("fennel \u0002 \u0003 control characters")]
    public async Task Snippets_are_safe_html_with_only_mark_tags(string summary)
    {
        var key = await PublishPracticeAsync("Fennel " + Guid.NewGuid().ToString("N")[..6], summary, body: "More about fennel: <a href=\"javascript:alert(1)\">link</a>");

        var hit = (await SearchAsync("fennel ")).Items.Single(i => i.Id == key);

        TagPattern().Matches(hit.Snippet).Select(m => m.Value).ShouldAllBe(tag => tag == "<mark>" || tag == "</mark>");
        hit.Snippet.ShouldContain("<mark>");
        hit.Snippet.ShouldNotContain("\u0002");
        (await _host.Content.TrashAsync(key, "test")).Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task Snippets_mark_a_phrase_where_its_words_follow_each_other_and_the_word_being_typed()
    {
        var body = "Sorrel gardens grow in the city. Later, the gardens of sorrel were shared. " + new string('x', 10) + " Sorrelwort is a weed.";
        var key = await PublishPracticeAsync("Sorrel " + Guid.NewGuid().ToString("N")[..6], "Neighbours tend them.", body);

        var phrase = (await SearchAsync("\"sorrel gardens\"")).Items.Single(i => i.Id == key).Snippet;
        var typing = (await SearchAsync("sorrelw")).Items.Single(i => i.Id == key).Snippet;

        phrase.ShouldContain("<mark>Sorrel gardens</mark> grow");
        phrase.ShouldContain("the gardens of sorrel were");
        typing.ShouldContain("<mark>Sorrelwort</mark> is a weed");
        (await _host.Content.TrashAsync(key, "test")).Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task A_snippet_shows_the_passage_far_into_the_body_where_the_word_is()
    {
        var filler = string.Join(" ", Enumerable.Repeat("Residents and officers met again to plan the next steps.", 30));
        var key = await PublishPracticeAsync("Lovage " + Guid.NewGuid().ToString("N")[..6], "A plain summary.", filler + " At last the lovage harvest fed the whole street.");

        var snippet = (await SearchAsync("lovage harvest ")).Items.Single(i => i.Id == key).Snippet;

        snippet.ShouldContain("the <mark>lovage</mark> <mark>harvest</mark> fed the whole street.");
        snippet.ShouldNotStartWith("A plain summary");
        (await _host.Content.TrashAsync(key, "test")).Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task Evaluated_and_peer_reviewed_practices_get_a_gentle_boost()
    {
        var plain = await PublishPracticeAsync("Chervil mentoring", "Chervil mentoring for young people.", evaluation: "Not evaluated");
        var reviewed = await PublishPracticeAsync("Chervil mentoring", "Chervil mentoring for young people.", evaluation: "Peer-reviewed");

        var result = await SearchAsync("chervil ");

        result.Items.Select(i => i.Id).ShouldBe([reviewed, plain]);
        (result.Items[0].Score / result.Items[1].Score).ShouldBeInRange(1.1, 1.3);
    }

    [Test]
    public async Task An_item_named_by_every_word_of_the_query_comes_before_items_that_repeat_the_words_in_long_texts()
    {
        var repeated = string.Join(" ", Enumerable.Repeat("The sorrel beacon keeps a ledger; every ledger of the beacon lists sorrel.", 12));
        var distractors = new List<Guid>();
        foreach (var name in new[] { "Sorrel gardens for neighbours", "Beacon evenings in the park", "Ledger of local grants" })
            distractors.Add(await PublishPracticeAsync(name, "Sorrel, beacon and ledger: sorrel beacon ledger notes.", repeated));
        var named = await PublishPracticeAsync("Sorrel beacon ledger", "A short note.");

        var result = await SearchAsync("sorrel beacon ledger ");

        result.Items.Select(i => i.Id).ShouldBe([named, .. distractors], ignoreOrder: true);
        result.Items[0].Id.ShouldBe(named);
        foreach (var key in distractors.Append(named))
            (await _host.Content.TrashAsync(key, "test")).Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task Renaming_a_theme_renames_its_facet_and_makes_its_items_findable_by_the_new_name()
    {
        var key = await PublishPracticeAsync("Tarragon sports club", "Sport against polarisation.", themes: [MonitoringTheme]);
        var theme = (await _host.Content.GetAsync(MonitoringTheme))!;
        var data = theme.Data.Clone();
        data.Cultures["en"].Name = "Learning what works";

        (await _host.Content.SaveAndPublishAsync(new ContentDraft { Key = MonitoringTheme, ContentType = "theme", Data = data }, ["en"], "test")).Succeeded.ShouldBeTrue();

        var result = await SearchAsync("tarragon ");
        result.Facets["theme"].ShouldContain(f => f.Value == "Learning what works" && f.Count == 1);
        (await SearchAsync("tarragon \"learning what works\"")).Items.ShouldHaveSingleItem().Id.ShouldBe(key);

        data.Cultures["en"].Name = theme.Name("en");
        (await _host.Content.SaveAndPublishAsync(new ContentDraft { Key = MonitoringTheme, ContentType = "theme", Data = data }, ["en"], "test")).Succeeded.ShouldBeTrue();
        (await SearchAsync("tarragon ")).Facets["theme"].ShouldContain(f => f.Value == "Monitoring and evaluation");
    }

    [Test]
    public async Task A_reindex_writes_the_same_documents_as_publishing_did()
    {
        await PublishPracticeAsync("Sumac reading circles", "Reading circles in sumac libraries.", french: "Des cercles de lecture.");
        await _host.WaitForIndexAsync();
        var before = Documents();
        var answers = await AnswersAsync();

        var result = await _host.Reindexer().ReindexAsync();

        result.Documents.ShouldBe(before.Count);
        Documents().ShouldBe(before);
        (await AnswersAsync()).ShouldBe(answers);
        (await SearchAsync("IREPORTIT ")).Items.ShouldContain(i => i.Name == "IREPORTIT app");
    }

    [Test]
    public async Task Unpublishing_a_section_takes_everything_below_it_out_of_search_and_publishing_it_brings_it_back()
    {
        var key = await PublishPracticeAsync("Caraway neighbourhood watch", "Neighbours watching over caraway streets.");
        (await SearchAsync("caraway ")).Total.ShouldBe(1);

        (await _host.Content.UnpublishAsync(PracticeLibrary, ["en", "fr", "ar"], "test")).Succeeded.ShouldBeTrue();
        var hidden = await SearchAsync("caraway ");
        var browsing = await _search.SearchAsync(new SearchRequest { Take = 100, Filters = new Dictionary<string, IReadOnlyList<string>> { ["type"] = ["goodPractice"] } });
        (await _host.Content.PublishAsync(PracticeLibrary, ["en", "fr", "ar"], "test")).Succeeded.ShouldBeTrue();
        var back = await SearchAsync("caraway ");

        hidden.Total.ShouldBe(0);
        browsing.Total.ShouldBe(0);
        back.Items.ShouldHaveSingleItem().Id.ShouldBe(key);
    }

    [Test]
    public async Task Trashed_and_deleted_items_leave_search_and_similar_items()
    {
        var trashed = await PublishPracticeAsync("Anise theatre workshops", "Theatre workshops on anise and belonging.");
        var deleted = await PublishPracticeAsync("Anise theatre festival", "A theatre festival on anise and belonging.");
        (await _search.MoreLikeThisAsync(trashed, "en")).Items.ShouldContain(i => i.Id == deleted);

        (await _host.Content.TrashAsync(trashed, "test")).Succeeded.ShouldBeTrue();
        (await _host.Content.DeleteAsync(deleted, "test")).Succeeded.ShouldBeTrue();

        (await SearchAsync("anise ")).Total.ShouldBe(0);
        (await _search.MoreLikeThisAsync(trashed, "en")).Items.ShouldBeEmpty();
    }

    private int DocumentCount()
    {
        using var lease = _host.Index().Acquire()!;
        return lease.Searcher.IndexReader.NumDocs;
    }

    /// <summary>Every document's stored fields, in a stable order.</summary>
    private List<string> Documents()
    {
        using var lease = _host.Index().Acquire()!;
        var reader = lease.Searcher.IndexReader;
        var rows = new List<string>();
        var live = Lucene.Net.Index.MultiFields.GetLiveDocs(reader);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live is not null && !live.Get(doc))
                continue;
            var document = reader.Document(doc);
            rows.Add(string.Join("|", document.Fields.Select(f => f.Name + "=" + f.GetStringValue(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)));
        }
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<List<string>> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var (query, culture) in new[] { ("prevention ", "en"), ("évaluation ", "fr"), ("partner", "en"), ("", "ar") })
        {
            var result = await _search.SearchAsync(new SearchRequest { Query = query, Culture = culture, Take = 100 });
            answers.Add(string.Join(",", result.Items.Select(i => $"{i.Id}/{i.Culture}/{i.Score:0.0000}")));
            answers.Add(string.Join(",", result.Facets.SelectMany(f => f.Value.Select(v => $"{f.Key}={v.Key}:{v.Count}"))));
        }
        return answers;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}

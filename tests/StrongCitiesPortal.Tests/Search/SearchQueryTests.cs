using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>Searches over the starter content, as practitioners ask them. The content is not changed here.</summary>
[Category("Database")]
public sealed class SearchQueryTests
{
    private ContentHost _host = null!;
    private SearchService _search = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await SearchHost.StartAsync("searchquery");
        _search = _host.Search();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private Task<SearchResult> SearchAsync(string query, string culture = "en", int take = 10) =>
        _search.SearchAsync(new SearchRequest { Query = query, Culture = culture, Take = take });

    private static IReadOnlyList<string> Names(SearchResult result) => result.Items.Select(i => i.Name).ToList();

    [Test]
    public async Task A_question_about_the_private_sector_finds_the_IREPORTIT_app()
    {
        var result = await SearchAsync("how did a city bring the private sector into prevention?");

        Names(result).Take(5).ShouldContain("IREPORTIT app");
        Names(result)[0].ShouldBe("Private sector and tech partnerships");
    }

    [Test]
    public async Task M_and_E_finds_the_monitoring_and_evaluation_material()
    {
        var result = await SearchAsync("M&E");

        Names(result).Take(3).ShouldBe(["Monitoring and evaluation", "SCN repository of M&E resources", "RUSI Prevention Project"], ignoreOrder: true);
    }

    [Test]
    public async Task Monitoring_and_evaluation_written_out_finds_what_M_and_E_finds()
    {
        var abbreviation = await SearchAsync("M&E ", take: 50);
        var written = await SearchAsync("monitoring and evaluation ", take: 50);

        written.Total.ShouldBe(abbreviation.Total);
        Names(written).ShouldBe(Names(abbreviation), ignoreOrder: true);
    }

    [Test]
    public async Task CVE_finds_programmes_on_countering_violent_extremism()
    {
        var result = await SearchAsync("CVE ");

        Names(result).ShouldContain("Mayor of London's programme on countering violent extremism");
        Names(result).ShouldContain("London–Paris twinning on countering violent extremism");
    }

    [TestCase("evalution", "evaluation", "Monitoring and evaluation")]
    [TestCase("goverment", "government", "National-local cooperation")]
    [TestCase("partnrship", "partnership", "Leicester's partnership model for delivering Prevent")]
    public async Task One_wrong_letter_in_a_long_word_is_corrected(string typed, string meant, string expectedHit)
    {
        var result = await SearchAsync(typed + " ");

        result.Notices.ShouldContain(n => n.Contains(meant, StringComparison.Ordinal) && n.Contains(typed, StringComparison.Ordinal));
        Names(result).ShouldContain(expectedHit);
        result.Total.ShouldBe((await SearchAsync(meant + " ")).Total);
    }

    [Test]
    public async Task A_short_word_is_not_corrected()
    {
        var result = await SearchAsync("yuth ");

        result.Total.ShouldBe(0);
        result.Notices.ShouldNotContain(n => n.Contains("Showing results for", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_word_being_typed_is_completed_as_a_prefix()
    {
        (await SearchAsync("IREPOR")).Items.ShouldContain(i => i.Name == "IREPORTIT app");
        (await SearchAsync("IREPOR ")).Total.ShouldBe(0);
    }

    [Test]
    public async Task An_exact_phrase_must_be_found_as_written()
    {
        var phrase = await SearchAsync("\"hate crime panel\"");
        var reversed = await SearchAsync("\"panel crime hate\"");
        var words = await SearchAsync("panel crime hate ");

        Names(phrase).ShouldContain("London Hate Crime Panel and London CONTEST Board");
        reversed.Total.ShouldBe(0);
        words.Total.ShouldBeGreaterThanOrEqualTo(phrase.Total);
        words.Total.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task OR_finds_items_with_either_word()
    {
        var youth = await SearchAsync("youth ", take: 100);
        var women = await SearchAsync("women ", take: 100);
        var either = await SearchAsync("youth OR women ", take: 100);

        var union = youth.Items.Select(i => (i.Id, i.Culture)).Union(women.Items.Select(i => (i.Id, i.Culture))).ToList();
        either.Total.ShouldBe(union.Count);
        either.Items.Select(i => (i.Id, i.Culture)).ShouldBe(union, ignoreOrder: true);
    }

    [Test]
    public async Task A_minus_leaves_out_items_with_the_word()
    {
        var all = await SearchAsync("partnership ", take: 100);
        var without = await SearchAsync("partnership -london ", take: 100);
        var with = await SearchAsync("partnership london ", take: 100);

        without.Total.ShouldBe(all.Total - with.Total);
        without.Items.Select(i => i.Id).Intersect(with.Items.Select(i => i.Id)).ShouldBeEmpty();
        with.Total.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Snippets_mark_the_words_found()
    {
        var result = await SearchAsync("IREPORTIT ");

        var hit = result.Items.First(i => i.Name == "IREPORTIT app");
        hit.Snippet.ShouldContain("<mark>IREPORTIT</mark>");
        hit.Route.ShouldBe("/practices/ireportit/");
        hit.ContentType.ShouldBe("goodPractice");
    }

    [Test]
    public async Task French_words_are_found_in_French_whatever_their_ending_or_accents()
    {
        foreach (var query in new[] { "évaluation ", "évaluations ", "evaluations " })
        {
            var result = await SearchAsync(query, culture: "fr");
            Names(result).ShouldContain("Suivi et évaluation", query);
            result.Items.First(i => i.Name == "Suivi et évaluation").Culture.ShouldBe("fr");
        }
    }

    [Test]
    public async Task Arabic_words_are_found_in_Arabic_whatever_their_ending()
    {
        // The theme's Arabic description speaks of التقييمات (evaluations); the query is the bare stem.
        var result = await SearchAsync("تقييم ", culture: "ar");

        Names(result).ShouldContain("الرصد والتقييم");
    }

    [Test]
    public async Task Each_item_shows_once_per_culture_in_the_best_culture_it_has()
    {
        var french = await SearchAsync("London ", culture: "fr", take: 100);

        french.Items.Select(i => i.Id).ShouldBeUnique();
        french.Items.ShouldContain(i => i.Name == "Londres" && i.Culture == "fr");
        french.Items.ShouldContain(i => i.Name == "Application IREPORTIT" && i.Culture == "fr");
        french.Items.ShouldContain(i => i.Name == "Mayor of London" && i.Culture == "en");
    }

    [Test]
    public async Task Results_can_be_paged()
    {
        var all = await SearchAsync("prevention ", take: 100);
        var first = await _search.SearchAsync(new SearchRequest { Query = "prevention ", Take = 5 });
        var second = await _search.SearchAsync(new SearchRequest { Query = "prevention ", Take = 5, Skip = 5 });

        first.Total.ShouldBe(all.Total);
        first.Items.Concat(second.Items).Select(i => i.Id).ShouldBe(all.Items.Take(10).Select(i => i.Id));
    }

    [Test]
    public async Task Sorting_by_date_puts_the_newest_first()
    {
        var result = await _search.SearchAsync(new SearchRequest { Query = "london ", Sort = SearchSort.Date, Take = 50 });

        result.Items.Count.ShouldBeGreaterThan(3);
        var scores = result.Items.Select(i => i.Score).ToList();
        scores.ShouldBe(scores.OrderDescending().ToList());
    }

    [Test]
    public async Task More_like_this_finds_related_items_but_not_the_item_itself()
    {
        var ireportit = new Guid("2e2e672d-a8c7-40b5-82f0-19a0f48c307d");

        var result = await _search.MoreLikeThisAsync(ireportit, "en", take: 5);

        result.Items.Count.ShouldBe(5);
        result.Items.ShouldNotContain(i => i.Id == ireportit);
    }

    [TestCase("\"", 0)]
    [TestCase("\"\"", 0)]
    [TestCase("((( ))) &&& |||", 0)]
    [TestCase("'; drop table search_item; --", 0)]
    [TestCase("\\ ' \" ` : * ! & |", 0)]
    [TestCase("the of and", 0)]
    public async Task Odd_input_is_read_leniently_and_never_fails(string query, int _)
    {
        var result = await SearchAsync(query);

        result.ShouldNotBeNull();
        (await SearchAsync("prevention ")).Total.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task An_over_long_query_is_refused_with_a_message()
    {
        var error = await Should.ThrowAsync<SearchRequestException>(() => SearchAsync(new string('a', 201)));

        error.Errors["q"].ShouldHaveSingleItem().ShouldContain("200");
    }

    [Test]
    public async Task An_unknown_facet_value_gives_an_empty_result_that_says_why()
    {
        var result = await _search.SearchAsync(new SearchRequest
        {
            Query = "prevention ",
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["theme"] = ["Underwater basket weaving"] },
        });

        result.Total.ShouldBe(0);
        result.Notices.ShouldContain("No item has theme \u2018Underwater basket weaving\u2019.");
    }
}

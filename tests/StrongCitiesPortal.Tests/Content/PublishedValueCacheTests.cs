using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>The published cache's values: read on demand into a bounded cache, never stale, coherent across instances.</summary>
[Category("Database")]
public sealed class PublishedValueCacheTests
{
    private static Action<IServiceCollection> Bounded(int entries) =>
        services => services.PostConfigure<PortalContentOptions>(o => o.PublishedCache.MaxValueEntries = entries);

    private static async Task<Guid> SiteAsync(ContentHost host) =>
        (await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }""") }, ["en", "fr"], "t")).Item!.Key;

    private static async Task<Guid> ArticleAsync(ContentHost host, Guid parent, string name, string summary, IReadOnlyList<string>? cultures = null)
    {
        var result = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = parent, Data = Data.Named(name, name + " (fr)", summary) },
            cultures ?? ["en", "fr"], "t");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.ToString())));
        return result.Item!.Key;
    }

    private static async Task SummaryAsync(ContentHost host, Guid key, string summary)
    {
        var item = (await host.Content.GetAsync(key))!;
        var data = item.Data.Clone();
        data.Cultures["en"].Values["summary"] = System.Text.Json.JsonDocument.Parse($"\"{summary}\"").RootElement.Clone();
        (await host.Content.SaveAndPublishAsync(new ContentDraft { Key = key, ContentType = "article", Data = data }, ["en"], "t")).Succeeded.ShouldBeTrue();
    }

    [Test]
    public async Task A_tiny_values_cache_evicts_and_reads_values_again_correctly()
    {
        await using var host = await ContentHost.StartAsync("valuesbounded", TestModel.Write(TestModel.Site), configure: Bounded(3));
        var site = await SiteAsync(host);
        var articles = new List<Guid>();
        for (var i = 0; i < 12; i++)
            articles.Add(await ArticleAsync(host, site, $"Article {i}", $"Summary {i}"));

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < articles.Count; i++)
            {
                var variant = host.Cache.Get(articles[i])!.Variant("en")!;
                variant.Text("summary").ShouldBe($"Summary {i}");
                host.Cache.Get(articles[i])!.Variant("fr")!.Text("summary").ShouldBe("Un résumé");
                host.Cache.ValueStatistics.Entries.ShouldBeLessThanOrEqualTo(3);
            }
        }
        var statistics = host.Cache.ValueStatistics;
        statistics.Evictions.ShouldBeGreaterThanOrEqualTo(2 * articles.Count - 3);
        statistics.Misses.ShouldBeGreaterThanOrEqualTo(2 * articles.Count);

        // Read twice in a row, the second read is a hit.
        var hits = statistics.Hits;
        host.Cache.Get(articles[^1])!.Variant("en")!.Text("summary").ShouldBe($"Summary {articles.Count - 1}");
        host.Cache.ValueStatistics.Hits.ShouldBe(hits + 1);
    }

    [Test]
    public async Task A_new_published_version_is_served_after_the_refresh_never_the_old_values()
    {
        await using var host = await ContentHost.StartAsync("valuesversion", TestModel.Write(TestModel.Site), configure: Bounded(100));
        var site = await SiteAsync(host);
        var article = await ArticleAsync(host, site, "Versioned", "First");
        var before = host.Cache.Get(article)!;
        before.Variant("en")!.Text("summary").ShouldBe("First");
        before.Variant("en")!.ValuesInMemory.ShouldBeTrue();

        await SummaryAsync(host, article, "Second");

        var after = host.Cache.Get(article)!;
        after.Variant("en")!.Version.ShouldBeGreaterThan(before.Variant("en")!.Version);
        after.Variant("en")!.Text("summary").ShouldBe("Second");
        // The French culture still shows the version published in French, with its own values.
        after.Variant("fr")!.Version.ShouldBe(before.Variant("fr")!.Version);
        after.Variant("fr")!.Text("summary").ShouldBe("Un résumé");
        // An item handed out before the publish keeps answering for the version it named.
        before.Variant("en")!.Text("summary").ShouldBe("First");
    }

    [Test]
    public async Task A_listing_reads_the_values_of_its_items_in_one_query()
    {
        await using var host = await ContentHost.StartAsync("valuesprefetch", TestModel.Write(TestModel.Site), configure: Bounded(1000));
        var site = await SiteAsync(host);
        for (var i = 0; i < 20; i++)
            await ArticleAsync(host, site, $"Card {i}", $"Card summary {i}");
        var cards = host.Cache.Children(site, "en");
        cards.Count.ShouldBe(20);
        cards.Count(c => c.Variant("en")!.ValuesInMemory).ShouldBe(0);

        var queries = host.Cache.ValueStatistics.Queries;
        host.Cache.Prefetch(cards, "en");
        host.Cache.ValueStatistics.Queries.ShouldBe(queries + 1);

        cards.Select(c => c.Variant("en")!.Text("summary")).ShouldBe(Enumerable.Range(0, 20).Select(i => $"Card summary {i}"));
        host.Cache.ValueStatistics.Queries.ShouldBe(queries + 1);
        await host.Cache.PrefetchAsync(cards, "en");
        host.Cache.ValueStatistics.Queries.ShouldBe(queries + 1);
    }

    [Test]
    public async Task An_edit_published_on_another_instance_is_never_served_stale_once_its_notification_arrives()
    {
        var model = TestModel.Write(TestModel.Site);
        await using var one = await ContentHost.StartAsync("valuestwo", model, configure: Bounded(2));
        var site = await SiteAsync(one);
        var articles = new List<Guid>();
        for (var i = 0; i < 4; i++)
            articles.Add(await ArticleAsync(one, site, $"Shared {i}", $"Old {i}"));

        await using var two = await ContentHost.StartOnAsync(one.ConnectionString, model, configure: Bounded(2));
        // Committed after the second instance loaded its cache and before it listens: caught up from the change feed.
        await SummaryAsync(one, articles[0], "Edited before listening");
        var listener = two.Services.GetServices<IHostedService>().OfType<PublishedCacheListener>().Single();
        await listener.StartAsync(CancellationToken.None);
        try
        {
            await WaitForAsync(() => two.Cache.Get(articles[0])!.Variant("en")!.Text("summary") == "Edited before listening");

            for (var round = 0; round < 3; round++)
            {
                // The other instance reads every article (more than its values cache holds), then one is edited.
                foreach (var article in articles)
                    two.Cache.Get(article)!.Variant("en")!.Text("summary").ShouldNotBeNull();
                var edited = articles[round + 1];
                var position = two.Cache.ChangeFeedPosition;
                await SummaryAsync(one, edited, $"New {round}");
                var committed = one.Services.GetRequiredService<ContentChangeFeed>().LastCommittedHere;

                await WaitForAsync(() => two.Cache.ChangeFeedPosition >= committed);
                // Once the change is applied, the new values and only those are served.
                two.Cache.Get(edited)!.Variant("en")!.Text("summary").ShouldBe($"New {round}");
                two.Cache.Get(edited)!.Variant("en")!.Version.ShouldBe(one.Cache.Get(edited)!.Variant("en")!.Version);
                position.ShouldBeLessThan(committed);
            }
            two.Cache.ValueStatistics.Entries.ShouldBeLessThanOrEqualTo(2);

            // Structure too: renamed on one, routed by its new segment on the other.
            var item = (await one.Content.GetAsync(articles[3]))!;
            var data = item.Data.Clone();
            data.Cultures["en"].Segment = "moved-on";
            (await one.Content.SaveAndPublishAsync(new ContentDraft { Key = articles[3], ContentType = "article", Data = data }, ["en"], "t")).Succeeded.ShouldBeTrue();
            await WaitForAsync(() => two.Cache.Route(articles[3], "en") == "/moved-on/");
            two.Cache.GetByRoute("/moved-on/", "en")!.Key.ShouldBe(articles[3]);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Items_under_an_unpublished_section_are_not_live_and_agree_with_the_live_reader()
    {
        await using var host = await ContentHost.StartAsync("valueslive", TestModel.Write(TestModel.Site));
        var site = await SiteAsync(host);
        var section = await ArticleAsync(host, site, "Section", "A section");
        var inside = await ArticleAsync(host, section, "Inside", "Below the section");
        var englishOnly = await ArticleAsync(host, site, "English only", "Only in English");
        var belowEnglishOnly = await ArticleAsync(host, englishOnly, "Below", "In both");
        // Taken offline in French above an item still published in French.
        (await host.Content.UnpublishAsync(englishOnly, ["fr"], "t")).Succeeded.ShouldBeTrue();

        host.Cache.IsLive(inside, "en").ShouldBeTrue();
        host.Cache.IsLive(belowEnglishOnly, "en").ShouldBeTrue();
        host.Cache.IsLive(belowEnglishOnly, "fr").ShouldBeFalse();
        host.Cache.Route(belowEnglishOnly, "fr").ShouldBeNull();
        host.Cache.OfType("article", "fr").Select(a => a.Key).ShouldBe([section, inside], ignoreOrder: true);

        (await host.Content.UnpublishAsync(section, ["en", "fr"], "t")).Succeeded.ShouldBeTrue();

        host.Cache.IsLive(section, "en").ShouldBeFalse();
        host.Cache.IsLive(inside, "en").ShouldBeFalse();
        host.Cache.Route(inside, "en").ShouldBeNull();
        host.Cache.GetByRoute("/section/inside/", "en").ShouldBeNull();
        host.Cache.ChildKeys(site, "en").ShouldBe([englishOnly]);
        host.Cache.OfType("article", "en").Select(a => a.Key).ShouldBe([englishOnly, belowEnglishOnly], ignoreOrder: true);
        // Still published itself: the item is in the cache, only not reachable.
        host.Cache.Get(inside).ShouldNotBeNull();
        host.Cache.CountOfType("article").ShouldBe(3);

        var reader = host.Services.GetRequiredService<LiveContentReader>();
        var live = await reader.ReadByKeysAsync([site, section, inside, englishOnly, belowEnglishOnly], CancellationToken.None);
        foreach (var key in new[] { section, inside, englishOnly, belowEnglishOnly })
        {
            foreach (var culture in new[] { "en", "fr" })
            {
                var readerSays = live.Any(n => n.Key == key && n.Culture(culture) is not null);
                host.Cache.IsLive(key, culture).ShouldBe(readerSays, $"{key} in {culture}");
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The other instance did not catch up within 15 s");
            await Task.Delay(50);
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search.Querying;
using StrongCitiesPortal.Tests.Search;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>The change feed keeps its rows for a while; a consumer further behind than what is kept rebuilds rather than miss changes.</summary>
[Category("Database")]
public sealed class ChangeFeedPruningTests
{
    private static readonly Guid PracticeLibrary = Guid.Parse("11405358-73cb-4fe5-a03d-a8a1b146a032");

    [Test]
    public async Task Pruning_deletes_the_old_changes_and_a_reader_behind_them_is_told_its_position_is_too_old()
    {
        await using var host = await ContentHost.StartAsync("feedprune", TestModel.Write(TestModel.Site));
        var feed = host.Services.GetRequiredService<ContentChangeFeed>();
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Old") }, ["en"], "t");
        var oldThrough = await feed.LatestAsync();
        var recent = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Recent") }, ["en"], "t");
        var latest = await feed.LatestAsync();
        await ExecuteAsync(host.ConnectionString, $"update cms_change set at = now() - interval '40 days' where seq <= {oldThrough}");

        var pruned = await feed.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30));

        pruned.ShouldBe((int)oldThrough);
        var tooOld = await Should.ThrowAsync<ChangeFeedPositionTooOldException>(() => feed.ReadAsync(0, 100));
        tooOld.PrunedThrough.ShouldBe(oldThrough);
        (await Should.ThrowAsync<ChangeFeedPositionTooOldException>(() => feed.ReadAsync(oldThrough - 1, 100))).Position.ShouldBe(oldThrough - 1);
        var kept = await feed.ReadAsync(oldThrough, 100);
        kept.Select(c => c.Key).Distinct().ShouldBe([recent.Item!.Key]);
        kept[^1].Sequence.ShouldBe(latest);

        // Everything pruned: the last number stays what it was, and a consumer there reads on as usual.
        (await feed.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBe((int)(latest - oldThrough));
        (await feed.LatestAsync()).ShouldBe(latest);
        (await feed.ReadAsync(latest, 100)).ShouldBeEmpty();
        var next = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Next") }, ["en"], "t");
        (await feed.ReadAsync(latest, 100)).Select(c => c.Key).Distinct().ShouldBe([next.Item!.Key]);
    }

    [Test]
    public async Task A_change_that_committed_late_keeps_the_newer_numbers_after_it()
    {
        await using var host = await ContentHost.StartAsync("feedprunelate", TestModel.Write(TestModel.Site));
        var feed = host.Services.GetRequiredService<ContentChangeFeed>();
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var first = await feed.LatestAsync();
        await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Late") }, ["en"], "t");
        // A long transaction's rows carry its start time: old, but numbered after newer-looking ones.
        await ExecuteAsync(host.ConnectionString, $"update cms_change set at = now() - interval '40 days' where seq > {first}");

        (await feed.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30))).ShouldBe(0);

        (await feed.ReadAsync(0, 100)).Count.ShouldBe((int)await feed.LatestAsync());
    }

    [Test]
    public async Task A_published_cache_behind_the_pruned_feed_reads_everything_again()
    {
        var model = TestModel.Write(TestModel.Site);
        await using var writer = await ContentHost.StartAsync("feedprunecache", model);
        var site = await writer.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        await using var other = await ContentHost.StartOnAsync(writer.ConnectionString, model);
        var feed = other.Services.GetRequiredService<ContentChangeFeed>();

        var late = await writer.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("While away") }, ["en"], "t");
        await feed.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        await other.Cache.ApplyChangeFeedAsync(feed);

        other.Cache.Get(late.Item!.Key).ShouldNotBeNull();
        other.Cache.ChangeFeedPosition.ShouldBe(await feed.LatestAsync());
    }

    [Test]
    public async Task A_search_index_behind_the_pruned_feed_is_built_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), "scp-index-" + Guid.NewGuid().ToString("N")[..12]);
        string connectionString;
        await using (var first = await SearchHost.StartAsync("feedprunesearch", indexPath: folder))
            connectionString = first.ConnectionString;
        await using var writer = await ContentHost.StartOnAsync(connectionString);
        var practice = await writer.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = PracticeLibrary,
            Data = new ContentData
            {
                Invariant = { ["kind"] = JsonSerializer.SerializeToElement("Research") },
                Cultures = { ["en"] = new CultureData { Name = "Quokka listening walks", Values = { ["summary"] = JsonSerializer.SerializeToElement("Walks while the index was away") } } },
            },
        }, ["en"], "t");
        practice.Succeeded.ShouldBeTrue(string.Join("; ", practice.Errors));
        await writer.Services.GetRequiredService<ContentChangeFeed>().PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        await using var second = await SearchHost.StartOnAsync(connectionString, "feedprunesearch", indexPath: folder);

        var found = await second.Search().SearchAsync(new SearchRequest { Query = "quokka", Culture = "en", Take = 10 });
        found.Items.ShouldHaveSingleItem().Id.ShouldBe(practice.Item!.Key);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>
/// The published cache's structure file: a restart reads it and catches up from the change feed, and ends exactly where
/// a full read from PostgreSQL would; a file that cannot be trusted is left aside for a full read.
/// </summary>
[Category("Database")]
public sealed class PublishedStructureFileTests
{
    private static readonly string Model = TestModel.Write(TestModel.Site);

    [Test]
    public async Task A_restart_reads_the_file_and_catches_up_with_what_others_changed_meanwhile()
    {
        var data = TemporaryFolder();
        string connection;
        Guid site;
        List<Guid> articles;
        await using (var first = await ContentHost.StartAsync("structurefile", Model))
        {
            connection = first.ConnectionString;
            (site, articles) = await PublishTreeAsync(first.Content, 12);
        }
        // Chunks of five items: the start decodes several side by side.
        await using (var writer = await ContentHost.StartOnAsync(connection, Model, dataPath: data,
            configure: s => s.Configure<PortalContentOptions>(o => o.PublishedCache.StructureFileChunk = 5)))
        {
            writer.Cache.LoadedFrom.ShouldBe("database");
            (await WaitForFileAsync(writer.Cache)).ShouldBeTrue();
        }

        // While that instance is down, another one changes the site: a new item, a rename, an unpublish, a move, a delete.
        await using (var other = await ContentHost.StartOnAsync(connection, Model))
        {
            await other.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site, Data = Data.Named("Arrived later", "Arrivé plus tard") }, ["en", "fr"], "t");
            var renamed = (await other.Content.GetAsync(articles[0]))!.Data.Clone();
            renamed.Cultures["en"].Segment = "renamed-while-down";
            await other.Content.SaveAndPublishAsync(new ContentDraft { Key = articles[0], ContentType = "article", Data = renamed }, ["en"], "t");
            await other.Content.UnpublishAsync(articles[1], ["fr"], "t");
            await other.Content.MoveAsync(articles[2], articles[3], "t");
            (await other.Content.TrashAsync(articles[4], "t")).Succeeded.ShouldBeTrue();
        }

        await using var restarted = await ContentHost.StartOnAsync(connection, Model, dataPath: data);
        restarted.Cache.LoadedFrom.ShouldBe("file");
        await ShouldMatchAFullReadAsync(restarted);
        restarted.Cache.Route(articles[0], "en")!.ShouldEndWith("/renamed-while-down/");
        restarted.Cache.IsLive(articles[1], "fr").ShouldBeFalse();
        restarted.Cache.Get(articles[2])!.ParentKey.ShouldBe(articles[3]);
        restarted.Cache.Get(articles[4]).ShouldBeNull();
        restarted.Cache.Children(site, "en").Select(c => c.Variant("en")!.Name).ShouldContain("Arrived later");
    }

    [Test]
    public async Task A_file_written_from_another_database_is_not_used()
    {
        var data = TemporaryFolder();
        await WriteFileAsync("structureother", data, 3);

        await using var here = await ContentHost.StartAsync("structurehere", Model, dataPath: data);
        here.Cache.LoadedFrom.ShouldBe("database");
        here.Cache.CountOfType("article").ShouldBe(0);
    }

    [Test]
    public async Task A_file_whose_change_was_pruned_from_the_feed_is_not_used()
    {
        var data = TemporaryFolder();
        var connection = await WriteFileAsync("structurepruned", data, 3, async first =>
        {
            await first.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Second root" } } }""") }, ["en"], "t");
            (await first.Services.GetRequiredService<ContentChangeFeed>().PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBeGreaterThan(0);
        });

        await using var restarted = await ContentHost.StartOnAsync(connection, Model, dataPath: data);
        restarted.Cache.LoadedFrom.ShouldBe("database");
        await ShouldMatchAFullReadAsync(restarted);
    }

    [Test]
    public async Task A_damaged_file_is_read_around()
    {
        var data = TemporaryFolder();
        var connection = await WriteFileAsync("structuredamaged", data, 5);
        var file = Path.Combine(data, "published-cache", "structure.bin");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length * 2 / 3)]);

        await using var restarted = await ContentHost.StartOnAsync(connection, Model, dataPath: data);
        restarted.Cache.LoadedFrom.ShouldBe("database");
        restarted.Cache.CountOfType("article").ShouldBe(5);
    }

    [Test]
    public async Task A_file_too_far_behind_the_feed_is_not_used()
    {
        var data = TemporaryFolder();
        var connection = await WriteFileAsync("structurebehind", data, 2, first => PublishTreeAsync(first.Content, 3));

        await using var restarted = await ContentHost.StartOnAsync(connection, Model, dataPath: data,
            configure: s => s.Configure<PortalContentOptions>(o => o.PublishedCache.StructureFileMaxCatchUp = 2));
        restarted.Cache.LoadedFrom.ShouldBe("database");
        restarted.Cache.CountOfType("article").ShouldBe(5);
    }

    private static async Task<(Guid Site, List<Guid> Articles)> PublishTreeAsync(ContentService content, int articles)
    {
        var site = await content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }""") }, ["en", "fr"], "t");
        var keys = new List<Guid>();
        for (var i = 0; i < articles; i++)
        {
            var result = await content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named($"Article {i}", $"Article {i} fr") }, ["en", "fr"], "t");
            keys.Add(result.Item!.Key);
        }
        return (site.Item!.Key, keys);
    }

    /// <summary>An instance on a new database publishes a site of <paramref name="articles"/>, writes its file, then does <paramref name="after"/>.</summary>
    private static async Task<string> WriteFileAsync(string hint, string data, int articles, Func<ContentHost, Task>? after = null)
    {
        await using var first = await ContentHost.StartAsync(hint, Model, dataPath: data);
        await PublishTreeAsync(first.Content, articles);
        (await SaveAsync(first)).ShouldBeTrue();
        if (after is not null)
            await after(first);
        return first.ConnectionString;
    }

    // As the running portal does: its listener applies the feed (this instance's own commits too), then writes at that number.
    private static async Task<bool> SaveAsync(ContentHost host)
    {
        await host.Cache.ApplyChangeFeedAsync(host.Services.GetRequiredService<ContentChangeFeed>());
        return await host.Cache.SaveStructureAsync();
    }

    // The background write after a full read: the first one may still be under way.
    private static async Task<bool> WaitForFileAsync(PublishedContentCache cache)
    {
        for (var i = 0; i < 100 && !File.Exists(cache.StructureFilePath); i++)
            await Task.Delay(50);
        return File.Exists(cache.StructureFilePath);
    }

    private static async Task ShouldMatchAFullReadAsync(ContentHost host)
    {
        using var fresh = new PublishedContentCache(
            host.Services.GetRequiredService<PortalDatabase>(),
            host.Services.GetRequiredService<DocumentTypeRegistry>(),
            host.Services.GetRequiredService<IOptions<PortalContentOptions>>(),
            NullLogger<PublishedContentCache>.Instance);
        await fresh.LoadAllAsync();
        host.Cache.ChangeFeedPosition.ShouldBe(fresh.ChangeFeedPosition);
        foreach (var type in new[] { "site", "article" })
        {
            var keys = fresh.KeysOfType(type).ToList();
            host.Cache.KeysOfType(type).ShouldBe(keys, ignoreOrder: true);
            foreach (var key in keys)
            {
                var (mine, theirs) = (host.Cache.Get(key)!, fresh.Get(key)!);
                (mine.ParentKey, mine.SortOrder, mine.Level, mine.UpdateDate).ShouldBe((theirs.ParentKey, theirs.SortOrder, theirs.Level, theirs.UpdateDate));
                foreach (var culture in new[] { "en", "fr" })
                {
                    host.Cache.Route(key, culture).ShouldBe(fresh.Route(key, culture), $"{key} in {culture}");
                    mine.Variant(culture)?.Name.ShouldBe(theirs.Variant(culture)?.Name);
                    mine.Variant(culture)?.Version.ShouldBe(theirs.Variant(culture)!.Version);
                    mine.Variant(culture)?.PublishedAt.ShouldBe(theirs.Variant(culture)!.PublishedAt);
                    host.Cache.ChildKeys(key, culture).ShouldBe(fresh.ChildKeys(key, culture));
                }
            }
        }
    }

    private static string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "scp-structure-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}

using System.Text.Json;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>
/// Every instance keeps its own index, fed in commit order from PostgreSQL: they agree, a stopped one catches
/// up, a damaged or abandoned one is rebuilt, and PostgreSQL stays the truth throughout.
/// </summary>
[Category("Database")]
public sealed class SearchInstanceTests
{
    private static readonly Guid PracticeLibrary = new("11405358-73cb-4fe5-a03d-a8a1b146a032");

    private static async Task<Guid> PublishAsync(ContentHost host, string name, string summary)
    {
        var data = Data.Parse(JsonSerializer.Serialize(new
        {
            invariant = new { kind = "Initiative", evaluationStatus = "Not evaluated" },
            cultures = new { en = new { name, values = new { summary } } },
        }));
        var result = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "goodPractice", ParentKey = PracticeLibrary, Data = data }, ["en"], "test");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!.Key;
    }

    private static async Task<int> CountAsync(ContentHost host, string query) =>
        (await host.Search().SearchAsync(new SearchRequest { Query = query + " " })).Total;

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "scp-index-" + Guid.NewGuid().ToString("N")[..12]);

    [Test]
    public async Task A_publish_on_one_instance_is_found_on_the_other_within_a_second()
    {
        await using var first = await SearchHost.StartAsync("twoinstances");
        await using var second = await SearchHost.StartOnAsync(first.ConnectionString, "twoinstances", loadStarterContent: false);

        await PublishAsync(first, "Saffron street festival", "A festival of saffron and neighbours.");
        (await CountAsync(first, "saffron")).ShouldBe(1, "its own instance sees it at once");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await CountAsync(second, "saffron") == 0 && watch.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(20);
        (await CountAsync(second, "saffron")).ShouldBe(1);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task A_restarted_instance_catches_up_with_what_was_published_while_it_was_down()
    {
        var folder = TempFolder();
        string connectionString;
        await using (var host = await SearchHost.StartAsync("restartcatchup", indexPath: folder))
        {
            connectionString = host.ConnectionString;
            await PublishAsync(host, "Nutmeg youth radio", "Young people run a nutmeg radio station.");
        }
        await using (var other = await SearchHost.StartOnAsync(connectionString, "restartcatchup", loadStarterContent: false))
            await PublishAsync(other, "Cardamom book club", "A cardamom book club for new arrivals.");

        await using var restarted = await SearchHost.StartOnAsync(connectionString, "restartcatchup", loadStarterContent: false, indexPath: folder);

        (await CountAsync(restarted, "nutmeg")).ShouldBe(1);
        (await CountAsync(restarted, "cardamom")).ShouldBe(1);
    }

    [Test]
    public async Task A_damaged_index_is_rebuilt_from_PostgreSQL()
    {
        var folder = TempFolder();
        string connectionString;
        await using (var host = await SearchHost.StartAsync("damagedindex", indexPath: folder))
        {
            connectionString = host.ConnectionString;
            await PublishAsync(host, "Cumin cooking classes", "Cooking classes with cumin for mixed neighbourhoods.");
        }
        var generation = Directory.EnumerateDirectories(folder).Single();
        foreach (var file in Directory.EnumerateFiles(generation).Where(f => !Path.GetFileName(f).StartsWith("write.lock", StringComparison.Ordinal)))
            await File.WriteAllBytesAsync(file, [1, 2, 3, 4]);

        await using var restarted = await SearchHost.StartOnAsync(connectionString, "damagedindex", loadStarterContent: false, indexPath: folder);

        (await CountAsync(restarted, "cumin")).ShouldBe(1);
        // The damaged generation is deleted once the rebuilt one is swapped in (no searcher holds it any more).
        await Eventually.ReadAsync(() => Task.FromResult(Directory.EnumerateDirectories(folder).ToList()), folders => !folders.Contains(generation),
            "Deleting the damaged generation", describe: folders => string.Join(", ", folders));
    }

    [Test]
    public async Task An_index_built_with_other_settings_keeps_answering_until_its_rebuild_is_swapped_in()
    {
        var folder = TempFolder();
        string connectionString;
        await using (var host = await SearchHost.StartAsync("othersettings", indexPath: folder))
        {
            connectionString = host.ConnectionString;
            await PublishAsync(host, "Fenugreek garden", "A fenugreek community garden.");
        }
        // Another fingerprint, as if the settings had changed since.
        var pointer = Path.Combine(folder, "current");
        var generation = Path.Combine(folder, File.ReadAllText(pointer).Trim());
        using (var directory = Lucene.Net.Store.FSDirectory.Open(generation))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null)))
        {
            var data = new Dictionary<string, string>(writer.CommitData) { ["portal.fingerprint"] = "older-settings" };
            writer.SetCommitData(data);
            writer.Commit();
        }

        await using var restarted = await SearchHost.StartOnAsync(connectionString, "othersettings", loadStarterContent: false, indexPath: folder);

        (await CountAsync(restarted, "fenugreek")).ShouldBe(1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!restarted.Index().IsCurrentSchema && watch.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        restarted.Index().IsCurrentSchema.ShouldBeTrue();
        (await CountAsync(restarted, "fenugreek")).ShouldBe(1);
    }

    [Test]
    public async Task A_rebuild_that_never_finished_leaves_the_index_working()
    {
        var folder = TempFolder();
        string connectionString;
        await using (var host = await SearchHost.StartAsync("abandonedrebuild", indexPath: folder))
        {
            connectionString = host.ConnectionString;
            await PublishAsync(host, "Sumac choir", "A sumac choir of many voices.");
        }
        // What a rebuild killed half-way leaves: a generation folder nothing points at.
        var abandoned = Path.Combine(folder, "g20200101000000000-dead00");
        Directory.CreateDirectory(abandoned);
        await File.WriteAllBytesAsync(Path.Combine(abandoned, "_0.cfs"), [0, 1, 2]);
        Directory.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-1));

        await using var restarted = await SearchHost.StartOnAsync(connectionString, "abandonedrebuild", loadStarterContent: false, indexPath: folder);

        (await CountAsync(restarted, "sumac")).ShouldBe(1);
        Directory.Exists(abandoned).ShouldBeFalse();
    }

    [Test]
    public async Task A_reindex_keeps_searches_answering_and_misses_nothing_published_meanwhile()
    {
        await using var host = await SearchHost.StartAsync("reindexwhilepublishing");
        var before = await CountAsync(host, "prevention");

        var reindex = host.Reindexer().ReindexAsync();
        var published = await PublishAsync(host, "Juniper prevention forum", "A juniper forum on prevention.");
        var during = await CountAsync(host, "prevention");
        await reindex;
        await host.WaitForIndexAsync();

        during.ShouldBeGreaterThanOrEqualTo(before);
        (await CountAsync(host, "juniper")).ShouldBe(1);
        (await host.Search().SearchAsync(new SearchRequest { Query = "juniper " })).Items.Single().Id.ShouldBe(published);
        (await CountAsync(host, "prevention")).ShouldBe(before + 1);
    }
}

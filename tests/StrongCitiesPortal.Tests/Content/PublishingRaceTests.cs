using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>
/// Changes of one item that meet in the database: each test holds the item's row in a transaction of its own
/// (as a save in progress would), lets the engine's change queue behind it, then commits.
/// </summary>
[Category("Database")]
public sealed class PublishingRaceTests
{

    [Test]
    public async Task A_scheduled_publish_waiting_behind_a_save_publishes_its_chosen_version_and_keeps_nothing_pending()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var clock = TestClock.Reading(() => now);
        await using var host = await ContentHost.StartAsync("racescheduled", TestModel.Write(TestModel.Site), clock);
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var article = (await host.Content.SaveAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Embargoed") }, "t")).Item!;
        (await host.Content.ScheduleAsync(article.Key, "en", clock.GetUtcNow().AddHours(1), null, "editor")).Succeeded.ShouldBeTrue();
        now = now.AddHours(2);

        // A save (version 2) is under way when the scheduler comes to the item.
        await using var save = await SaveInProgressAsync(host.ConnectionString, article.Key, Data.Named("Unreviewed change"));
        var run = host.Content.RunScheduleAsync();
        await WaitForLockWaitersAsync(host.ConnectionString, 1);
        await save.Transaction.CommitAsync();

        (await run).ShouldBe(1);
        var after = (await host.Content.GetAsync(article.Key))!;
        after.Version.ShouldBe(2);
        after.Publishing["en"].PublishedVersion.ShouldBe(1);
        after.Publishing["en"].PublishAt.ShouldBeNull();
        host.Cache.Get(article.Key)!.Variant("en")!.Name.ShouldBe("Embargoed");
        (await host.Content.GetAuditAsync(article.Key)).Select(a => a.Action).ShouldNotContain("schedule-failed");
    }

    [Test]
    public async Task A_scheduled_publish_publishes_the_version_chosen_when_it_was_scheduled()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var clock = TestClock.Reading(() => now);
        await using var host = await ContentHost.StartAsync("scheduledversion", TestModel.Write(TestModel.Site), clock);
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var article = (await host.Content.SaveAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Approved text") }, "t")).Item!;
        (await host.Content.ScheduleAsync(article.Key, "en", clock.GetUtcNow().AddHours(1), null, "editor")).Item!.Publishing["en"].PublishVersion.ShouldBe(1);
        (await host.Content.SaveAsync(new ContentDraft { Key = article.Key, ContentType = "article", Data = Data.Named("Later draft"), BasedOnVersion = 1 }, "city")).Succeeded.ShouldBeTrue();
        now = now.AddHours(2);

        (await host.Content.RunScheduleAsync()).ShouldBe(1);

        host.Cache.Get(article.Key)!.Variant("en")!.Name.ShouldBe("Approved text");
        var after = (await host.Content.GetAsync(article.Key))!;
        after.Publishing["en"].PublishedVersion.ShouldBe(1);
        after.Name("en").ShouldBe("Later draft");
    }

    [Test]
    public async Task A_save_waiting_behind_another_save_is_refused_as_a_conflict_not_treated_as_a_new_item()
    {
        await using var host = await ContentHost.StartAsync("racesave", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var article = (await host.Content.SaveAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("First") }, "t")).Item!;

        await using var save = await SaveInProgressAsync(host.ConnectionString, article.Key, Data.Named("Theirs"));
        var mine = host.Content.SaveAsync(new ContentDraft { Key = article.Key, ContentType = "article", Data = Data.Named("Mine"), BasedOnVersion = 1 }, "me");
        await WaitForLockWaitersAsync(host.ConnectionString, 1);
        await save.Transaction.CommitAsync();

        var result = await mine;
        result.Outcome.ShouldBe(ContentOutcome.Conflict);
        result.CurrentVersion.ShouldBe(2);
        (await host.Content.GetAsync(article.Key))!.Name("en").ShouldBe("Theirs");
    }

    [Test]
    public async Task Two_creates_of_the_same_key_end_in_one_item_and_a_conflict()
    {
        await using var host = await ContentHost.StartAsync("racecreate", TestModel.Write(TestModel.Site));
        var key = Guid.NewGuid();
        await using var first = await CreateInProgressAsync(host.ConnectionString, key);

        var second = host.Content.SaveAsync(new ContentDraft { Key = key, ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Second" } } }""") }, "me");
        await WaitForLockWaitersAsync(host.ConnectionString, 1);
        await first.Transaction.CommitAsync();

        var result = await second;
        result.Outcome.ShouldBe(ContentOutcome.Conflict);
        result.Item!.Key.ShouldBe(key);
    }

    private sealed class OpenTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>A new version of the item written in an open transaction, as the engine's save writes it.</summary>
    private static async Task<OpenTransaction> SaveInProgressAsync(string connectionString, Guid key, ContentData data)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("""
            with n as (update cms_node set latest_version = latest_version + 1 where key = @key returning id, latest_version)
            insert into cms_version (node_id, version, data, created_at, created_by) select id, latest_version, @data::jsonb, now(), 'other' from n
            """, connection, transaction);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("data", System.Text.Json.JsonSerializer.Serialize(data, System.Text.Json.JsonSerializerOptions.Web));
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        await using var culture = new NpgsqlCommand(
            "update cms_culture c set name = @name from cms_node n where n.id = c.node_id and n.key = @key and c.culture = 'en'", connection, transaction);
        culture.Parameters.AddWithValue("key", key);
        culture.Parameters.AddWithValue("name", data.Cultures["en"].Name);
        await culture.ExecuteNonQueryAsync();
        return new OpenTransaction(connection, transaction);
    }

    private static async Task<OpenTransaction> CreateInProgressAsync(string connectionString, Guid key)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("""
            with n as (insert into cms_node (key, content_type, level, path, latest_version, create_date, update_date, created_by, updated_by)
                       values (@key, 'site', 1, '/', 1, now(), now(), 'other', 'other') returning id)
            insert into cms_version (node_id, version, data, created_at, created_by) select id, 1, '{"cultures":{"en":{"name":"First"}}}'::jsonb, now(), 'other' from n
            """, connection, transaction);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
        return new OpenTransaction(connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> sessions of this database wait for a lock.</summary>
    internal static async Task WaitForLockWaitersAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", connection);
            if ((long)(await command.ExecuteScalarAsync())! >= count)
                return;
            if (DateTime.UtcNow > deadline)
                throw new AssertionException($"Fewer than {count} changes were waiting for the item's row after 30 seconds.");
            await Task.Delay(50);
        }
    }
}

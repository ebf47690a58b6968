using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class MigrationTests
{
    [Test]
    public async Task Migrations_started_at_once_by_several_instances_apply_each_change_exactly_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("migrations");
        var source = new EmbeddedMigrationSource("content", typeof(ContentService).Assembly, "StrongCitiesPortal.Content.Persistence.Migrations.");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new MigrationRunner([source], NullLogger<MigrationRunner>.Instance).RunAsync(dataSource))));

        runs.Sum(r => r.Count).ShouldBe(source.Migrations.Count());
        await using var command = dataSource.CreateCommand("select count(*) from portal_migrations");
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(source.Migrations.Count());
        await using var table = dataSource.CreateCommand("select count(*) from cms_node");
        ((long)(await table.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Test]
    public async Task A_module_whose_dependency_is_not_registered_stops_the_start_and_records_nothing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("migrationdeps");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var webhooks = new EmbeddedMigrationSource("webhooks", typeof(WebhookStore).Assembly, "StrongCitiesPortal.Web.Features.Webhooks.Migrations.", "media");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            new MigrationRunner([webhooks], NullLogger<MigrationRunner>.Instance).RunAsync(dataSource));

        refused.Message.ShouldContain("'webhooks' needs the schema of 'media'");
        await using var command = dataSource.CreateCommand("select count(*) from portal_migrations");
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Test]
    public async Task A_module_registered_before_the_module_it_depends_on_is_migrated_after_it()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("migrationorder");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var webhooks = new EmbeddedMigrationSource("webhooks", typeof(WebhookStore).Assembly, "StrongCitiesPortal.Web.Features.Webhooks.Migrations.", "media");
        var media = new EmbeddedMigrationSource("media", typeof(WebhookStore).Assembly, "StrongCitiesPortal.Web.Features.Media.Migrations.");

        var ran = await new MigrationRunner([webhooks, media], NullLogger<MigrationRunner>.Instance).RunAsync(dataSource);

        ran[0].ShouldStartWith("media/");
        // The media trigger that queues media webhooks exists: the migration did not skip it.
        await using var trigger = dataSource.CreateCommand("select count(*) from pg_trigger where tgname = 'media_item_webhooks'");
        ((long)(await trigger.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Test]
    public void Modules_that_depend_on_one_another_in_a_circle_are_refused()
    {
        var a = new EmbeddedMigrationSource("a", typeof(ContentService).Assembly, "none.", "b");
        var b = new EmbeddedMigrationSource("b", typeof(ContentService).Assembly, "none.", "a");

        Should.Throw<InvalidOperationException>(() => MigrationRunner.InDependencyOrder([a, b])).Message.ShouldContain("a -> b -> a");
    }
}

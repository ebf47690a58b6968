using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

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
}

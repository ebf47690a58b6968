using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search;

/// <summary>
/// Runs after the content engine has started: checks the search settings, and builds the index once for a
/// database whose content predates it. From then on publishing keeps it current.
/// </summary>
public sealed class SearchStartup(PortalDatabase database, SearchModel model, SearchReindexer reindexer, ILogger<SearchStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = model;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select (select generation from search_state where id = 1) = 0
               and exists (select 1 from cms_culture where published_version is not null)
            """, connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            logger.LogInformation("The search index has never been built for this content; building it now");
            await reindexer.ReindexAsync(cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Seeding;

namespace StrongCitiesPortal.Content;

/// <summary>
/// Runs before anything else: database, schema and starter content, then the published cache's load, which goes on
/// beside the next services' starts (<see cref="StartupWork"/>) and is done before the first request.
/// </summary>
public sealed class PortalContentStartup(
    PortalDatabase database,
    MigrationRunner migrations,
    StarterContentLoader starter,
    PublishedContentCache cache,
    ContentChangeFeed feed,
    StartupWork work,
    IOptions<PortalContentOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The structure file is local: it is read and decoded while the database starts and is migrated.
        cache.BeginReadingStructureFile();
        await PrepareDatabaseAsync(cancellationToken);
        _ = work.Add("published cache", () => cache.StartAsync(feed, cancellationToken));
    }

    /// <summary>
    /// The database started, migrated and given its starter content, without the published cache: what a
    /// command-line verb (import, export, reindex) needs, in the same time at any size of site.
    /// </summary>
    public async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        var dataSource = await database.StartAsync(cancellationToken);
        await migrations.RunAsync(dataSource, cancellationToken);
        if (options.Value.LoadStarterContent)
            await starter.LoadAsync(Path.Combine(options.Value.ModelPath, "content"), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

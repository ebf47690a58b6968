using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Seeding;

namespace StrongCitiesPortal.Content;

/// <summary>
/// Runs before anything else: hands the start its first parts (<see cref="StartupWork"/>): the database, schema and
/// starter content, then the published cache's load, which go on beside the next services' starts (the web server's
/// among them) and are done before the first request.
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
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The structure file is local: it is read and decoded while the database starts and is migrated.
        cache.BeginReadingStructureFile();
        var prepared = work.AddDatabase(() => PrepareDatabaseAsync(cancellationToken));
        _ = work.Add("published cache", async () =>
        {
            await prepared;
            await cache.StartAsync(feed, cancellationToken);
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The database started, migrated and given its starter content, without the published cache: what a
    /// command-line verb (import, export, reindex) needs, in the same time at any size of site.
    /// </summary>
    public async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        // The starter content's files are read while the database starts.
        var starterItems = options.Value.LoadStarterContent
            ? Task.Run(() => StarterContentLoader.ReadFolder(Path.Combine(options.Value.ModelPath, "content")), cancellationToken)
            : null;
        var dataSource = await database.StartAsync(cancellationToken);
        await migrations.RunAsync(dataSource, cancellationToken);
        if (starterItems is not null)
            await starter.LoadAsync(await starterItems, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Read-your-writes for this instance: once a change commits, the items it touched are read again before the
/// request that made it goes on. Other instances (and this one, again) follow the change feed (see
/// <see cref="PublishedCacheListener"/>).
/// </summary>
public sealed class PublishedCacheRefresher(PublishedContentCache cache) :
    IContentNotificationHandler<ContentPublishedNotification>,
    IContentNotificationHandler<ContentUnpublishedNotification>,
    IContentNotificationHandler<ContentMovedNotification>,
    IContentNotificationHandler<ContentDeletedNotification>
{
    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommit(notification.Scope, [notification.Item.Key]);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommit(notification.Scope, [notification.Item.Key]);

    public Task HandleAsync(ContentMovedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommit(notification.Scope, notification.Subtree);

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommit(notification.Scope, notification.Items.Select(i => i.Key).ToList());

    private Task RefreshAfterCommit(IChangeScope scope, IReadOnlyList<Guid> keys)
    {
        // A cache this process never loaded (a command-line import) has nothing to keep current; the running portals
        // follow the change feed, whose NOTIFY this commit sends.
        if (!cache.IsLoaded)
            return Task.CompletedTask;
        // A change whose caller defers refreshes (a bulk import's batch) leaves its keys to the caller's flush.
        scope.AfterCommit(ct => scope.Context.Get<DeferredCacheRefresh>()?.TryAdd(cache, keys) == true ? Task.CompletedTask : cache.RefreshAsync(keys, ct));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Keeps this instance's cache in step with every instance's commits by following the engine's change feed in
/// order from the number the cache was loaded at, woken by NOTIFY with a poll as a fallback: a lost connection
/// or a change committed while the cache loaded is caught up from the feed, never missed. Once the first page has
/// been answered (so it is not kept waiting for the processor), it reads the values of the items nearest the root
/// into the bounded values cache.
/// </summary>
public sealed class PublishedCacheListener(
    PortalDatabase database,
    PublishedContentCache cache,
    ContentChangeFeed feed,
    IOptions<PortalContentOptions> options,
    ILogger<PublishedCacheListener> logger,
    StartupWork startup) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmUpDelay = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Changes are followed from the number the first load read at; it may still be running (StartupWork).
            await cache.WhenLoaded.WaitAsync(stoppingToken);
            var listening = database.DataSource.ListenAsync(ContentChangeFeed.Channel, "the published cache's change listener", logger,
                received: _ => _wake.Release(),
                listening: (_, _) =>
                {
                    _wake.Release();
                    return Task.CompletedTask;
                },
                stoppingToken: stoppingToken);
            var warming = WarmAfterStartAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await cache.ApplyChangeFeedAsync(feed, cancellationToken: stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The published cache could not apply the latest changes; trying again shortly");
                }
                if (cache.StructureFileIsDue)
                    _ = cache.SaveStructureAsync(stoppingToken);
                await _wake.WaitAsync(PollInterval, stoppingToken);
                while (_wake.CurrentCount > 0)
                    await _wake.WaitAsync(0, stoppingToken);
            }
            await listening;
            await warming;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The next start reads the structure as it is now, and catches up only what comes after.
        await cache.SaveStructureAsync(CancellationToken.None);
    }

    // Reading ahead only helps later pages: it waits until the first page has been answered (or a few seconds
    // have passed without one, as in a host without a web server), so it does not slow that page down.
    private async Task WarmAfterStartAsync(CancellationToken stoppingToken)
    {
        await startup.AfterFirstAnswerAsync(WarmUpDelay, stoppingToken);
        await WarmAsync(stoppingToken);
    }

    private async Task WarmAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var count = await cache.WarmValuesAsync(options.Value.PublishedCache.WarmUpEntries, stoppingToken);
            logger.LogInformation("Published values cache warmed with {Count} items in {Elapsed} ms", count,
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The published values cache could not be warmed; values will be read as pages ask for them");
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

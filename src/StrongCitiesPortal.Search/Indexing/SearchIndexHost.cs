using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>
/// Keeps this instance's index in step with PostgreSQL: opens it (or builds it when it is missing, unreadable or
/// built with other settings), then applies the change feed in order, woken by this instance's own commits and by
/// NOTIFY from the others, with a poll as a fallback. A reindex by the command line is picked up when it swaps.
/// </summary>
public sealed class SearchIndexHost(
    ISearchIndex index,
    ContentChangeFeed feed,
    IndexUpdater updater,
    SearchReindexer reindexer,
    PortalDatabase database,
    StartupWork startup,
    IOptions<SearchOptions> options,
    ILogger<SearchIndexHost> logger) : BackgroundService, IHostedLifecycleService
{
    // The index read from local disk, begun before any service starts: it needs no database, so it overlaps its start.
    private Task<string?>? _reading;

    // Open (or, when there is none to open, being built): what the first request waits for.
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Runs before every service's start (the database's among them): begins reading the index from disk.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _reading = Task.Run(index.Open, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ = startup.Add("search index", () => _opened.Task);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        feed.Committed += OnCommitted;
        try
        {
            // The index's read from disk began before the services' starts (StartingAsync); its outcome is awaited here,
            // beside the rest of the start (StartupWork).
            await Task.Yield();
            try
            {
                await OpenAsync(stoppingToken);
            }
            finally
            {
                _opened.TrySetResult();
            }
            await startup.DatabaseReady.WaitAsync(stoppingToken);
            var listening = database.DataSource.ListenAsync(ContentChangeFeed.Channel, "the search index's change listener", logger,
                received: _ => Wake(),
                listening: (_, _) =>
                {
                    Wake();
                    return Task.CompletedTask;
                },
                stoppingToken: stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await index.AdoptRebuiltAsync(copy => updater.CatchUpAsync(copy, stoppingToken), stoppingToken);
                    await CatchUpAsync(stoppingToken);
                }
                catch (ChangeFeedPositionTooOldException ex)
                {
                    // The feed was pruned past the index: it is built again from PostgreSQL (the old one answers meanwhile).
                    logger.LogWarning("{Problem} Rebuilding the search index.", ex.Message);
                    await RebuildAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The search index could not apply the latest changes; trying again shortly");
                }
                var woken = await _wake.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
                while (_wake.CurrentCount > 0)
                    await _wake.WaitAsync(0, stoppingToken);
                if (!woken)
                    index.Flush();
            }
            await listening;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            feed.Committed -= OnCommitted;
        }
    }

    private void OnCommitted(long sequence) => Wake();

    private void Wake() => _wake.Release();

    private async Task OpenAsync(CancellationToken stoppingToken)
    {
        var problem = await (_reading ?? Task.Run(index.Open, CancellationToken.None));
        if (problem is null)
        {
            logger.LogInformation("Search index opened at change {Sequence}", index.Sequence);
            return;
        }
        await startup.DatabaseReady.WaitAsync(stoppingToken);
        if (!index.IsOpen)
        {
            logger.LogInformation("Building the search index from PostgreSQL: {Reason}", problem);
            // Pages do not wait for a whole build: until it is done, search says it is being prepared.
            _opened.TrySetResult();
            await RebuildAsync(stoppingToken);
            return;
        }
        // The old index keeps answering (and following the feed) while the new one is built.
        logger.LogInformation("Rebuilding the search index in the background: {Reason}", problem);
        _ = Task.Run(() => RebuildAsync(stoppingToken), stoppingToken);
    }

    private async Task RebuildAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await reindexer.ReindexAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Building the search index failed (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    /// <summary>Applies every committed change after the index's own number, in order.</summary>
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var applied = await index.UpdateAsync(
                copy => copy is null ? Task.FromResult(0) : updater.ApplyNextAsync(copy, stoppingToken), stoppingToken);
            if (!IndexUpdater.WasFull(applied))
                return;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

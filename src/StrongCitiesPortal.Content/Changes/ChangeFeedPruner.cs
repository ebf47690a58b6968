using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace StrongCitiesPortal.Content.Changes;

/// <summary>
/// Keeps the change feed from growing without bound: every <see cref="ChangeFeedOptions.PruneInterval"/> it deletes
/// the changes older than <see cref="ChangeFeedOptions.RetainDays"/>. A consumer that was further behind than that
/// (an instance stopped for weeks) finds its position too old and rebuilds instead of missing changes.
/// </summary>
public sealed class ChangeFeedPruner(ContentChangeFeed feed, IOptions<PortalContentOptions> options, TimeProvider clock, ILogger<ChangeFeedPruner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.ChangeFeed;
        try
        {
            // Not at once: start-up (migrations, the published cache) comes first.
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var pruned = await feed.PruneAsync(clock.GetUtcNow() - TimeSpan.FromDays(Math.Max(1, settings.RetainDays)), stoppingToken);
                    if (pruned > 0)
                        logger.LogInformation("Pruned {Count} changes older than {Days} days from the change feed", pruned, settings.RetainDays);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The change feed could not be pruned now; trying again at the next interval");
                }
                await Task.Delay(settings.PruneInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

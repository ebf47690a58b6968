using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Scheduling;

/// <summary>Carries out scheduled publish and unpublish dates. With several instances, one runs at a time.</summary>
public sealed class ScheduledPublishing(
    IServiceProvider services,
    PortalDatabase database,
    StartupWork startup,
    IOptions<PortalContentOptions> options,
    TimeProvider clock,
    ILogger<ScheduledPublishing> logger) : BackgroundService
{
    private const long LockId = 0x5C_0A_7A2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.DatabaseReady.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogError(ex, "Scheduled publishing failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var tryLock = new NpgsqlCommand("select pg_try_advisory_lock(@id)", connection);
        tryLock.Parameters.AddWithValue("id", LockId);
        if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            return 0;
        try
        {
            var done = await services.GetRequiredService<ContentService>().RunScheduleAsync(cancellationToken);
            if (done > 0)
                logger.LogInformation("Carried out {Count} scheduled publish or unpublish dates", done);
            return done;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            unlock.Parameters.AddWithValue("id", LockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

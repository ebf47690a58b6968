using Microsoft.Extensions.Logging;
using Npgsql;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// A PostgreSQL LISTEN held open until the host stops: each notification's payload goes to the caller as it
/// arrives, and a lost connection is logged and opened again two seconds later. A reconnect can have missed
/// notifications, which the caller catches up with when told listening has started again.
/// </summary>
public static class NotificationListener
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    /// <param name="what">What listens, for the warning when the connection is lost ("the webhook queue listener").</param>
    /// <param name="received">Called with each notification's payload, on the listening connection's thread.</param>
    /// <param name="listening">Called each time the LISTEN is in place, with whether it follows a lost connection.</param>
    /// <param name="woken">Called after each wait that ended with notifications.</param>
    public static async Task ListenAsync(this NpgsqlDataSource dataSource, string channel, string what, ILogger logger,
        Action<string> received, Func<bool, CancellationToken, Task>? listening = null, Func<CancellationToken, Task>? woken = null,
        CancellationToken stoppingToken = default)
    {
        var reconnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => received(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (listening is not null)
                    await listening(reconnected, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                    if (woken is not null)
                        await woken(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Lost {What}; reconnecting", what);
                reconnected = true;
                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>
/// Slows down guessing without letting a stranger lock anyone out: failures are counted per account name as typed
/// (known or not) and client address together. After <see cref="BackofficeOptions.MaxFailedSignIns"/> free failures
/// that pair waits <see cref="BackofficeOptions.SignInDelay"/>, doubled after every further failure, up to
/// <see cref="BackofficeOptions.LockoutDuration"/>; the same person at another address, or the account's owner
/// elsewhere, is not held up. A success, or a day without failures, forgets the pair.
/// </summary>
public sealed class SignInThrottle(PortalDatabase database, TimeProvider clock, IOptions<BackofficeOptions> options)
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>How long this pair must still wait before its next attempt is even checked; null when it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string account, string client, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select blocked_until from bo_sign_in_throttle where account = @account and client = @client", connection);
        command.Parameters.AddWithValue("account", Normalize(account));
        command.Parameters.AddWithValue("client", client);
        var until = await command.ExecuteScalarAsync(cancellationToken);
        if (until is not DateTime blocked)
            return null;
        var wait = new DateTimeOffset(blocked, TimeSpan.Zero) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failure; returns how long the pair must now wait (zero while it still has free attempts).</summary>
    public async Task<TimeSpan> FailedAsync(string account, string client, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int failures;
        await using (var count = new NpgsqlCommand("""
            insert into bo_sign_in_throttle as t (account, client, failures, last_failure_at) values (@account, @client, 1, @now)
            on conflict (account, client) do update
                set failures = case when t.last_failure_at < @forget then 1 else t.failures + 1 end, last_failure_at = @now
            returning failures
            """, connection, transaction))
        {
            count.Parameters.AddWithValue("account", Normalize(account));
            count.Parameters.AddWithValue("client", client);
            count.Parameters.AddWithValue("now", now);
            count.Parameters.AddWithValue("forget", now - ForgetAfter);
            failures = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        var wait = Delay(failures, settings);
        await using (var block = new NpgsqlCommand("""
            update bo_sign_in_throttle set blocked_until = @until where account = @account and client = @client;
            delete from bo_sign_in_throttle where last_failure_at < @forget;
            """, connection, transaction))
        {
            block.Parameters.AddWithValue("account", Normalize(account));
            block.Parameters.AddWithValue("client", client);
            block.Parameters.AddWithValue("until", wait > TimeSpan.Zero ? (object)(now + wait) : DBNull.Value);
            block.Parameters.AddWithValue("forget", now - ForgetAfter);
            await block.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return wait;
    }

    public async Task SucceededAsync(string account, string client, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("delete from bo_sign_in_throttle where account = @account and client = @client", connection);
        command.Parameters.AddWithValue("account", Normalize(account));
        command.Parameters.AddWithValue("client", client);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The wait after the given number of failures in a row.</summary>
    public static TimeSpan Delay(int failures, BackofficeOptions settings)
    {
        var beyond = failures - Math.Max(0, settings.MaxFailedSignIns);
        if (beyond <= 0)
            return TimeSpan.Zero;
        var delay = settings.SignInDelay * Math.Pow(2, Math.Min(beyond - 1, 30));
        return delay > settings.LockoutDuration ? settings.LockoutDuration : delay;
    }

    private static string Normalize(string account) => account.Trim().ToUpperInvariant();
}

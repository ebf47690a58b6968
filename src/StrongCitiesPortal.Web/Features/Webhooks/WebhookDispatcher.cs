using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// The background worker that empties the outbox: it claims due deliveries with FOR UPDATE SKIP LOCKED
/// (so any number of portal instances can run it), posts them signed, logs every attempt with its answer,
/// and reschedules failures with a doubling delay until the retries run out. NOTIFY wakes it when work is queued.
/// </summary>
public sealed class WebhookDispatcher(
    PortalDatabase database,
    IHttpClientFactory httpClients,
    IOptionsMonitor<WebhookOptions> options,
    IOptionsMonitor<WebhookDeliveryOptions> deliveryOptions,
    WebhookTargets targets,
    WebhookSecrets secrets,
    WebhookStore store,
    TimeProvider clock,
    StartupWork startup,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private static readonly string UserAgent = "StrongCitiesPortal/1.0 (Umbraco-Cms compatible webhooks)";
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    private sealed record Claimed(long Id, Guid WebhookId, string Event, string Payload, int RetryCount, string Url,
        IReadOnlyDictionary<string, string> Headers, string Secret, bool Enabled);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait for the portal to have its database, migrated.
        await startup.DatabaseReady.WaitAsync(stoppingToken);
        await ProtectPlainSecretsAsync(stoppingToken);
        var listening = ListenAsync(stoppingToken);
        try
        {
            await DeliverUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            await listening;
        }
    }

    private async Task DeliverUntilStoppedAsync(CancellationToken stoppingToken)
    {
        // Each delivery runs on its own, so a slow receiver holds up only its own deliveries.
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                TimeSpan wait;
                try
                {
                    var settings = deliveryOptions.CurrentValue;
                    var free = Math.Max(1, settings.MaximumConcurrentDeliveries) - inFlight.Count;
                    if (!options.CurrentValue.Enabled || free <= 0)
                    {
                        wait = options.CurrentValue.Period;
                    }
                    else
                    {
                        var claimed = await ClaimAsync(Math.Min(free, Math.Max(1, settings.BatchSize)), settings.RequestTimeout + TimeSpan.FromSeconds(30), stoppingToken);
                        foreach (var delivery in claimed)
                            inFlight.Add(SendThenWakeAsync(delivery, stoppingToken));
                        if (claimed.Count > 0 && claimed.Count == Math.Min(free, Math.Max(1, settings.BatchSize)))
                            continue;
                        await CleanUpAsync(stoppingToken);
                        wait = await UntilNextDueAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    logger.LogWarning(ex, "The webhook worker could not reach the database; trying again shortly");
                    wait = TimeSpan.FromSeconds(2);
                }
                try
                {
                    await _wake.WaitAsync(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            await Task.WhenAll(inFlight);
        }
    }

    private async Task SendThenWakeAsync(Claimed delivery, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(delivery, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another worker (or this one, restarted) picks it up.
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not record webhook delivery {Delivery}; it is tried again when its lease runs out", delivery.Id);
        }
        finally
        {
            _wake.Release();
        }
    }

    private async Task ProtectPlainSecretsAsync(CancellationToken stoppingToken)
    {
        try
        {
            var count = await store.ProtectPlainSecretsAsync(stoppingToken);
            if (count > 0)
                logger.LogInformation("Encrypted the signing secrets of {Count} webhooks with the data-protection keys", count);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not encrypt the webhooks' plain signing secrets; the next start tries again");
        }
    }

    private async Task<List<Claimed>> ClaimAsync(int batch, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            with due as (
                select id from webhook_delivery
                where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
                order by next_attempt_at, id
                limit @batch
                for update skip locked
            )
            update webhook_delivery d set locked_until = now() + @lease
            from due, webhook w
            where d.id = due.id and w.id = d.webhook_id
            returning d.id, d.webhook_id, d.event, d.payload, d.retry_count, w.url, w.headers::text, w.secret, w.enabled
            """, connection);
        command.Parameters.AddWithValue("batch", batch);
        command.Parameters.AddWithValue("lease", lease);
        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new Claimed(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6)) ?? [],
                reader.GetString(7), reader.GetBoolean(8)));
        }
        return claimed;
    }

    private async Task SendAsync(Claimed delivery, CancellationToken cancellationToken)
    {
        if (!delivery.Enabled)
        {
            // Disabling a webhook stops what it still had queued.
            await FinishAsync(delivery, "cancelled", null, cancellationToken);
            return;
        }
        var settings = deliveryOptions.CurrentValue;
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in delivery.Headers)
        {
            if (!WebhookHeaders.Reserved.Contains(name))
                request.Headers.TryAddWithoutValidation(name, value);
        }
        var deliveryId = delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var timestamp = WebhookSignature.Timestamp(clock.GetUtcNow());
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add(WebhookHeaders.Event, delivery.Event);
        request.Headers.Add(WebhookHeaders.RetryCount, delivery.RetryCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Delivery, deliveryId);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp);

        var stopwatch = Stopwatch.StartNew();
        Attempt attempt;
        try
        {
            request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Sign(secrets.Unprotect(delivery.Secret), deliveryId, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RequestTimeout);
            // Checked here for a clear answer; the connection itself is checked again against the address it reaches.
            await targets.ResolveAsync(request.RequestUri!.IdnHost, timeout.Token);
            // The receiver's answer is not read: only its status and headers are kept.
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            attempt = new Attempt(response.IsSuccessStatusCode, (int)response.StatusCode, ResponseHeaders(response), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt = new Attempt(false, null, null, $"No answer within {settings.RequestTimeout.TotalSeconds:0.#} seconds.");
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            attempt = new Attempt(false, null, null, refused.Message, Final: true);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            attempt = new Attempt(false, null, null,
                "The signing secret cannot be read with this portal's data-protection keys: rotate the webhook's secret.", Final: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException)
        {
            attempt = new Attempt(false, null, null, ex.Message);
        }
        stopwatch.Stop();
        var requestHeaders = WebhookHeaders.Redact(Headers(request.Headers, request.Content.Headers));

        await using var connection = await database.DataSource.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using (var log = new NpgsqlCommand("""
            insert into webhook_log (delivery_id, webhook_id, event, url, retry_count, request_headers, request_body,
                                     status_code, response_headers, exception_occurred, error, duration_ms)
            values (@delivery, @webhook, @event, @url, @retry, @requestHeaders, @requestBody,
                    @status, @responseHeaders, @exception, @error, @duration)
            """, connection, transaction))
        {
            log.Parameters.AddWithValue("delivery", delivery.Id);
            log.Parameters.AddWithValue("webhook", delivery.WebhookId);
            log.Parameters.AddWithValue("event", delivery.Event);
            log.Parameters.AddWithValue("url", delivery.Url);
            log.Parameters.AddWithValue("retry", delivery.RetryCount);
            log.Parameters.AddWithValue("requestHeaders", requestHeaders);
            log.Parameters.AddWithValue("requestBody", delivery.Payload);
            log.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = (object?)attempt.StatusCode ?? DBNull.Value });
            log.Parameters.Add(new NpgsqlParameter("responseHeaders", NpgsqlDbType.Text) { Value = (object?)attempt.ResponseHeaders ?? DBNull.Value });
            log.Parameters.AddWithValue("exception", attempt.Error is not null);
            log.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)attempt.Error ?? DBNull.Value });
            log.Parameters.AddWithValue("duration", (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds));
            await log.ExecuteNonQueryAsync(CancellationToken.None);
        }
        if (attempt.Succeeded)
        {
            await CompleteAsync(connection, transaction, delivery.Id, "delivered");
        }
        else if (attempt.Final)
        {
            logger.LogWarning("Webhook delivery {Delivery} failed and is not retried: {Error}", delivery.Id, attempt.Error);
            await CompleteAsync(connection, transaction, delivery.Id, "failed");
        }
        else if (delivery.RetryCount >= options.CurrentValue.MaximumRetries)
        {
            logger.LogWarning("Webhook delivery {Delivery} to {Url} failed after {Retries} retries", delivery.Id, delivery.Url, delivery.RetryCount);
            await CompleteAsync(connection, transaction, delivery.Id, "failed");
        }
        else
        {
            await using var retry = new NpgsqlCommand("""
                update webhook_delivery set retry_count = retry_count + 1, next_attempt_at = now() + @delay, locked_until = null
                where id = @id
                """, connection, transaction);
            retry.Parameters.AddWithValue("id", delivery.Id);
            retry.Parameters.AddWithValue("delay", RetryDelay(delivery.RetryCount, settings));
            await retry.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <param name="Final">A failure retrying cannot mend (a refused address, an unreadable secret).</param>
    private sealed record Attempt(bool Succeeded, int? StatusCode, string? ResponseHeaders, string? Error, bool Final = false);

    private static WebhookTargetRefusedException? Refusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is WebhookTargetRefusedException refused)
                return refused;
        }
        return null;
    }

    // Cookies a receiver sets are its own business, not the log's.
    private static string ResponseHeaders(HttpResponseMessage response) =>
        string.Join("\n", Headers(response.Headers, response.Content.Headers).Split('\n')
            .Where(line => !line.StartsWith("Set-Cookie:", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The wait after the given attempt: the configured delay, doubled for each retry already made, capped.</summary>
    public static TimeSpan RetryDelay(int retryCount, WebhookDeliveryOptions settings)
    {
        var delay = settings.RetryDelay * Math.Pow(2, Math.Min(retryCount, 30));
        return delay > settings.MaximumRetryDelay ? settings.MaximumRetryDelay : delay;
    }

    private static async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string status)
    {
        await using var complete = new NpgsqlCommand(
            "update webhook_delivery set status = @status, completed_at = now(), locked_until = null where id = @id", connection, transaction);
        complete.Parameters.AddWithValue("id", id);
        complete.Parameters.AddWithValue("status", status);
        await complete.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task FinishAsync(Claimed delivery, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CompleteAsync(connection, transaction, delivery.Id, status);
        if (error is not null)
            logger.LogInformation("Webhook delivery {Delivery}: {Error}", delivery.Id, error);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken cancellationToken)
    {
        var period = options.CurrentValue.Period;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select extract(epoch from min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) - now()) from webhook_delivery where status = 'pending'",
            connection);
        var seconds = await command.ExecuteScalarAsync(cancellationToken);
        if (seconds is null or DBNull)
            return period;
        var due = TimeSpan.FromSeconds(Math.Max(0, Convert.ToDouble(seconds, System.Globalization.CultureInfo.InvariantCulture)));
        return due < period ? due + TimeSpan.FromMilliseconds(20) : period;
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.EnableLoggingCleanup || DateTimeOffset.UtcNow - _lastCleanup < TimeSpan.FromHours(1))
            return;
        _lastCleanup = DateTimeOffset.UtcNow;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            delete from webhook_log where at < now() - make_interval(days => @days);
            delete from webhook_delivery where status <> 'pending' and completed_at < now() - make_interval(days => @days);
            """, connection);
        command.Parameters.AddWithValue("days", Math.Max(1, settings.KeepLogsForDays));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Wakes the loop whenever a transaction that queued deliveries commits, on any instance.</summary>
    private Task ListenAsync(CancellationToken stoppingToken) =>
        database.DataSource.ListenAsync(WebhookQueue.Channel, "the webhook queue listener", logger,
            received: _ => _wake.Release(), stoppingToken: stoppingToken);

    private static string Headers(HttpHeaders headers, HttpHeaders? contentHeaders) =>
        string.Join("\n", headers.Concat(contentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
}

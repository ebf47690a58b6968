using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Webhooks;

public sealed record Webhook(
    Guid Id, string? Name, string? Description, string Url, bool Enabled,
    IReadOnlyList<string> Events, IReadOnlyList<string> ContentTypes, IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record WebhookDraft(
    string? Name, string? Description, string Url, bool Enabled,
    IReadOnlyList<string> Events, IReadOnlyList<string> ContentTypes, IReadOnlyDictionary<string, string> Headers);

public sealed record WebhookLogEntry(
    long Id, Guid WebhookId, long? DeliveryId, string EventAlias, string Url, int RetryCount, DateTimeOffset Date,
    int? StatusCode, bool ExceptionOccurred, string? Error, int DurationMilliseconds,
    string RequestHeaders, string RequestBody, string? ResponseHeaders);

public sealed record WebhookDeliveryState(
    long Id, Guid WebhookId, string EventAlias, Guid? EntityKey, string Status, int RetryCount,
    DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>Registrations, their queue and their log, in PostgreSQL.</summary>
public sealed class WebhookStore(PortalDatabase database, WebhookSecrets secrets)
{
    private const string Columns = "id, name, description, url, enabled, events, content_types, headers::text, created_at, updated_at";

    public async Task<(long Total, IReadOnlyList<Webhook> Items)> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        long total;
        await using (var count = new NpgsqlCommand("select count(*) from webhook", connection))
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var command = new NpgsqlCommand($"select {Columns} from webhook order by created_at, id offset @skip limit @take", connection);
        command.Parameters.AddWithValue("skip", skip);
        command.Parameters.AddWithValue("take", take);
        return (total, await ReadWebhooksAsync(command, cancellationToken));
    }

    public async Task<Webhook?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select {Columns} from webhook where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <returns>The webhook and its secret, which is shown this once.</returns>
    public async Task<(Webhook Webhook, string Secret)?> CreateAsync(Guid id, WebhookDraft draft, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            insert into webhook (id, name, description, url, enabled, events, content_types, headers, secret)
            values (@id, @name, @description, @url, @enabled, @events, @types, @headers::jsonb, @secret)
            on conflict (id) do nothing
            returning {Columns}
            """, connection);
        command.Parameters.AddWithValue("id", id);
        AddDraft(command, draft);
        command.Parameters.AddWithValue("secret", secrets.Protect(secret));
        var created = (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
        return created is null ? null : (created, secret);
    }

    public async Task<Webhook?> UpdateAsync(Guid id, WebhookDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            update webhook set name = @name, description = @description, url = @url, enabled = @enabled, events = @events,
                   content_types = @types, headers = @headers::jsonb, updated_at = now()
            where id = @id
            returning {Columns}
            """, connection);
        command.Parameters.AddWithValue("id", id);
        AddDraft(command, draft);
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<string?> RotateSecretAsync(Guid id, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("update webhook set secret = @secret, updated_at = now() where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("secret", secrets.Protect(secret));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? secret : null;
    }

    /// <summary>Encrypts the secrets of webhooks registered before secrets were encrypted; returns how many.</summary>
    public async Task<int> ProtectPlainSecretsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var plain = new List<(Guid Id, string Secret)>();
        await using (var select = new NpgsqlCommand("select id, secret from webhook where secret not like 'dp1:%'", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                plain.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        foreach (var (id, secret) in plain)
        {
            await using var update = new NpgsqlCommand("update webhook set secret = @protected where id = @id and secret = @plain", connection);
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("plain", secret);
            update.Parameters.AddWithValue("protected", secrets.Protect(secret));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return plain.Count;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("delete from webhook where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(long Total, IReadOnlyList<WebhookLogEntry> Items)> LogsAsync(Guid? webhookId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var where = webhookId is null ? "" : "where webhook_id = @webhook";
        long total;
        await using (var count = new NpgsqlCommand($"select count(*) from webhook_log {where}", connection))
        {
            if (webhookId is not null)
                count.Parameters.AddWithValue("webhook", webhookId.Value);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = new NpgsqlCommand($"""
            select id, webhook_id, delivery_id, event, url, retry_count, at, status_code, exception_occurred, error, duration_ms,
                   request_headers, request_body, response_headers
            from webhook_log {where} order by id desc offset @skip limit @take
            """, connection);
        if (webhookId is not null)
            command.Parameters.AddWithValue("webhook", webhookId.Value);
        command.Parameters.AddWithValue("skip", skip);
        command.Parameters.AddWithValue("take", take);
        var entries = new List<WebhookLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new WebhookLogEntry(
                reader.GetInt64(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetBoolean(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetInt32(10),
                WebhookHeaders.Redact(reader.GetString(11)), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13)));
        }
        return (total, entries);
    }

    public async Task<IReadOnlyList<WebhookDeliveryState>> DeliveriesAsync(Guid webhookId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select id, webhook_id, event, entity_key, status, retry_count, next_attempt_at, created_at, completed_at
            from webhook_delivery where webhook_id = @webhook order by id desc limit @take
            """, connection);
        command.Parameters.AddWithValue("webhook", webhookId);
        command.Parameters.AddWithValue("take", take);
        var deliveries = new List<WebhookDeliveryState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDeliveryState(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return deliveries;
    }

    private static void AddDraft(NpgsqlCommand command, WebhookDraft draft)
    {
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)draft.Name ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("description", NpgsqlDbType.Text) { Value = (object?)draft.Description ?? DBNull.Value });
        command.Parameters.AddWithValue("url", draft.Url);
        command.Parameters.AddWithValue("enabled", draft.Enabled);
        command.Parameters.AddWithValue("events", draft.Events.ToArray());
        command.Parameters.AddWithValue("types", draft.ContentTypes.ToArray());
        command.Parameters.AddWithValue("headers", JsonSerializer.Serialize(draft.Headers));
    }

    private static async Task<IReadOnlyList<Webhook>> ReadWebhooksAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var webhooks = new List<Webhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(new Webhook(
                reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetBoolean(4), reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7)) ?? [],
                reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return webhooks;
    }
}

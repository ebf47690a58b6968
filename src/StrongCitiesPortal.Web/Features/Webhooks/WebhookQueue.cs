using System.Text.Json;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// Writes deliveries into the outbox in the change's own transaction, so they exist exactly
/// when the change they report commits, and wakes the workers (NOTIFY is delivered only on commit).
/// This is all a publish pays for its webhooks: one insert.
/// </summary>
public static class WebhookQueue
{
    public const string Channel = "portal_webhooks";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <param name="entityType">The document or media type, for registrations limited to some types.</param>
    /// <returns>How many deliveries were queued (one per matching, enabled registration).</returns>
    public static async Task<int> EnqueueAsync(ChangeDatabase change, string eventAlias, Guid entityKey, string entityType, object payload,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var insert = change.Command("""
            insert into webhook_delivery (webhook_id, event, entity_key, payload)
            select id, @event, @key, @payload from webhook
            where enabled and @event = any(events) and (cardinality(content_types) = 0 or @type = any(content_types))
            """);
        insert.Parameters.AddWithValue("event", eventAlias);
        insert.Parameters.AddWithValue("key", entityKey);
        insert.Parameters.AddWithValue("type", entityType);
        insert.Parameters.AddWithValue("payload", JsonSerializer.Serialize(payload, PayloadJson));
        var queued = await insert.ExecuteNonQueryAsync(cancellationToken);
        if (queued > 0)
        {
            await using var notify = change.Command($"select pg_notify('{Channel}', '')");
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        return queued;
    }
}

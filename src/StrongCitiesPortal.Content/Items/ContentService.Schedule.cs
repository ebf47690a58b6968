using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;

namespace StrongCitiesPortal.Content.Items;

public sealed partial class ContentService
{
    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, string user, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, null, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, ChangeContext change, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, null, change, cancellationToken);

    /// <summary>
    /// Sets a culture's publish and unpublish dates. The scheduled publish publishes <paramref name="version"/>
    /// (the latest when null): the version the publisher chose, never one saved after it.
    /// </summary>
    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, string user, CancellationToken cancellationToken = default) =>
        ScheduleAsync(key, culture, publishAt, unpublishAt, version, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            if (!types.Get(item.ContentType).VariesByCulture)
                culture = DefaultCulture;
            if (!item.Publishing.ContainsKey(culture))
                return ContentResult.Invalid($"The item has no '{culture}' version.");
            if (publishAt is not null && unpublishAt is not null && unpublishAt <= publishAt)
                return ContentResult.Invalid("The unpublish date must come after the publish date.");
            var publishVersion = publishAt is null ? (int?)null : version ?? item.Version;
            if (publishVersion is < 1 || publishVersion > item.Version)
                return ContentResult.Invalid($"The item has no version {publishVersion} to schedule.");
            await using var update = scope.Command("update cms_culture set publish_at = @publish, publish_version = @publishVersion, unpublish_at = @unpublish where node_id = @id and culture = @culture");
            update.Parameters.Add(new NpgsqlParameter("publishVersion", NpgsqlDbType.Integer) { Value = (object?)publishVersion ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("publish", NpgsqlDbType.TimestampTz) { Value = (object?)publishAt ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("unpublish", NpgsqlDbType.TimestampTz) { Value = (object?)unpublishAt ?? DBNull.Value });
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, key, "schedule", culture, null, null,
                $"publish at {publishAt?.ToString("O") ?? "-"}{(publishVersion is { } v ? $" (version {v})" : "")}, unpublish at {unpublishAt?.ToString("O") ?? "-"}", cancellationToken);
            return ContentResult.Ok((await LoadAsync(scope.Connection, scope.Transaction, key, false, cancellationToken))!);
        }, cancellationToken);

    /// <summary>Carries out every publish and unpublish date that is due. Returns how many were carried out.</summary>
    public async Task<int> RunScheduleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var due = new List<(Guid Key, string Culture, bool Publish)>();
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("""
            select n.key, c.culture, c.publish_at is not null and c.publish_at <= @now
            from cms_culture c join cms_node n on n.id = c.node_id
            where (c.publish_at <= @now) or (c.unpublish_at <= @now)
            order by coalesce(c.publish_at, c.unpublish_at)
            """, connection))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add((reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        var done = 0;
        foreach (var (key, culture, publish) in due)
        {
            if (publish)
            {
                ContentResult? result;
                try
                {
                    result = await PublishScheduledAsync(key, culture, now, cancellationToken);
                }
                catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Kept for the next run: a failed attempt never drops the date.
                    logger.LogWarning(ex, "Scheduled publish of {Key} ({Culture}) could not run now; it is tried again next time.", key, culture);
                    result = null;
                }
                if (result is { Succeeded: true })
                    done++;
                else if (result is { Outcome: ContentOutcome.Invalid })
                {
                    logger.LogWarning("Scheduled publish of {Key} ({Culture}) failed: {Errors}", key, culture, string.Join("; ", result.Errors));
                    await ClearScheduleAsync(key, culture, "publish_at", string.Join("; ", result.Errors), cancellationToken);
                }
            }
            var item = await GetAsync(key, cancellationToken);
            if (item?.Publishing.GetValueOrDefault(culture)?.UnpublishAt is { } unpublishAt && unpublishAt <= now)
            {
                await UnpublishAsync(key, [culture], Scheduler, cancellationToken);
                await ClearScheduleAsync(key, culture, "unpublish_at", null, cancellationToken);
                done++;
            }
        }
        return done;
    }

    /// <summary>
    /// Publishes the version chosen when the date was set, if the date is still due once the item is locked
    /// (it may have been changed or carried out meanwhile); null when there was nothing to do.
    /// </summary>
    private async Task<ContentResult?> PublishScheduledAsync(Guid key, string culture, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ContentResult? outcome = null;
        var result = await InTransactionAsync(Scheduler, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item?.Publishing.GetValueOrDefault(culture) is not { PublishAt: { } at } state || at > now)
                return ContentResult.Ok(item!);
            outcome = await PublishInScopeAsync(scope, item, [culture], cancellationToken, state.PublishVersion ?? item.Version);
            return outcome;
        }, cancellationToken);
        return outcome is null ? null : result;
    }

    private Task ClearScheduleAsync(Guid key, string culture, string column, string? failure, CancellationToken cancellationToken) =>
        InTransactionAsync(Scheduler, async scope =>
        {
            await using var clear = scope.Command($"update cms_culture c set {column} = null from cms_node n where n.id = c.node_id and n.key = @key and c.culture = @culture");
            clear.Parameters.AddWithValue("key", key);
            clear.Parameters.AddWithValue("culture", culture);
            await clear.ExecuteNonQueryAsync(cancellationToken);
            if (failure is not null)
                await AuditAsync(scope, key, "schedule-failed", culture, null, null, failure, cancellationToken);
            return ContentResult.Ok(null!);
        }, cancellationToken);

    /// <summary>Who carries out scheduled dates.</summary>
    private static readonly ChangeContext Scheduler = ChangeContext.For("scheduler");
}

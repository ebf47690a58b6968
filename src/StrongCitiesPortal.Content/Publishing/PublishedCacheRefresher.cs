using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Content.Notifications;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Keeps the published cache current: this instance refreshes after its own commits, and tells the
/// other instances through PostgreSQL NOTIFY (delivered only if the transaction commits).
/// </summary>
public sealed class PublishedCacheRefresher(PublishedContentCache cache) :
    IContentNotificationHandler<ContentPublishedNotification>,
    IContentNotificationHandler<ContentUnpublishedNotification>,
    IContentNotificationHandler<ContentMovedNotification>,
    IContentNotificationHandler<ContentDeletedNotification>
{
    public const string Channel = "portal_content_changed";

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommitAsync(notification.Scope, [notification.Item.Key], cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommitAsync(notification.Scope, [notification.Item.Key], cancellationToken);

    public Task HandleAsync(ContentMovedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommitAsync(notification.Scope, notification.Subtree, cancellationToken);

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) =>
        RefreshAfterCommitAsync(notification.Scope, notification.Items.Select(i => i.Key).ToList(), cancellationToken);

    private async Task RefreshAfterCommitAsync(ContentScope scope, IReadOnlyList<Guid> keys, CancellationToken cancellationToken)
    {
        if (scope.InBatch)
        {
            // A bulk import tells the other instances once for the batch (a key of a change rolled back since only costs them a re-read).
            foreach (var key in keys)
                scope.Defer<Guid>(Channel, key, (all, ct) => NotifyAsync(scope, all, ct));
        }
        else
        {
            await NotifyAsync(scope, keys, cancellationToken);
        }
        // A cache this process never loaded (a command-line import) has nothing to keep current.
        if (cache.IsLoaded)
            scope.AfterCommit(ct => cache.RefreshAsync(keys, ct));
    }

    private static async Task NotifyAsync(ContentScope scope, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        // A NOTIFY payload is limited to 8000 bytes: send keys in slices.
        foreach (var slice in keys.Chunk(200))
        {
            await using var notify = scope.Command("select pg_notify(@channel, @payload)");
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", string.Join(',', slice));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Listens for other instances' changes and refreshes this instance's cache.</summary>
public sealed class PublishedCacheListener(PortalDatabase database, PublishedContentCache cache, ILogger<PublishedCacheListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new List<Guid>();
        return database.DataSource.ListenAsync(PublishedCacheRefresher.Channel, "the content change listener", logger,
            received: payload =>
            {
                foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Guid.TryParse(part, out var key))
                        pending.Add(key);
                }
            },
            // Changes made while the connection was lost were not heard: the whole cache is read again.
            listening: (reconnected, ct) => reconnected ? cache.LoadAllAsync(ct) : Task.CompletedTask,
            woken: async ct =>
            {
                if (pending.Count == 0)
                    return;
                var keys = pending.Distinct().ToList();
                pending.Clear();
                await cache.RefreshAsync(keys, ct);
            },
            stoppingToken: stoppingToken);
    }
}

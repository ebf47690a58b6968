using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Notifications;

/// <summary>
/// The unit of work a change runs in. Handlers that write to the database use its connection and
/// transaction, so their writes commit or roll back with the change; anything outside the database
/// (caches, queues in memory) goes in <see cref="AfterCommit"/>.
/// </summary>
public sealed class ContentScope(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];

    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;
    public string UserName { get; init; } = "system";

    public void AfterCommit(Func<CancellationToken, Task> action) => _afterCommit.Add(action);

    internal IReadOnlyList<Func<CancellationToken, Task>> CommittedActions => _afterCommit;

    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}

public interface IContentNotification
{
    ContentScope Scope { get; }
}

/// <summary>An item was saved as a new version.</summary>
public sealed record ContentSavedNotification(ContentScope Scope, ContentItem Item, bool IsNew) : IContentNotification;

/// <summary>Cultures of an item went live (the item carries the version that is now published).</summary>
public sealed record ContentPublishedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification;

/// <summary>Cultures of an item were taken down.</summary>
public sealed record ContentUnpublishedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification;

/// <summary>An item moved: its route, and its descendants' routes, may have changed.</summary>
public sealed record ContentMovedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<Guid> Subtree) : IContentNotification;

/// <summary>An item and its descendants were deleted for good.</summary>
public sealed record ContentDeletedNotification(ContentScope Scope, IReadOnlyList<DeletedContent> Items) : IContentNotification;

public sealed record DeletedContent(Guid Key, string ContentType);

public interface IContentNotificationHandler<in TNotification>
    where TNotification : IContentNotification
{
    Task HandleAsync(TNotification notification, CancellationToken cancellationToken);
}

/// <summary>Hands notifications to every registered handler, in registration order, inside the change's transaction.</summary>
public sealed class ContentNotificationPublisher(IServiceProvider services)
{
    public async Task PublishAsync<TNotification>(TNotification notification, CancellationToken cancellationToken)
        where TNotification : IContentNotification
    {
        foreach (var handler in services.GetServices<IContentNotificationHandler<TNotification>>())
            await handler.HandleAsync(notification, cancellationToken);
    }
}

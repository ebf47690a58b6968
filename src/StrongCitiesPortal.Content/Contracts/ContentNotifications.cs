using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Contracts;

public interface IContentNotification
{
    /// <summary>
    /// The change's unit of work: its context, and work for the commit. A handler that writes its own tables in the
    /// change's transaction opts in through the storage side (<c>Scope.Database()</c>, in <c>StrongCitiesPortal.Content.Persistence</c>).
    /// </summary>
    IChangeScope Scope { get; }

    /// <summary>Who made the change, its batch, and the state its caller handed to the handlers (the scope's context).</summary>
    ChangeContext Context { get; }
}

/// <summary>An item was saved as a new version.</summary>
public sealed record ContentSavedNotification(IChangeScope Scope, ContentItem Item, bool IsNew) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>
/// Cultures of an item went live. <see cref="PublishedVersion"/> is the version that is now published; the
/// item is the latest version, which may be newer (a publish publishes the version the publisher chose).
/// </summary>
public sealed record ContentPublishedNotification(IChangeScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification
{
    public int PublishedVersion { get; init; } = Item.Version;

    public ChangeContext Context => Scope.Context;
}

/// <summary>Cultures of an item were taken down.</summary>
public sealed record ContentUnpublishedNotification(IChangeScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>An item moved: its route, and its descendants' routes, may have changed.</summary>
public sealed record ContentMovedNotification(IChangeScope Scope, ContentItem Item, IReadOnlyList<Guid> Subtree) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>An item and its descendants were deleted for good.</summary>
public sealed record ContentDeletedNotification(IChangeScope Scope, IReadOnlyList<DeletedContent> Items) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

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

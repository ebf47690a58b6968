using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Notifications;

/// <summary>
/// The unit of work one change runs in. Handlers that write to the database use its connection and
/// transaction, so their writes commit or roll back with the change; anything outside the database
/// (caches, queues in memory) goes in <see cref="AfterCommit"/>. In a batch, each change has its own scope
/// (its own <see cref="Context"/>) on the batch's shared transaction.
/// </summary>
public sealed class ContentScope
{
    private readonly ContentTransaction _transaction;

    internal ContentScope(ContentTransaction transaction, ChangeContext context)
    {
        _transaction = transaction;
        Context = context;
    }

    internal ContentTransaction Unit => _transaction;

    public NpgsqlConnection Connection => _transaction.Connection;
    public NpgsqlTransaction Transaction => _transaction.Transaction;

    /// <summary>Who makes the change and what the caller handed to the handlers.</summary>
    public ChangeContext Context { get; }

    public string UserName => Context.User;

    /// <summary>
    /// The transaction holds several changes (<see cref="Items.ContentService.InBatchAsync"/>, used by bulk
    /// imports): work that can be done once for all of them may be <see cref="Defer{T}"/>red to just before the commit.
    /// </summary>
    public bool InBatch => _transaction.IsBatch;

    public void AfterCommit(Func<CancellationToken, Task> action) => _transaction.AfterCommit(action);

    /// <summary>
    /// Gathers <paramref name="item"/> under <paramref name="name"/>; just before the transaction commits,
    /// <paramref name="flush"/> runs once, inside it, with everything gathered under that name. An item of a
    /// change that was rolled back since stays gathered, so the flush must work from what the database holds then.
    /// </summary>
    public void Defer<T>(string name, T item, Func<IReadOnlyCollection<T>, CancellationToken, Task> flush) => _transaction.Defer(name, item, flush);

    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}

/// <summary>The database transaction of one change, or of a batch of them, with the work its handlers left for the commit.</summary>
internal sealed class ContentTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, bool isBatch)
{
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];
    private readonly Dictionary<string, DeferredWork> _beforeCommit = new(StringComparer.Ordinal);

    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;
    public bool IsBatch { get; } = isBatch;

    public void AfterCommit(Func<CancellationToken, Task> action) => _afterCommit.Add(action);

    public void Defer<T>(string name, T item, Func<IReadOnlyCollection<T>, CancellationToken, Task> flush)
    {
        if (!_beforeCommit.TryGetValue(name, out var work))
            _beforeCommit[name] = work = new DeferredWork<T>(flush);
        ((DeferredWork<T>)work).Items.Add(item);
    }

    public IReadOnlyList<Func<CancellationToken, Task>> CommittedActions => _afterCommit;

    public async Task BeforeCommitAsync(CancellationToken cancellationToken)
    {
        foreach (var work in _beforeCommit.Values)
            await work.RunAsync(cancellationToken);
        _beforeCommit.Clear();
    }

    /// <summary>How many after-commit actions there are, to forget those of a change rolled back to its savepoint.</summary>
    public int AfterCommitMark => _afterCommit.Count;

    public void ForgetAfterCommitSince(int mark) => _afterCommit.RemoveRange(mark, _afterCommit.Count - mark);

    private abstract class DeferredWork
    {
        public abstract Task RunAsync(CancellationToken cancellationToken);
    }

    private sealed class DeferredWork<T>(Func<IReadOnlyCollection<T>, CancellationToken, Task> flush) : DeferredWork
    {
        public HashSet<T> Items { get; } = [];

        public override Task RunAsync(CancellationToken cancellationToken) => flush(Items, cancellationToken);
    }
}

public interface IContentNotification
{
    ContentScope Scope { get; }

    /// <summary>Who made the change, its batch, and the state its caller handed to the handlers (the scope's context).</summary>
    ChangeContext Context { get; }
}

/// <summary>An item was saved as a new version.</summary>
public sealed record ContentSavedNotification(ContentScope Scope, ContentItem Item, bool IsNew) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>
/// Cultures of an item went live. <see cref="PublishedVersion"/> is the version that is now published; the
/// item is the latest version, which may be newer (a publish publishes the version the publisher chose).
/// </summary>
public sealed record ContentPublishedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification
{
    public int PublishedVersion { get; init; } = Item.Version;

    public ChangeContext Context => Scope.Context;
}

/// <summary>Cultures of an item were taken down.</summary>
public sealed record ContentUnpublishedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<string> Cultures) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>An item moved: its route, and its descendants' routes, may have changed.</summary>
public sealed record ContentMovedNotification(ContentScope Scope, ContentItem Item, IReadOnlyList<Guid> Subtree) : IContentNotification
{
    public ChangeContext Context => Scope.Context;
}

/// <summary>An item and its descendants were deleted for good.</summary>
public sealed record ContentDeletedNotification(ContentScope Scope, IReadOnlyList<DeletedContent> Items) : IContentNotification
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

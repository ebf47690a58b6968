namespace StrongCitiesPortal.Content.Contracts;

/// <summary>
/// The unit of work one change runs in, as its notifications' handlers see it (Umbraco's core scope): who makes the
/// change, and work for its commit. Anything outside the database (caches, queues in memory) goes in
/// <see cref="AfterCommit"/>. In a batch, each change has its own scope (its own <see cref="Context"/>) on the batch's
/// shared transaction. A handler that writes its own tables inside the change's transaction, so they commit or roll
/// back with it, asks the engine's storage side for it explicitly (<c>scope.Database()</c>); the contracts name no database.
/// </summary>
public interface IChangeScope
{
    /// <summary>Who makes the change and what the caller handed to the handlers.</summary>
    ChangeContext Context { get; }

    /// <summary>Who makes the change (the context's user).</summary>
    string UserName { get; }

    /// <summary>
    /// The transaction holds several changes (<see cref="IContentService.InBatchAsync"/>, used by bulk imports): work
    /// that can be done once for all of them may be <see cref="Defer{T}"/>red to just before the commit.
    /// </summary>
    bool InBatch { get; }

    /// <summary>Runs <paramref name="action"/> once the change has committed (never if it rolls back); a failure is logged, the change stays.</summary>
    void AfterCommit(Func<CancellationToken, Task> action);

    /// <summary>
    /// Gathers <paramref name="item"/> under <paramref name="name"/>; just before the transaction commits,
    /// <paramref name="flush"/> runs once, inside it, with everything gathered under that name. An item of a
    /// change that was rolled back since stays gathered, so the flush must work from what the database holds then.
    /// </summary>
    void Defer<T>(string name, T item, Func<IReadOnlyCollection<T>, CancellationToken, Task> flush);
}

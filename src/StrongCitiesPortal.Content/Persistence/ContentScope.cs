using Npgsql;
using StrongCitiesPortal.Content.Contracts;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// The engine's scope of one change: the <see cref="IChangeScope"/> its handlers see, on the PostgreSQL transaction
/// the change runs in. Only the storage side sees the connection; handlers reach it through
/// <see cref="ChangeScopeDatabase.Database"/>.
/// </summary>
internal sealed class ContentScope : IChangeScope
{
    internal ContentScope(ContentTransaction transaction, ChangeContext context)
    {
        Unit = transaction;
        Context = context;
        Database = new ChangeDatabase(transaction.Connection, transaction.Transaction);
    }

    public ContentTransaction Unit { get; }

    public ChangeDatabase Database { get; }

    public NpgsqlConnection Connection => Unit.Connection;
    public NpgsqlTransaction Transaction => Unit.Transaction;

    public ChangeContext Context { get; }

    public string UserName => Context.User;

    public bool InBatch => Unit.IsBatch;

    public void AfterCommit(Func<CancellationToken, Task> action) => Unit.AfterCommit(action);

    public void Defer<T>(string name, T item, Func<IReadOnlyCollection<T>, CancellationToken, Task> flush) => Unit.Defer(name, item, flush);

    public NpgsqlCommand Command(string sql) => Database.Command(sql);
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

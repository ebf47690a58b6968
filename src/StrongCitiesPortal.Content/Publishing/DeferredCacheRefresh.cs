namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Collects the keys whose cache refresh was asked for while it is open (see
/// <see cref="PublishedContentCache.DeferRefresh"/>) and refreshes them all at once on
/// <see cref="FlushAsync"/> or when disposed.
/// </summary>
public sealed class DeferredCacheRefresh : IAsyncDisposable
{
    private readonly PublishedContentCache _cache;
    private readonly HashSet<Guid> _pending = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    internal DeferredCacheRefresh(PublishedContentCache cache, DeferredCacheRefresh? outer)
    {
        _cache = cache;
        Outer = outer;
    }

    internal DeferredCacheRefresh? Outer { get; }

    internal bool IsOpen => !_disposed;

    /// <summary>How many items wait for a refresh.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
                return _pending.Count;
        }
    }

    internal void Add(IEnumerable<Guid> keys)
    {
        lock (_gate)
            _pending.UnionWith(keys);
    }

    /// <summary>Refreshes everything collected so far in one go; the scope stays open.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Guid[] keys;
        lock (_gate)
        {
            keys = [.. _pending];
            _pending.Clear();
        }
        await _cache.RefreshNowAsync(keys, cancellationToken);
    }

    // Not async: ending the deferral must change the caller's execution context, which an async method would not.
    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        _cache.EndDeferral(this);
        return new ValueTask(FlushAsync(CancellationToken.None));
    }
}

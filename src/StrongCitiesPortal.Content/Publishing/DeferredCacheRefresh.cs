namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Collects the keys whose cache refresh was asked for, while it is open, by the changes whose context carries it
/// (see <see cref="PublishedContentCache.DeferRefresh"/>) and refreshes them all at once on <see cref="FlushAsync"/>
/// or when disposed.
/// </summary>
public sealed class DeferredCacheRefresh : IAsyncDisposable
{
    private readonly PublishedContentCache _cache;
    private readonly HashSet<Guid> _pending = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    internal DeferredCacheRefresh(PublishedContentCache cache) => _cache = cache;

    /// <summary>Collects the keys if it is open and defers <paramref name="cache"/>'s refreshes; false when the caller must refresh them itself.</summary>
    internal bool TryAdd(PublishedContentCache cache, IEnumerable<Guid> keys)
    {
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(cache, _cache))
                return false;
            _pending.UnionWith(keys);
            return true;
        }
    }

    /// <summary>How many items wait for a refresh.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
                return _pending.Count;
        }
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

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await FlushAsync(CancellationToken.None);
    }
}

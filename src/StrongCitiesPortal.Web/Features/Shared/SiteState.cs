using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// Which state of the site a public page or listing was computed from: the published cache's generation, the search
/// index's generation folder and change number, the media library's changes seen and the day. Every part only grows
/// (or, for the folder, changes) when what pages show may have changed, so an answer remembered under one state is
/// never given once the state has moved on.
/// </summary>
public readonly record struct SiteState(long Content, string? IndexFolder, long IndexSequence, long Media, DateOnly Day);

/// <summary>Reads the current <see cref="SiteState"/>; told of media changes by <see cref="PublicPageCacheEviction"/>.</summary>
public sealed class SiteStates(PublishedContentCache cache, ISearchIndex index, ContentChangeFeed feed, TimeProvider clock)
{
    private long _media;

    /// <summary>Read before computing anything from the site: data read afterwards is at least this new.</summary>
    public SiteState Current => new(cache.Generation, index.Generation, index.Sequence, Interlocked.Read(ref _media), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// Whether remembered answers may be used: the index is open and has applied this instance's own commits (an
    /// editor's publish is searched for, and waited for, by the search itself until then).
    /// </summary>
    public bool Settled => index.IsOpen && index.Sequence >= feed.LastCommittedHere;

    /// <summary>Whether there is a search index to ask (there is none while the first one is built).</summary>
    public bool IndexOpen => index.IsOpen;

    public void MediaChanged() => Interlocked.Increment(ref _media);
}

/// <summary>
/// A bounded least-recently-used map of answers computed from one <see cref="SiteState"/>. When the state moves on
/// the map is emptied on its next use, and an answer computed from an older state is never stored.
/// </summary>
public sealed class StateMemo<TValue>(int capacity, Func<SiteState> current) where TValue : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value)> _recency = new();
    private readonly int _capacity = Math.Max(1, capacity);
    private SiteState _state;

    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>The answer remembered for the key under <paramref name="state"/> (read by the caller before it asks).</summary>
    public bool TryGet(SiteState state, string key, out TValue value)
    {
        lock (_gate)
        {
            if (_state == state && _entries.TryGetValue(key, out var node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }
                value = node.Value.Value;
                return true;
            }
        }
        value = null!;
        return false;
    }

    /// <summary>Remembers an answer computed from <paramref name="state"/>, unless the site has moved on since.</summary>
    public void Set(SiteState state, string key, TValue value)
    {
        if (state != current())
            return;
        lock (_gate)
        {
            if (_state != state)
            {
                _entries.Clear();
                _recency.Clear();
                _state = state;
            }
            if (_entries.TryGetValue(key, out var existing))
                _recency.Remove(existing);
            _entries[key] = _recency.AddFirst((key, value));
            while (_entries.Count > _capacity)
            {
                _entries.Remove(_recency.Last!.Value.Key);
                _recency.RemoveLast();
            }
        }
    }
}

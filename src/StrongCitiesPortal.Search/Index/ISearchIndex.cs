using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// This instance's search index, in the portal's own terms: what the services ask of it (searches, similar items,
/// the Delivery API's content queries, facet values) and what the change feed and a rebuild write to it (documents
/// by item, the last change applied). Lucene on local disk is the one engine (<see cref="LuceneSearchIndex"/>); a
/// hosted engine for a very large network would implement this, with PostgreSQL still the truth.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Whether there is an index to search (possibly still catching up).</summary>
    bool IsOpen { get; }

    /// <summary>The last change-feed number this index has applied (and searches see); -1 before it is open.</summary>
    long Sequence { get; }

    /// <summary>Whether the open index was built with today's settings; when not, a rebuild is due.</summary>
    bool IsCurrentSchema { get; }

    /// <summary>Names the copy searches use now: it changes when a rebuild is swapped in (answers remembered from the old one are stale).</summary>
    string? Generation { get; }

    /// <summary>How many documents (items times cultures) a search sees now.</summary>
    int Documents { get; }

    /// <summary>Opens what this instance kept. Returns why it could not, or why it must be rebuilt, or null when it is open and current.</summary>
    string? Open();

    /// <summary>Waits (bounded) until the index has applied <paramref name="sequence"/>: an editor sees their own publish at once.</summary>
    Task<bool> WaitForAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>One page of hits with the total, facet counts and snippets; null while there is no index to ask.</summary>
    IndexSearchResult? Search(IndexSearch search);

    /// <summary>Items like this one (the words that set it apart), within <paramref name="scope"/>; null while there is no index to ask.</summary>
    IndexSearchResult? Similar(Guid key, string culture, IndexSearch scope);

    /// <summary>A Delivery API content query: a page of keys and the total; null while there is no index to ask.</summary>
    DeliveryQueryResult? Deliver(DeliveryQuery query);

    /// <summary>The keys of a facet's values that some document carries.</summary>
    IReadOnlyList<string> FacetKeys(string facet);

    /// <summary>Whether some document carries this key of the facet.</summary>
    bool HasFacetKey(string facet, string key);

    /// <summary>Runs <paramref name="work"/> on the documents searches use, one writer at a time (null while there is no index).</summary>
    Task<T> UpdateAsync<T>(Func<IIndexDocuments?, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Writes to disk what was applied but not yet written (the feed went quiet).</summary>
    void Flush();

    /// <summary>A new, empty copy to fill from PostgreSQL beside the one that answers.</summary>
    IIndexRebuild StartRebuild();

    /// <summary>With the writer held: lets <paramref name="catchUp"/> apply what committed since the rebuild read, then makes it the copy searches use.</summary>
    Task<int> SwapInAsync(IIndexRebuild rebuild, Func<IIndexDocuments, Task<int>> catchUp, CancellationToken cancellationToken);

    /// <summary>When another process (the <c>reindex</c> command) has rebuilt this instance's index, takes it over, caught up the same way.</summary>
    Task AdoptRebuiltAsync(Func<IIndexDocuments, Task<int>> catchUp, CancellationToken cancellationToken);
}

/// <summary>The documents of one copy of the index, as the change feed writes them.</summary>
public interface IIndexDocuments
{
    /// <summary>The last change-feed number applied to this copy.</summary>
    long Sequence { get; }

    /// <summary>What the copy holds of these items: the cultures they are in and what items picking them copy.</summary>
    IReadOnlyDictionary<Guid, IndexedItem> Find(IReadOnlyCollection<Guid> keys);

    /// <summary>Items whose documents show a name or value of one of these (they pick them).</summary>
    IReadOnlySet<Guid> Picking(IReadOnlyCollection<Guid> keys);

    /// <summary>Replaces an item's documents (none: it is gone from search).</summary>
    void Replace(Guid key, IEnumerable<IndexDocument> documents);

    /// <summary>The changes up to <paramref name="sequence"/> are written: searches of this copy see them now; the number is kept with them.</summary>
    void Applied(long sequence);
}

/// <summary>A copy being built from PostgreSQL: filled by several threads at once, then swapped in or discarded.</summary>
public interface IIndexRebuild : IIndexDocuments, IDisposable
{
    /// <summary>Sets the change-feed number the content being added was read at.</summary>
    void Start(long sequence);

    /// <summary>Adds one document (safe from several threads).</summary>
    void Add(IndexDocument document);

    /// <summary>Makes what was added durable.</summary>
    void Commit();
}

/// <summary>What a copy holds of one item.</summary>
public sealed record IndexedItem(IReadOnlyList<string> Cultures, string Source);

/// <summary>A search as the index runs it: the parsed words, the culture's view, facet choices as keys, the page and sort.</summary>
public sealed record IndexSearch
{
    public ParsedQuery Query { get; init; } = new([], []);
    public required string Culture { get; init; }

    /// <summary>Facet name to the keys chosen in it: any of a facet's keys, and every facet.</summary>
    public IReadOnlyList<(string Facet, IReadOnlyList<string> Keys)> Filters { get; init; } = [];

    /// <summary>Facet name to keys whose items are left out everywhere.</summary>
    public IReadOnlyList<(string Facet, string Key)> Without { get; init; } = [];

    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Skip { get; init; }
    public int Take { get; init; } = 10;
    public bool CountFacets { get; init; } = true;
    public Guid? Exclude { get; init; }
    public IReadOnlyCollection<string> ExcludeTypes { get; init; } = [];
    public IReadOnlyList<FacetAffinity> Affinity { get; init; } = [];
    public float AffinityFloor { get; init; } = 1;
}

/// <param name="Facets">Facet name to key to count, each facet counted as if its own choice were not applied.</param>
/// <param name="Notices">What the index changed in the query (a typo corrected, only function words).</param>
public sealed record IndexSearchResult(int Total, IReadOnlyList<IndexHit> Hits, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, IReadOnlyList<string> Notices);

/// <param name="Snippet">Safe HTML: the text encoded, <c>&lt;mark&gt;</c> the only markup.</param>
public sealed record IndexHit(Guid Key, string ContentType, string Culture, string Name, string Snippet, double Score, DateTimeOffset Updated);

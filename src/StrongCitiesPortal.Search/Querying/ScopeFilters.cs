using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// A search's scope (the culture's view and what is left out everywhere) as a filter whose documents are kept per
/// segment as a bit set, so every search tests a match's bit instead of stepping through the view's postings; and, for
/// a browse with one facet chosen, that facet's counts over the whole scope, kept per segment reader (its deletions
/// included), since they are the same for every such browse until the segment changes.
/// </summary>
internal sealed class ScopeFilters
{
    /// <summary>Scopes differ by culture and by the types and values left out: a handful in practice.</summary>
    private const int MaxScopes = 64;

    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<string, int[]>> _counts = new();

    /// <summary>The scope as a filter, cached by its text.</summary>
    public Filter For(Query scope, string key)
    {
        if (_filters.TryGetValue(key, out var filter))
            return filter;
        if (_filters.Count >= MaxScopes)
            _filters.Clear();
        return _filters.GetOrAdd(key, _ => new BitSetCachingFilter(new QueryWrapperFilter(scope)));
    }

    /// <summary>Counts of <paramref name="field"/> over every document of the scope, by value.</summary>
    public Dictionary<string, int> Counts(IndexReader reader, Filter scope, string key, string field)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var ordinals = FacetOrdinals.For(leaf.AtomicReader, field);
            var held = _counts.GetValue(leaf.AtomicReader, _ => new ConcurrentDictionary<string, int[]>(StringComparer.Ordinal));
            if (!held.TryGetValue(key + "\n" + field, out var segment))
            {
                segment = new int[ordinals.Keys.Length];
                var iterator = scope.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
                int doc;
                while (iterator is not null && (doc = iterator.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    ordinals.Count(doc, segment);
                if (held.Count < MaxScopes)
                    held[key + "\n" + field] = segment;
            }
            for (var ord = 0; ord < segment.Length; ord++)
            {
                if (segment[ord] != 0)
                    counts[ordinals.Keys[ord]] = counts.GetValueOrDefault(ordinals.Keys[ord]) + segment[ord];
            }
        }
        return counts;
    }

    /// <summary>Caches each segment's documents as a bit set, which a search tests per match, rather than Lucene's compressed set, which it must step through.</summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }
}

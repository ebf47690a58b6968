using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// One pass over the matches of the words (before any facet filter) that gives the page of hits, the total and
/// every facet's counts. A facet's own counts are taken as if its own choice were not applied (the other
/// facets' are), so a reader sees every value they could widen to: a match that fails no filter counts
/// everywhere and is a hit; one that fails exactly one facet's filter counts only in that facet.
/// </summary>
internal sealed class FacetingCollector : ICollector
{
    private readonly ICollector? _hits;
    private readonly string[] _facetFields;
    private readonly int[] _groupFacet;
    private readonly Filter[] _groups;
    private readonly Dictionary<string, int>[] _counts;
    private readonly IBits?[] _groupBits;
    private SortedSetDocValues?[] _values = [];
    private int[][] _segmentCounts = [];
    private ICollector? _leafHits;

    /// <param name="groupFacet">For each filter group, the index of its facet in <paramref name="facetFields"/>.</param>
    public FacetingCollector(ICollector? hits, IReadOnlyList<string> facetFields, IReadOnlyList<Filter> groups, IReadOnlyList<int> groupFacet, bool countFacets)
    {
        _hits = hits;
        _facetFields = countFacets ? [.. facetFields] : [];
        _groups = [.. groups];
        _groupFacet = [.. groupFacet];
        _groupBits = new IBits?[_groups.Length];
        _counts = _facetFields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    /// <summary>Matches that pass every filter.</summary>
    public int Total { get; private set; }

    public IReadOnlyDictionary<string, int> Counts(int facet) => _counts[facet];

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _hits?.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _hits?.SetNextReader(context);
        _leafHits = _hits;
        var reader = context.AtomicReader;
        for (var g = 0; g < _groups.Length; g++)
            _groupBits[g] = BitsOf(_groups[g].GetDocIdSet(context, reader.LiveDocs), reader.MaxDoc);
        _values = _facetFields.Select(f => (SortedSetDocValues?)reader.GetSortedSetDocValues(f)).ToArray();
        _segmentCounts = _values.Select(v => v is null ? [] : new int[v.ValueCount]).ToArray();
    }

    public void Collect(int doc)
    {
        var failedGroup = -1;
        for (var g = 0; g < _groupBits.Length; g++)
        {
            if (_groupBits[g] is { } bits && bits.Get(doc))
                continue;
            if (failedGroup >= 0)
                return;
            failedGroup = g;
        }
        if (failedGroup < 0)
        {
            Total++;
            _leafHits?.Collect(doc);
            for (var f = 0; f < _values.Length; f++)
                Count(f, doc);
        }
        else if (_values.Length > 0)
        {
            Count(_groupFacet[failedGroup], doc);
        }
    }

    private void Count(int facet, int doc)
    {
        if (_values[facet] is not { } values)
            return;
        values.SetDocument(doc);
        var counts = _segmentCounts[facet];
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            counts[ord]++;
    }

    /// <summary>Adds the last segment's counts to the totals by value.</summary>
    public void Flush()
    {
        for (var f = 0; f < _values.Length; f++)
        {
            if (_values[f] is not { } values)
                continue;
            var counts = _segmentCounts[f];
            var bytes = new BytesRef();
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                    continue;
                values.LookupOrd(ord, bytes);
                var key = bytes.Utf8ToString();
                _counts[f][key] = _counts[f].GetValueOrDefault(key) + counts[ord];
            }
            Array.Clear(counts);
        }
        _values = [];
    }

    private static IBits? BitsOf(DocIdSet? set, int maxDoc)
    {
        if (set is null)
            return null;
        if (set.Bits is { } bits)
            return bits;
        var iterator = set.GetIterator();
        if (iterator is null)
            return null;
        var fixedBits = new FixedBitSet(maxDoc);
        fixedBits.Or(iterator);
        return fixedBits;
    }
}

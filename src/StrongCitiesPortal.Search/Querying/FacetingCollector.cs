using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// One pass over the matches of the words (before any facet filter) that gives the page of hits, the total and
/// every facet's counts. A facet's own counts are taken as if its own choice were not applied (the other
/// facets' are), so a reader sees every value they could widen to: a match that fails no filter counts
/// everywhere and is a hit; one that fails exactly one facet's filter counts only in that facet.
/// The matches of a segment are kept as a list of documents and counted at its end one facet at a time, so each
/// facet's array (<see cref="FacetOrdinals"/>) is read front to back rather than nine arrays in turn per match.
/// </summary>
internal sealed class FacetingCollector : ICollector
{
    private readonly ICollector? _hits;
    private readonly string[] _facetFields;
    private readonly int[] _groupFacet;
    private readonly FacetGroups _groups;
    private readonly Dictionary<string, int>[] _counts;
    private IBits?[] _groupBits;
    private FacetOrdinals[] _values = [];
    private ICollector? _leafHits;

    /// <summary>This segment's matches that pass every filter, then those that fail only group g (index g + 1).</summary>
    private DocList[] _docs = [];

    /// <param name="groupFacet">For each filter group, the index of its facet in <paramref name="facetFields"/>.</param>
    public FacetingCollector(ICollector? hits, IReadOnlyList<string> facetFields, FacetGroups groups, IReadOnlyList<int> groupFacet, bool countFacets)
    {
        _hits = hits;
        _facetFields = countFacets ? [.. facetFields] : [];
        _groups = groups;
        _groupFacet = [.. groupFacet];
        _groupBits = [];
        _counts = _facetFields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        if (_facetFields.Length > 0)
            _docs = Enumerable.Range(0, _groupFacet.Length + 1).Select(_ => new DocList()).ToArray();
    }

    /// <summary>Matches that pass every filter.</summary>
    public int Total { get; private set; }

    public IReadOnlyDictionary<string, int> Counts(int facet) => _counts[facet];

    /// <summary>Sets a facet's counts worked out elsewhere (when the search visited only what passes its filter).</summary>
    public void Replace(int facet, Dictionary<string, int> counts)
    {
        if (facet < _counts.Length)
            _counts[facet] = counts;
    }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _hits?.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _hits?.SetNextReader(context);
        _leafHits = _hits;
        var reader = context.AtomicReader;
        _groupBits = _groups.For(context);
        _values = _facetFields.Select(f => FacetOrdinals.For(reader, f)).ToArray();
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
        }
        if (_docs.Length > 0)
            _docs[failedGroup + 1].Add(doc);
    }

    /// <summary>Counts the last segment's matches and adds its counts to the totals by value.</summary>
    public void Flush()
    {
        if (_values.Length > 0)
        {
            for (var f = 0; f < _values.Length; f++)
            {
                var counts = new int[_values[f].Keys.Length];
                if (counts.Length == 0)
                    continue;
                _values[f].CountAll(_docs[0].Docs, counts);
                for (var g = 0; g < _groupFacet.Length; g++)
                {
                    if (_groupFacet[g] == f)
                        _values[f].CountAll(_docs[g + 1].Docs, counts);
                }
                var keys = _values[f].Keys;
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] != 0)
                        _counts[f][keys[ord]] = _counts[f].GetValueOrDefault(keys[ord]) + counts[ord];
                }
            }
        }
        foreach (var list in _docs)
            list.Clear();
        _values = [];
    }

    /// <summary>A growing list of document numbers, kept from segment to segment.</summary>
    private sealed class DocList
    {
        private int[] _docs = new int[1024];
        private int _count;

        public ReadOnlySpan<int> Docs => _docs.AsSpan(0, _count);

        public void Add(int doc)
        {
            if (_count == _docs.Length)
                Array.Resize(ref _docs, _docs.Length * 2);
            _docs[_count++] = doc;
        }

        public void Clear() => _count = 0;
    }
}

/// <summary>
/// The facet choices as filters, one group per facet, with their documents per segment made once for the collector
/// and for the filter that narrows the search to what the collector can use.
/// </summary>
internal sealed class FacetGroups(IReadOnlyList<Filter> groups)
{
    private readonly Dictionary<AtomicReader, IBits?[]> _bySegment = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each group's documents in this segment (null: none).</summary>
    public IBits?[] For(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        if (!_bySegment.TryGetValue(reader, out var bits))
        {
            bits = groups.Select(g => BitsOf(g.GetDocIdSet(context, reader.LiveDocs), reader.MaxDoc)).ToArray();
            _bySegment[reader] = bits;
        }
        return bits;
    }

    /// <summary>
    /// The documents that fail at most one group (null when fewer than two groups): one failing two can be neither a
    /// hit nor counted anywhere, so it need not be scored at all (with three facets chosen, most matches are such).
    /// Made from the groups' bits the collector uses anyway.
    /// </summary>
    public Filter? Narrowing() => groups.Count < 2 ? null : new AtMostOneFailed(this);

    private sealed class AtMostOneFailed(FacetGroups groups) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
        {
            var maxDoc = context.AtomicReader.MaxDoc;
            var bits = groups.For(context).Select(b => AsFixed(b, maxDoc)).ToArray();
            var atMostOne = new FixedBitSet(maxDoc);
            for (var failed = 0; failed < bits.Length; failed++)
            {
                FixedBitSet? others = null;
                for (var g = 0; g < bits.Length; g++)
                {
                    if (g == failed)
                        continue;
                    if (others is null)
                        others = bits[g].Clone();
                    else
                        others.And(bits[g]);
                }
                atMostOne.Or(others!);
            }
            // Few such documents is the usual case with several facets chosen.
            return BitsFilteredDocIdSet.Wrap(Offered(atMostOne), acceptDocs);
        }
    }

    /// <summary>The documents of one group, for a search that visits only those (a browse with one facet chosen).</summary>
    public Filter Passing(int group) => new OneGroup(this, group);

    private sealed class OneGroup(FacetGroups groups, int group) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
            BitsFilteredDocIdSet.Wrap(Offered(AsFixed(groups.For(context)[group], context.AtomicReader.MaxDoc)), acceptDocs);
    }

    /// <summary>
    /// A set with few documents offered only as an iterator: the search steps from one to the next and advances the
    /// query to it, instead of running through every match of the query and testing its bit.
    /// </summary>
    private static DocIdSet Offered(FixedBitSet bits) => bits.Cardinality * 8L < bits.Length ? new StepOnly(bits) : bits;

    private static FixedBitSet AsFixed(IBits? bits, int maxDoc)
    {
        if (bits is FixedBitSet same)
            return same;
        var copy = new FixedBitSet(maxDoc);
        for (var doc = 0; bits is not null && doc < maxDoc; doc++)
        {
            if (bits.Get(doc))
                copy.Set(doc);
        }
        return copy;
    }

    /// <summary>A set offered only as an iterator, so that Lucene leapfrogs over it rather than testing bits.</summary>
    private sealed class StepOnly(FixedBitSet bits) : DocIdSet
    {
        public override DocIdSetIterator GetIterator() => bits.GetIterator();
    }

    internal static IBits? BitsOf(DocIdSet? set, int maxDoc)
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

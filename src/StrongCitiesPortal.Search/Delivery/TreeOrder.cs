using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// Tree order: depth first from the roots, children by sort order (then id). An item's place is the (sort order, id)
/// of each of its ancestors from the root down, then its own. The index holds only the item's own pair and its parent;
/// the ancestors' pairs come from the published cache's tree when a query sorts, so re-sorting a section never
/// re-indexes what lies below it.
/// </summary>
public static class TreeOrder
{
    /// <summary>The (sort order, id) pairs from the root down to the item itself, read through <paramref name="lookup"/>.</summary>
    public static long[] Place(PublishedContent item, Func<Guid, PublishedContent?> lookup)
    {
        var pairs = new List<(long SortOrder, long Id)> { (item.SortOrder, item.Id) };
        for (var current = item; current.ParentKey is { } parent && pairs.Count < 256;)
        {
            if (lookup(parent) is not { } up)
            {
                // An ancestor not (yet) known: after everything placed properly.
                pairs.Add((long.MaxValue, long.MaxValue));
                break;
            }
            pairs.Add((up.SortOrder, up.Id));
            current = up;
        }
        var place = new long[pairs.Count * 2];
        for (var i = 0; i < pairs.Count; i++)
        {
            var (sortOrder, id) = pairs[pairs.Count - 1 - i];
            place[i * 2] = sortOrder;
            place[(i * 2) + 1] = id;
        }
        return place;
    }

    /// <summary>Compares two places: the shorter first when one starts the other (a parent before its children).</summary>
    public static int Compare(ReadOnlySpan<long> a, ReadOnlySpan<long> b) => a.SequenceCompareTo(b);

    /// <summary>Compares two places each given as its parent's place and its own pair.</summary>
    internal static int Compare(long[] parentA, long sortOrderA, long idA, long[] parentB, long sortOrderB, long idB)
    {
        // Siblings share their parent's place (one array per parent): their own pairs decide.
        if (ReferenceEquals(parentA, parentB))
            return sortOrderA != sortOrderB ? sortOrderA.CompareTo(sortOrderB) : idA.CompareTo(idB);
        int lengthA = parentA.Length + 2, lengthB = parentB.Length + 2;
        var shared = Math.Min(lengthA, lengthB);
        for (var i = 0; i < shared; i++)
        {
            var a = At(parentA, sortOrderA, idA, i);
            var b = At(parentB, sortOrderB, idB, i);
            if (a != b)
                return a.CompareTo(b);
        }
        return lengthA.CompareTo(lengthB);
    }

    private static long At(long[] parent, long sortOrder, long id, int i) =>
        i < parent.Length ? parent[i] : i == parent.Length ? sortOrder : id;

    /// <summary>The place of a parent the cache does not hold (yet): after everything placed properly.</summary>
    private static readonly long[] Unknown = [long.MaxValue, long.MaxValue];

    /// <summary>
    /// Parents' places from the published cache, shared by every query while the cache stays at one generation (a
    /// refresh starts afresh), so a query works out only the parents no query has met since the last change.
    /// </summary>
    internal sealed class ParentPlaces(PublishedContentCache cache)
    {
        private volatile Held _held = new(-1, new(StringComparer.Ordinal));

        public long[] Of(string parent)
        {
            // The cache swaps its snapshot before it counts the generation up: places read after reading the
            // generation are at least as new as it.
            var generation = cache.Generation;
            var held = _held;
            if (held.Generation != generation)
                _held = held = new Held(generation, new(StringComparer.Ordinal));
            return held.Places.GetOrAdd(parent, static (key, cache) =>
                Guid.TryParse(key, out var guid) && cache.Get(guid) is { } item ? Place(item, cache.Get) : Unknown, cache);
        }

        private sealed record Held(long Generation, System.Collections.Concurrent.ConcurrentDictionary<string, long[]> Places);
    }

    /// <summary>Sorts index documents in tree order: each document's parent, sort order and id from the segment's arrays, its parent's place from <see cref="ParentPlaces"/>.</summary>
    internal sealed class ComparerSource(ParentPlaces places) : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(places, numHits);
    }

    /// <summary>A document's place: its parent's place and its own pair.</summary>
    internal sealed class Slot(long[] parent, long sortOrder, long id)
    {
        public long[] Parent { get; } = parent;
        public long SortOrder { get; } = sortOrder;
        public long Id { get; } = id;
    }

    private sealed class Comparer(ParentPlaces places, int numHits) : FieldComparer<Slot>
    {
        private readonly long[][] _parent = new long[numHits][];
        private readonly long[] _sortOrder = new long[numHits];
        private readonly long[] _id = new long[numHits];
        private long[] _bottomParent = [];
        private long _bottomSortOrder;
        private long _bottomId;
        private Slot? _top;
        private SortedDocValues? _parents;
        private int[] _parentOrds = [];
        private long[] _sortOrders = [];
        private long[] _ids = [];
        private long[]?[] _parentPlaces = [];
        private readonly BytesRef _scratch = new();

        public override int Compare(int slot1, int slot2) =>
            TreeOrder.Compare(_parent[slot1], _sortOrder[slot1], _id[slot1], _parent[slot2], _sortOrder[slot2], _id[slot2]);

        public override void SetBottom(int slot)
        {
            _bottomParent = _parent[slot];
            _bottomSortOrder = _sortOrder[slot];
            _bottomId = _id[slot];
        }

        public override void SetTopValue(Slot value) => _top = value;

        public override int CompareBottom(int doc) =>
            TreeOrder.Compare(_bottomParent, _bottomSortOrder, _bottomId, ParentOf(doc), _sortOrders[doc], _ids[doc]);

        public override int CompareTop(int doc) =>
            TreeOrder.Compare(_top!.Parent, _top.SortOrder, _top.Id, ParentOf(doc), _sortOrders[doc], _ids[doc]);

        public override void Copy(int slot, int doc)
        {
            _parent[slot] = ParentOf(doc);
            _sortOrder[slot] = _sortOrders[doc];
            _id[slot] = _ids[doc];
        }

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            var reader = context.AtomicReader;
            _parents = reader.GetSortedDocValues(SearchSchema.DeliveryParent);
            _parentOrds = SegmentCache.Ords(reader, SearchSchema.DeliveryParent);
            _sortOrders = SegmentCache.Numbers(reader, SearchSchema.DeliverySortOrder);
            _ids = SegmentCache.Numbers(reader, SearchSchema.DeliveryId);
            _parentPlaces = new long[]?[_parents?.ValueCount ?? 0];
            return this;
        }

        public override Slot this[int slot] => new(_parent[slot], _sortOrder[slot], _id[slot]);

        private long[] ParentOf(int doc)
        {
            var ord = _parentOrds[doc];
            if (ord < 0)
                return [];
            if (_parentPlaces[ord] is not { } known)
            {
                _parents!.LookupOrd(ord, _scratch);
                _parentPlaces[ord] = known = places.Of(_scratch.Utf8ToString());
            }
            return known;
        }
    }
}

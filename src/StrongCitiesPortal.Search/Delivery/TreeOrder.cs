using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

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

    /// <summary>Sorts index documents in tree order, with the places of their parents worked out once per parent and query.</summary>
    internal sealed class ComparerSource(PublishedContentCache cache) : FieldComparerSource
    {
        private readonly Dictionary<Guid, long[]> _parents = [];

        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(this, numHits);

        internal long[] ParentPlace(Guid parent)
        {
            if (!_parents.TryGetValue(parent, out var place))
                _parents[parent] = place = cache.Get(parent) is { } item ? Place(item, cache.Get) : [long.MaxValue, long.MaxValue];
            return place;
        }
    }

    /// <summary>A document's place: its parent's place and its own pair.</summary>
    internal sealed class Slot(long[] parent, long sortOrder, long id)
    {
        public long[] Parent { get; } = parent;
        public long SortOrder { get; } = sortOrder;
        public long Id { get; } = id;
    }

    private sealed class Comparer(ComparerSource source, int numHits) : FieldComparer<Slot>
    {
        private readonly Slot[] _slots = new Slot[numHits];
        private Slot? _bottom;
        private Slot? _top;
        private SortedDocValues? _parents;
        private NumericDocValues? _sortOrders;
        private NumericDocValues? _ids;
        private long[]?[] _parentPlaces = [];
        private readonly BytesRef _scratch = new();

        public override int Compare(int slot1, int slot2) => CompareSlots(_slots[slot1], _slots[slot2]);

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(Slot value) => _top = value;

        public override int CompareBottom(int doc)
        {
            Read(doc, out var parent, out var sortOrder, out var id);
            return TreeOrder.Compare(_bottom!.Parent, _bottom.SortOrder, _bottom.Id, parent, sortOrder, id);
        }

        public override int CompareTop(int doc)
        {
            Read(doc, out var parent, out var sortOrder, out var id);
            return TreeOrder.Compare(_top!.Parent, _top.SortOrder, _top.Id, parent, sortOrder, id);
        }

        public override void Copy(int slot, int doc)
        {
            Read(doc, out var parent, out var sortOrder, out var id);
            _slots[slot] = new Slot(parent, sortOrder, id);
        }

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            var reader = context.AtomicReader;
            _parents = reader.GetSortedDocValues(SearchSchema.DeliveryParent);
            _sortOrders = reader.GetNumericDocValues(SearchSchema.DeliverySortOrder);
            _ids = reader.GetNumericDocValues(SearchSchema.DeliveryId);
            _parentPlaces = new long[]?[_parents?.ValueCount ?? 0];
            return this;
        }

        public override Slot this[int slot] => _slots[slot];

        private static int CompareSlots(Slot a, Slot b) => TreeOrder.Compare(a.Parent, a.SortOrder, a.Id, b.Parent, b.SortOrder, b.Id);

        private void Read(int doc, out long[] parent, out long sortOrder, out long id)
        {
            var ord = _parents?.GetOrd(doc) ?? -1;
            parent = [];
            if (ord >= 0)
            {
                if (_parentPlaces[ord] is not { } known)
                {
                    _parents!.LookupOrd(ord, _scratch);
                    known = Guid.TryParse(_scratch.Utf8ToString(), out var key) ? source.ParentPlace(key) : [long.MaxValue, long.MaxValue];
                    _parentPlaces[ord] = known;
                }
                parent = known;
            }
            sortOrder = _sortOrders?.Get(doc) ?? 0;
            id = _ids?.Get(doc) ?? 0;
        }
    }
}

using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// Sorts on doc values read from the segments' arrays (<see cref="SegmentCache"/>) rather than decoded for every
/// match: the Delivery API sorts every match of a query, 100,000 practices for a type filter. The same order as
/// Lucene's <c>SortFieldType.INT64</c> and <c>STRING</c> sorts (a missing number is 0, a missing name first).
/// </summary>
internal static class CachedSorts
{
    public static SortField Number(string field, bool reverse) => new(field, NumberSource.Instance, reverse);

    public static SortField Name(string field, bool reverse) => new(field, NameSource.Instance, reverse);

    private sealed class NumberSource : FieldComparerSource
    {
        public static readonly NumberSource Instance = new();

        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new NumberComparer(fieldname, numHits);
    }

    private sealed class NumberComparer(string field, int numHits) : FieldComparer<J2N.Numerics.Int64>
    {
        private readonly long[] _slots = new long[numHits];
        private long[] _values = [];
        private long _bottom;
        private long _top;

        public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value.ToInt64();

        public override int CompareBottom(int doc) => _bottom.CompareTo(_values[doc]);

        public override int CompareTop(int doc) => _top.CompareTo(_values[doc]);

        public override void Copy(int slot, int doc) => _slots[slot] = _values[doc];

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _values = SegmentCache.Numbers(context.AtomicReader, field);
            return this;
        }

        public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_slots[slot]);
    }

    private sealed class NameSource : FieldComparerSource
    {
        public static readonly NameSource Instance = new();

        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new NameComparer(numHits, fieldname);
    }

    /// <summary>Lucene's comparer of sorted values by ordinal within a segment, given the ordinals from an array.</summary>
    private sealed class NameComparer(int numHits, string field) : FieldComparer.TermOrdValComparer(numHits, field)
    {
        protected override SortedDocValues GetSortedDocValues(AtomicReaderContext context, string field) =>
            context.AtomicReader.GetSortedDocValues(field) is { } values
                ? new ArrayOrds(SegmentCache.Ords(context.AtomicReader, field), values)
                : DocValues.EMPTY_SORTED;
    }

    private sealed class ArrayOrds(int[] ords, SortedDocValues values) : SortedDocValues
    {
        public override int ValueCount => values.ValueCount;

        public override int GetOrd(int docID) => ords[docID];

        public override void LookupOrd(int ord, BytesRef result) => values.LookupOrd(ord, result);
    }
}

using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// One segment's values of one facet as plain arrays: an ordinal per document, or for a facet with several values a
/// document, each document's start in one list of ordinals. Made once per segment (from its sorted-set doc values) and
/// dropped when Lucene closes the segment, so counting a match is an array read instead of decoding doc values.
/// Deleted documents need nothing here: a search never collects them, and an updated item is a new document in a new
/// segment.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly FacetOrdinals None = new([], null, null);

    /// <summary>The ordinal of each document's one value, -1 for none (null when some document has several).</summary>
    private readonly int[]? _single;

    /// <summary>Where each document's ordinals start in <see cref="_ordinals"/> (one more entry than documents).</summary>
    private readonly int[]? _starts;

    private readonly int[]? _ordinals;

    private FacetOrdinals(string[] keys, int[]? single, (int[] Starts, int[] Ordinals)? several)
    {
        Keys = keys;
        _single = single;
        _starts = several?.Starts;
        _ordinals = several?.Ordinals;
    }

    /// <summary>The values by ordinal (ordinals follow the values' byte order).</summary>
    public string[] Keys { get; }

    /// <summary>The facet's arrays for this segment, made at the first call for the segment.</summary>
    public static FacetOrdinals For(AtomicReader reader, string field) => SegmentCache.Get(reader, "f:" + field, r => Build(r, field));

    /// <summary>Adds one to the count of each of the document's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(int doc, int[] counts)
    {
        if (_single is { } single)
        {
            var ordinal = single[doc];
            if (ordinal >= 0)
                counts[ordinal]++;
            return;
        }
        if (_starts is null)
            return;
        for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++)
            counts[_ordinals![i]]++;
    }

    /// <summary>Adds one to the count of each value of each document, the documents in increasing order (the arrays are read front to back).</summary>
    public void CountAll(ReadOnlySpan<int> docs, int[] counts)
    {
        if (_single is { } single)
        {
            foreach (var doc in docs)
            {
                var ordinal = single[doc];
                if (ordinal >= 0)
                    counts[ordinal]++;
            }
            return;
        }
        if (_starts is null)
            return;
        var starts = _starts;
        var ordinals = _ordinals!;
        foreach (var doc in docs)
        {
            for (int i = starts[doc], end = starts[doc + 1]; i < end; i++)
                counts[ordinals[i]]++;
        }
    }

    private static FacetOrdinals Build(AtomicReader reader, string field)
    {
        if (reader.GetSortedSetDocValues(field) is not { ValueCount: > 0 } values)
            return None;
        var maxDoc = reader.MaxDoc;
        var keys = new string[values.ValueCount];
        var bytes = new BytesRef();
        for (var ordinal = 0; ordinal < keys.Length; ordinal++)
        {
            values.LookupOrd(ordinal, bytes);
            keys[ordinal] = bytes.Utf8ToString();
        }
        var starts = new int[maxDoc + 1];
        var ordinals = new List<int>(maxDoc);
        var several = false;
        for (var doc = 0; doc < maxDoc; doc++)
        {
            starts[doc] = ordinals.Count;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                ordinals.Add((int)ord);
            several |= ordinals.Count - starts[doc] > 1;
        }
        starts[maxDoc] = ordinals.Count;
        if (several)
            return new FacetOrdinals(keys, null, (starts, [.. ordinals]));
        var single = new int[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
            single[doc] = starts[doc + 1] > starts[doc] ? ordinals[starts[doc]] : -1;
        return new FacetOrdinals(keys, single, null);
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// What a search reads for every match, made once per segment as plain arrays and dropped when Lucene closes the
/// segment: doc values never change in a segment (an update is a new document in a new segment, a delete only marks
/// the document, and a search never collects deleted documents), so the arrays hold for the segment's whole life.
/// </summary>
internal static class SegmentCache
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, object>> ByCore = new();

    /// <summary>Whether arrays of the segment with this core are held (for tests).</summary>
    internal static bool Holds(object coreCacheKey) => ByCore.TryGetValue(coreCacheKey, out _);

    /// <summary>The array named <paramref name="name"/> for this segment, made by <paramref name="build"/> at the first call for the segment.</summary>
    public static T Get<T>(AtomicReader reader, string name, Func<AtomicReader, T> build)
        where T : class
    {
        var held = ByCore.GetValue(reader.CoreCacheKey, _ =>
        {
            if (reader is SegmentReader segment)
                segment.AddCoreDisposedListener(Forget.Instance);
            return new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
        });
        return (T)held.GetOrAdd(name, static (_, made) => made.build(made.reader), (build, reader));
    }

    /// <summary>A numeric doc-values field as one value per document (0 where a document has none).</summary>
    public static long[] Numbers(AtomicReader reader, string field) => Get(reader, "n:" + field, r =>
    {
        var values = new long[r.MaxDoc];
        if (r.GetNumericDocValues(field) is { } numbers)
        {
            for (var doc = 0; doc < values.Length; doc++)
                values[doc] = numbers.Get(doc);
        }
        return values;
    });

    private sealed class Forget : SegmentReader.ICoreDisposedListener
    {
        public static readonly Forget Instance = new();

        public void OnDispose(object ownerCoreCacheKey) => ByCore.Remove(ownerCoreCacheKey);
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

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

    /// <summary>A sorted doc-values field as each document's ordinal (-1 where a document has none).</summary>
    public static int[] Ords(AtomicReader reader, string field) => Get(reader, "o:" + field, r =>
    {
        var ords = new int[r.MaxDoc];
        var values = r.GetSortedDocValues(field);
        for (var doc = 0; doc < ords.Length; doc++)
            ords[doc] = values?.GetOrd(doc) ?? -1;
        return ords;
    });

    /// <summary>Each document's item key, from the indexed key terms (so the page needs no stored fields); empty for none.</summary>
    public static Guid[] Keys(AtomicReader reader, string field) => Get(reader, "k:" + field, r =>
    {
        var keys = new Guid[r.MaxDoc];
        EachTerm(r, field, (term, docs) =>
        {
            var key = Guid.Parse(term);
            foreach (var doc in docs)
                keys[doc] = key;
        });
        return keys;
    });

    /// <summary>The terms of a field that holds one term a document (a folded name), joined, and each document's term number.</summary>
    public static JoinedTerms Joined(AtomicReader reader, string field) => Get(reader, "j:" + field, r =>
    {
        var ofDoc = new int[r.MaxDoc];
        Array.Fill(ofDoc, -1);
        var text = new System.Text.StringBuilder();
        var starts = new List<int>();
        EachTerm(r, field, (term, docs) =>
        {
            foreach (var doc in docs)
                ofDoc[doc] = starts.Count;
            text.Append(JoinedTerms.Separator);
            starts.Add(text.Length);
            text.Append(term);
        });
        starts.Add(text.Length + 1);
        return new JoinedTerms(text.ToString(), [.. starts], ofDoc);
    });

    private static void EachTerm(AtomicReader reader, string field, Action<string, List<int>> each)
    {
        if (reader.GetTerms(field) is not { } terms)
            return;
        var iterator = terms.GetEnumerator();
        DocsEnum? postings = null;
        var docs = new List<int>();
        while (iterator.MoveNext())
        {
            postings = iterator.Docs(null, postings, DocsFlags.NONE);
            docs.Clear();
            int doc;
            while ((doc = postings.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                docs.Add(doc);
            each(iterator.Term.Utf8ToString(), docs);
        }
    }

    private sealed class Forget : SegmentReader.ICoreDisposedListener
    {
        public static readonly Forget Instance = new();

        public void OnDispose(object ownerCoreCacheKey) => ByCore.Remove(ownerCoreCacheKey);
    }
}

/// <summary>
/// A segment's terms of a one-term-a-document field in one string, each after a separator, where to find each term
/// (<see cref="Starts"/>, one more than the terms), and each document's term number (-1 for none): finding the terms
/// that contain a text is one vectorised search through the string instead of an automaton over the term dictionary.
/// </summary>
internal sealed record JoinedTerms(string Text, int[] Starts, int[] OfDoc)
{
    public const char Separator = '\0';

    /// <summary>Which terms contain <paramref name="part"/> (which must not hold the separator).</summary>
    public bool[] Containing(string part)
    {
        var found = new bool[Starts.Length - 1];
        var text = Text.AsSpan();
        var at = 0;
        while (at < text.Length)
        {
            var hit = text[at..].IndexOf(part, StringComparison.Ordinal);
            if (hit < 0)
                break;
            hit += at;
            // The term whose start is the last at or before the hit.
            var term = Array.BinarySearch(Starts, hit);
            term = term >= 0 ? term : ~term - 1;
            found[term] = true;
            at = Starts[term + 1] - 1;
        }
        return found;
    }
}

using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// Documents whose folded name (one term a document, <c>d.match.&lt;culture&gt;</c>) contains a text: the segment's
/// names are kept joined in one string (<see cref="SegmentCache.Joined"/>), searched at once for the text, instead of
/// a wildcard query that builds an automaton for the text and runs it over every name.
/// </summary>
internal sealed class NameContainsFilter(string field, string part) : Filter
{
    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var names = SegmentCache.Joined(reader, field);
        var containing = part.Contains(JoinedTerms.Separator, StringComparison.Ordinal) ? new bool[names.Starts.Length - 1] : names.Containing(part);
        var bits = new FixedBitSet(reader.MaxDoc);
        var ofDoc = names.OfDoc;
        for (var doc = 0; doc < ofDoc.Length; doc++)
        {
            if (ofDoc[doc] >= 0 && containing[ofDoc[doc]])
                bits.Set(doc);
        }
        return BitsFilteredDocIdSet.Wrap(bits, acceptDocs);
    }

    public override string ToString() => $"{field} contains '{part}'";
}

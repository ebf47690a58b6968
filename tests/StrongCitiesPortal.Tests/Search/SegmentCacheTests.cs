using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The arrays kept per segment: what they hold, and that they go when Lucene closes the segment.</summary>
public sealed class SegmentCacheTests
{
    [Test]
    public void A_segments_arrays_are_dropped_when_Lucene_closes_the_segment()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchSchema.Version, new WhitespaceAnalyzer(SearchSchema.Version))))
        {
            foreach (var values in new[] { new[] { "a" }, ["a", "b"], [], ["c"] })
            {
                var document = new Document();
                foreach (var value in values)
                    document.Add(new SortedSetDocValuesField("f.theme", new BytesRef(value)));
                writer.AddDocument(document);
            }
        }
        object core;
        using (var reader = DirectoryReader.Open(directory))
        {
            var segment = reader.Leaves.ShouldHaveSingleItem().AtomicReader;
            core = segment.CoreCacheKey;
            var ordinals = FacetOrdinals.For(segment, "f.theme");
            var counts = new int[ordinals.Keys.Length];
            for (var doc = 0; doc < segment.MaxDoc; doc++)
                ordinals.Count(doc, counts);

            ordinals.Keys.ShouldBe(["a", "b", "c"]);
            counts.ShouldBe([2, 1, 1]);
            FacetOrdinals.For(segment, "f.theme").ShouldBeSameAs(ordinals);
            SegmentCache.Holds(core).ShouldBeTrue();
        }
        SegmentCache.Holds(core).ShouldBeFalse();
    }

    [TestCase("london", new[] { "london bridge", "new london" })]
    [TestCase("on", new[] { "london bridge", "new london", "lyon" })]
    [TestCase("bridgenew", new string[0])]
    [TestCase("e", new[] { "london bridge", "new london" })]
    [TestCase("paris", new string[0])]
    public void Names_containing_a_text_are_found_in_the_joined_names_and_never_across_two(string part, string[] expected)
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchSchema.Version, new WhitespaceAnalyzer(SearchSchema.Version))))
        {
            foreach (var name in new[] { "new london", "london bridge", null, "lyon", "new london" })
            {
                var document = new Document { new StringField("id", "x", Field.Store.YES) };
                if (name is not null)
                    document.Add(new StringField("d.match.en", name, Field.Store.YES));
                writer.AddDocument(document);
            }
        }
        using var reader = DirectoryReader.Open(directory);
        var segment = reader.Leaves.ShouldHaveSingleItem().AtomicReader;

        var bits = (FixedBitSet)new NameContainsFilter("d.match.en", part).GetDocIdSet(reader.Leaves[0], null)!;

        var found = Enumerable.Range(0, segment.MaxDoc).Where(bits.Get).Select(d => segment.Document(d).Get("d.match.en", System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal);
        found.ShouldBe(expected.Order(StringComparer.Ordinal));
    }
}

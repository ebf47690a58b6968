using System.Globalization;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>What a document keeps for snippets: the summary, a line break and the body, cut at a fixed length.</summary>
[Category("Unit")]
public sealed class LuceneDocumentsTests
{
    [TestCase(0, 100)]
    [TestCase(0, 5_000)]
    [TestCase(10, 100)]
    [TestCase(10, 5_000)]
    [TestCase(3_999, 10)]
    [TestCase(4_000, 10)]
    [TestCase(4_500, 10)]
    [TestCase(30, 0)]
    public void The_snippet_source_is_the_summary_and_the_start_of_the_body(int summaryLength, int bodyLength)
    {
        var summary = Text('s', summaryLength);
        var body = Text('b', bodyLength);
        var joined = summary.Length == 0 ? body : summary + "\n" + body;

        var document = new LuceneDocuments().From(Item(summary, body));

        document.Get(SearchSchema.Snippet, CultureInfo.InvariantCulture).ShouldBe(joined.Length > LuceneDocuments.SnippetSourceLength ? joined[..LuceneDocuments.SnippetSourceLength] : joined);
    }

    private static string Text(char letter, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => i % 7 == 6 ? ' ' : (char)(letter + i % 3)));

    private static IndexDocument Item(string summary, string body) => new()
    {
        NodeKey = Guid.NewGuid(),
        Culture = "en",
        Version = 1,
        ContentType = "practice",
        Name = "A practice",
        Summary = summary,
        Keywords = "",
        Body = body,
        Other = "",
        UpdateDate = DateTimeOffset.UnixEpoch,
        ContentDate = null,
        RecencyDate = DateTimeOffset.UnixEpoch,
        Boost = 1,
        Facets = [],
        Views = ["en"],
        Picks = [],
        Source = "",
        Words = [],
    };
}

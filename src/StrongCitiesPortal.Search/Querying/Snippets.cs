using System.Text.Encodings.Web;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// The text shown under a hit: the best fragments of its summary and body around the words found, HTML-encoded,
/// with <c>&lt;mark&gt;</c> around the words and no other markup.
/// </summary>
public sealed class Snippets(SearchSchema schema, Query query)
{
    private const int PlainLength = 300;
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly Dictionary<string, Highlighter> _highlighters = new(StringComparer.Ordinal);

    public string For(string text, string culture)
    {
        if (text.Length == 0)
            return "";
        var field = SearchSchema.TextField(FieldRole.Body, culture);
        if (!_highlighters.TryGetValue(culture, out var highlighter))
        {
            var scorer = new QueryScorer(query, field);
            highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new MarkupEncoder(), scorer)
            {
                TextFragmenter = new SimpleSpanFragmenter(scorer, 160),
                MaxDocCharsToAnalyze = LuceneDocuments.SnippetSourceLength,
            };
            _highlighters[culture] = highlighter;
        }
        using var stream = schema.Analyzer.GetTokenStream(field, text);
        var fragments = highlighter.GetBestFragments(stream, text, 2);
        return fragments.Length == 0 ? Plain(text) : string.Join(" \u2026 ", fragments.Select(f => f.ReplaceLineEndings(" ").Trim()));
    }

    /// <summary>The start of the text, encoded, when there are no words to show it around.</summary>
    public static string Plain(string text)
    {
        var start = text.Length > PlainLength ? text[..PlainLength] + "\u2026" : text;
        return Encoder.Encode(start.ReplaceLineEndings(" "));
    }

    /// <summary>Every character of the text outside the marks is encoded for HTML.</summary>
    private sealed class MarkupEncoder : IEncoder
    {
        public string EncodeText(string originalText) => Encoder.Encode(originalText);
    }
}

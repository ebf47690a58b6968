using System.Text;
using System.Text.Encodings.Web;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// The text shown under a hit: up to two passages of its summary and body around the words found, HTML-encoded,
/// with <c>&lt;mark&gt;</c> around the words and no other markup. The words are the query's own terms in the hit's
/// culture (a phrase only where its words follow each other; the word being typed wherever a word begins with it),
/// found by one pass of the culture's analysis over the text that stops once it has found enough to show: Lucene's
/// highlighter scored every fragment of the whole text and, for phrases and prefixes, indexed it in memory first.
/// </summary>
public sealed class Snippets
{
    private const int PlainLength = 300;
    private const int PassageLength = 160;

    /// <summary>How far before its first word a passage starts.</summary>
    private const int Lead = 40;

    /// <summary>Found this many words (all of the query's among them), the rest of the text is not read.</summary>
    private const int Enough = 8;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly SearchSchema _schema;
    private readonly Dictionary<string, Wanted> _byCulture = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    /// <summary>The terms of each culture's fields and the phrases of the query (its exclusions left out), and the prefixes being typed.</summary>
    private sealed class Wanted
    {
        public HashSet<string> Terms { get; } = new(StringComparer.Ordinal);

        /// <summary>Each phrase by its last term: the terms that must come just before it.</summary>
        public List<string[]> Phrases { get; } = [];
    }

    public Snippets(SearchSchema schema, Query query)
    {
        _schema = schema;
        Collect(query);
    }

    private void Collect(Query query)
    {
        switch (query)
        {
            case BooleanQuery boolean:
                foreach (var clause in boolean.Clauses)
                {
                    if (clause.Occur != Occur.MUST_NOT)
                        Collect(clause.Query);
                }
                break;
            case DisjunctionMaxQuery any:
                foreach (var disjunct in any.Disjuncts)
                    Collect(disjunct);
                break;
            case ConstantScoreQuery { Query: { } inner }:
                Collect(inner);
                break;
            case PrefixQuery prefix when prefix.Prefix.Field == SearchSchema.Words:
                _prefixes.Add(prefix.Prefix.Text);
                break;
            case TermQuery term:
                For(term.Term.Field)?.Terms.Add(term.Term.Text);
                break;
            case PhraseQuery phrase when phrase.GetTerms() is { Length: > 0 } terms:
                if (For(terms[0].Field) is { } wanted)
                {
                    if (terms.Length == 1)
                        wanted.Terms.Add(terms[0].Text);
                    else if (terms.Select(t => t.Text).ToArray() is var words && !wanted.Phrases.Any(p => p.SequenceEqual(words, StringComparer.Ordinal)))
                        wanted.Phrases.Add(words);
                }
                break;
        }
    }

    /// <summary>What is wanted of the culture a text field belongs to (<c>body.fr</c>: fr).</summary>
    private Wanted? For(string field)
    {
        var dot = field.LastIndexOf('.');
        if (dot < 0 || field.StartsWith("d.", StringComparison.Ordinal))
            return null;
        var culture = field[(dot + 1)..];
        if (!_byCulture.TryGetValue(culture, out var wanted))
            _byCulture[culture] = wanted = new Wanted();
        return wanted;
    }

    public string For(string text, string culture)
    {
        if (text.Length == 0)
            return "";
        var found = Find(text, culture);
        if (found.Count == 0)
            return Plain(text);
        return string.Join(" \u2026 ", Passages(text, found).Select(p => Mark(text, p.Start, p.End, found)));
    }

    private readonly record struct Found(int Start, int End, string Word);

    /// <summary>Where the query's words are in the text, in order, until enough are found.</summary>
    private List<Found> Find(string text, string culture)
    {
        var found = new List<Found>();
        _byCulture.TryGetValue(culture, out var wanted);
        if (wanted is null && _prefixes.Count == 0)
            return found;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var everything = (wanted?.Terms.Count ?? 0) + (wanted?.Phrases.Count ?? 0) + _prefixes.Count;
        // The last few terms with where they start, for phrases.
        var recent = new List<(string Term, int Start)>();
        var longest = wanted?.Phrases.Select(p => p.Length).DefaultIfEmpty(1).Max() ?? 1;
        using var stream = _schema.Analyzer.GetTokenStream(SearchSchema.TextField(FieldRole.Body, culture), text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var start = offset.StartOffset;
            var end = offset.EndOffset;
            var value = term.ToString();
            if (wanted is not null)
            {
                recent.Add((value, start));
                if (recent.Count > longest)
                    recent.RemoveAt(0);
                if (wanted.Terms.Contains(value))
                {
                    found.Add(new Found(start, end, value));
                    distinct.Add(value);
                }
                foreach (var phrase in wanted.Phrases)
                {
                    if (Ends(recent, phrase))
                    {
                        var first = recent[^phrase.Length].Start;
                        found.RemoveAll(f => f.Start >= first);
                        found.Add(new Found(first, end, string.Join(' ', phrase)));
                        distinct.Add(string.Join(' ', phrase));
                    }
                }
            }
            foreach (var prefix in _prefixes)
            {
                if (end - start >= prefix.Length && TextTokens.Fold(text[start..end]).StartsWith(prefix, StringComparison.Ordinal))
                {
                    if (found.Count == 0 || found[^1].Start != start)
                        found.Add(new Found(start, end, prefix));
                    distinct.Add(prefix);
                }
            }
            if (found.Count >= Enough && distinct.Count >= everything)
                break;
        }
        stream.End();
        return found;
    }

    private static bool Ends(List<(string Term, int Start)> recent, string[] phrase)
    {
        if (recent.Count < phrase.Length)
            return false;
        for (var i = 1; i <= phrase.Length; i++)
        {
            if (!string.Equals(recent[^i].Term, phrase[^i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    /// <summary>The two passages with the most different words found (the earlier on a tie), in text order.</summary>
    private static IEnumerable<(int Start, int End)> Passages(string text, List<Found> found)
    {
        var candidates = new List<(int Start, int End, int Score, int Order)>();
        var i = 0;
        while (i < found.Count)
        {
            // A passage starts a little before its first word, at the start of a word, and ends at the end of one.
            var start = Math.Max(0, found[i].Start - Lead);
            while (start > 0 && start < found[i].Start && !char.IsWhiteSpace(text[start - 1]))
                start++;
            var end = Math.Min(text.Length, Math.Max(start + PassageLength, found[i].End));
            while (end < text.Length && end < start + PassageLength + 20 && !char.IsWhiteSpace(text[end]))
                end++;
            var words = new HashSet<string>(StringComparer.Ordinal);
            var j = i;
            while (j < found.Count && found[j].End <= end)
                words.Add(found[j++].Word);
            candidates.Add((start, end, words.Count, candidates.Count));
            i = Math.Max(j, i + 1);
        }
        var chosen = new List<(int Start, int End)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order))
        {
            if (chosen.All(c => candidate.End <= c.Start || candidate.Start >= c.End))
                chosen.Add((candidate.Start, candidate.End));
            if (chosen.Count == 2)
                break;
        }
        return chosen.OrderBy(c => c.Start);
    }

    /// <summary>The passage encoded, with the words found in it marked.</summary>
    private static string Mark(string text, int start, int end, List<Found> found)
    {
        var html = new StringBuilder(end - start + 32);
        var at = start;
        foreach (var word in found)
        {
            if (word.Start < at || word.End > end)
                continue;
            html.Append(Encode(text[at..word.Start])).Append("<mark>").Append(Encode(text[word.Start..word.End])).Append("</mark>");
            at = word.End;
        }
        html.Append(Encode(text[at..end]));
        return html.ToString().Trim();
    }

    /// <summary>The start of the text, encoded, when there are no words to show it around.</summary>
    public static string Plain(string text) => Encode(text.Length > PlainLength ? text[..PlainLength] + "\u2026" : text);

    private static string Encode(string text) => Encoder.Encode(text.ReplaceLineEndings(" "));
}

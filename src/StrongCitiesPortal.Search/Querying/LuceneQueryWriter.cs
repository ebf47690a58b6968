using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// Turns a parsed query into a Lucene query: each word or phrase looked for in every culture's fields with that
/// culture's analysis (so a query is stemmed in every language at once), weighted by field; OR and synonyms as
/// alternatives; exclusions; the last word also completed as a prefix; a long word the index has never seen
/// replaced by the closest one it has. A question of three or more plain words needs most of them, not all.
/// </summary>
public sealed class LuceneQueryWriter(SearchSchema schema, SearchOptions options)
{
    /// <summary>A query of at least this many plain words needs only most of them.</summary>
    public const int MostWordsFrom = 3;

    /// <summary>
    /// A word scores by the part of the item it is best found in, plus this share of the others: a title holding the
    /// word outweighs a long body repeating it, while an item holding it in several parts still comes first.
    /// </summary>
    public const float TieBreaker = 0.2f;

    /// <summary>
    /// Weight of a name that holds every word of the query (in a culture's analysis): with most query words common, the
    /// item named by them comes before the many that mention them. (Measured on the generated corpus, a lift for names
    /// holding only some of the words put general titles above a question's best answer.)
    /// </summary>
    public const float WholeNameWeight = 2f;

    public sealed record Written(Query? Query, IReadOnlyList<string> Notices);

    public Written Write(ParsedQuery parsed, IndexReader reader)
    {
        // The parser's own notices are the caller's to show; these are what writing the query changed.
        var notices = new List<string>();
        var plain = new List<Query>();
        var plainWords = new List<string>();
        var must = new List<Query>();
        var mustNot = new List<Query>();
        foreach (var clause in parsed.Clauses)
        {
            var alternatives = clause.Alternatives
                .Select(a => Term(a, clause.IsPrefix && clause.Kind == ClauseKind.Must, clause.Kind == ClauseKind.Must, reader, notices))
                .OfType<Query>()
                .ToList();
            if (alternatives.Count == 0)
                continue;
            var query = alternatives.Count == 1 ? alternatives[0] : Any(alternatives);
            if (clause.Kind == ClauseKind.MustNot)
                mustNot.Add(query);
            else if (clause.Alternatives.Count == 1 && !clause.Alternatives[0].IsPhrase && !clause.Alternatives[0].IsQuoted)
            {
                plain.Add(query);
                plainWords.Add(clause.Alternatives[0].Text);
            }
            else
                must.Add(query);
        }

        var all = new BooleanQuery(disableCoord: true);
        if (plain.Count >= MostWordsFrom)
        {
            var most = new BooleanQuery { MinimumNumberShouldMatch = plain.Count - plain.Count / 3 };
            foreach (var word in plain)
                most.Add(word, Occur.SHOULD);
            all.Add(most, Occur.MUST);
        }
        else
        {
            foreach (var word in plain)
                all.Add(word, Occur.MUST);
        }
        foreach (var query in must)
            all.Add(query, Occur.MUST);
        if (plainWords.Count >= 2 && WholeName(plainWords) is { } name)
            all.Add(name, Occur.SHOULD);
        if (all.Clauses.Count == 0)
        {
            if (parsed.HasPositive)
                notices.Add("The query has only words too common to search for; showing everything instead.");
            return new Written(null, notices);
        }
        foreach (var query in mustNot)
            all.Add(query, Occur.MUST_NOT);
        return new Written(all, notices);
    }

    /// <summary>Items whose name holds every one of these words, scored by those words in the name.</summary>
    private DisjunctionMaxQuery? WholeName(List<string> words)
    {
        var cultures = new DisjunctionMaxQuery(0) { Boost = WholeNameWeight };
        foreach (var culture in schema.Cultures)
        {
            var field = SearchSchema.TextField(FieldRole.Name, culture);
            var terms = words.SelectMany(w => CultureAnalyzer.Terms(schema.AnalyzerFor(culture), field, w)).Distinct(StringComparer.Ordinal).ToList();
            if (terms.Count < 2)
                continue;
            var name = new BooleanQuery(disableCoord: true);
            foreach (var term in terms)
                name.Add(new TermQuery(new Lucene.Net.Index.Term(field, term)), Occur.MUST);
            cultures.Add(name);
        }
        return cultures.Disjuncts.Count == 0 ? null : cultures;
    }

    private static BooleanQuery Any(IEnumerable<Query> queries)
    {
        var any = new BooleanQuery(disableCoord: true);
        foreach (var query in queries)
            any.Add(query, Occur.SHOULD);
        return any;
    }

    private Query? Term(QueryTerm term, bool prefix, bool correctable, IndexReader reader, List<string> notices)
    {
        var text = term.Text;
        if (!term.IsPhrase && !term.IsQuoted && correctable && term.Words.Count == 1)
        {
            var word = term.Words[0];
            // A word being typed is only corrected when no word of the index even starts with it.
            if (word.Length >= options.TypoMinLength && word.Any(char.IsLetter) && reader.DocFreq(new Lucene.Net.Index.Term(SearchSchema.Words, word)) == 0
                && !(prefix && HasCompletion(word, reader)) && Closest(word, reader) is { } correction)
            {
                notices.Add($"Showing results for \u2018{correction}\u2019 (the index has no \u2018{word}\u2019).");
                text = correction;
                prefix = false;
            }
        }

        // A function word of any of the languages ("how", "les", "في") says nothing about an item: the clause is dropped.
        if (!term.IsPhrase && schema.Cultures.Any(c => CultureAnalyzer.Terms(schema.AnalyzerFor(c), SearchSchema.TextField(FieldRole.Body, c), text).Count == 0))
            return null;
        var fields = new DisjunctionMaxQuery(TieBreaker);
        foreach (var culture in schema.Cultures)
        {
            var builder = new QueryBuilder(schema.AnalyzerFor(culture));
            foreach (var role in SearchSchema.TextRoles)
            {
                var field = SearchSchema.TextField(role, culture);
                var query = term.IsPhrase ? builder.CreatePhraseQuery(field, text) : WordQuery(builder, field, text);
                if (query is null)
                    continue;
                query.Boost = SearchSchema.Weight(role);
                fields.Add(query);
            }
        }
        if (prefix && !term.IsQuoted && term.Words.Count == 1 && term.Words[0].Length >= 2)
        {
            var completion = new ConstantScoreQuery(new PrefixQuery(new Lucene.Net.Index.Term(SearchSchema.Words, term.Words[0]))) { Boost = 0.5f };
            fields.Add(completion);
        }
        return fields.Disjuncts.Count == 0 ? null : fields;
    }

    /// <summary>One word: one term after analysis, or a phrase when the analysis splits it (P/CVE).</summary>
    private static Query? WordQuery(QueryBuilder builder, string field, string text)
    {
        var query = builder.CreateBooleanQuery(field, text, Occur.MUST);
        if (query is BooleanQuery { Clauses.Count: > 1 })
            return builder.CreatePhraseQuery(field, text);
        return query;
    }

    private static bool HasCompletion(string word, IndexReader reader)
    {
        var terms = MultiFields.GetTerms(reader, SearchSchema.Words);
        if (terms is null)
            return false;
        var iterator = terms.GetEnumerator();
        var start = new BytesRef(word);
        return iterator.SeekCeil(start) != TermsEnum.SeekStatus.END && StringHelper.StartsWith(iterator.Term, start);
    }

    /// <summary>The word of the index closest to a typed one (one edit, two for long words), the most common on a tie.</summary>
    private string? Closest(string typed, IndexReader reader)
    {
        var terms = MultiFields.GetTerms(reader, SearchSchema.Words);
        if (terms is null)
            return null;
        var maxEdits = typed.Length >= 10 ? 2 : 1;
        var attributes = new AttributeSource();
        // The first letter is taken as typed (as Lucene's spell checker does): the search runs over one letter's words, not all.
        var fuzzy = new FuzzyTermsEnum(terms, attributes, new Lucene.Net.Index.Term(SearchSchema.Words, typed), maxEdits, 1, true);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        var seen = 0;
        while (fuzzy.MoveNext() && seen++ < 500)
        {
            var candidate = fuzzy.Term.Utf8ToString();
            if (candidate == typed)
                continue;
            var distance = EditDistance(typed, candidate);
            var frequency = fuzzy.DocFreq;
            if (distance > maxEdits)
                continue;
            if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
            {
                best = candidate;
                bestDistance = distance;
                bestFrequency = frequency;
            }
        }
        return best;
    }

    /// <summary>Letters wrong, missing, extra or two swapped (optimal string alignment).</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Practices;

/// <summary>
/// PROVISIONAL: an in-memory search over the published cache so the library can be built and tested before the
/// PostgreSQL search service (issue 3, <c>StrongCitiesPortal.Search</c>) lands; it is to be replaced by an adapter
/// over that service. Words must all match (the last as a prefix), "phrases" match as written, -words exclude.
/// </summary>
public sealed partial class ProvisionalPracticeSearch(PublishedContentCache cache, PortalContent content, ContentRouter router) : IPracticeSearch
{
    private sealed record Document(PublishedContent Item, string Name, string Summary, Dictionary<string, int> Words, string Folded, IReadOnlyDictionary<string, IReadOnlyList<string>> Facets, DateOnly Date);

    private readonly Lock _gate = new();
    private (long Generation, string Culture, IReadOnlyList<Document> Documents)? _index;

    public Task<PracticeSearchResult> SearchAsync(PracticeQuery query, CancellationToken cancellationToken)
    {
        var documents = Documents(query.Culture);
        var (words, phrases, excluded) = Parse(query.Text);

        var matches = new List<(Document Document, double Score)>();
        foreach (var document in documents)
        {
            if (!Passes(document, query.Filters))
                continue;
            if (excluded.Any(w => document.Words.ContainsKey(w)) || !phrases.All(p => document.Folded.Contains(p, StringComparison.Ordinal)))
                continue;
            double score = 0;
            var all = true;
            for (var i = 0; i < words.Count && all; i++)
            {
                var weight = Weight(document, words[i], prefix: i == words.Count - 1);
                all = weight > 0;
                score += weight;
            }
            if (all)
                matches.Add((document, score + phrases.Count * 5));
        }

        var facets = PracticeFacets.All.ToDictionary(
            f => f,
            f => (IReadOnlyList<FacetCount>)matches.SelectMany(m => m.Document.Facets.GetValueOrDefault(f) ?? []).GroupBy(v => v)
                .Select(g => new FacetCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList());

        var comparer = StringComparer.Create(PortalFormats.For(query.Culture), CompareOptions.IgnoreCase);
        IEnumerable<(Document Document, double Score)> ordered = query.Sort switch
        {
            PracticeSort.Date => matches.OrderByDescending(m => m.Document.Date).ThenBy(m => m.Document.Name, comparer),
            PracticeSort.Name => matches.OrderBy(m => m.Document.Name, comparer),
            _ => matches.OrderByDescending(m => m.Score).ThenByDescending(m => m.Document.Date),
        };
        var hits = ordered.Skip(query.Skip).Take(query.Take)
            .Select(m => new PracticeHit(m.Document.Item.Key, words.Count + phrases.Count > 0 ? Snippet(m.Document.Summary, words) : null, m.Score))
            .ToList();
        return Task.FromResult(new PracticeSearchResult(matches.Count, hits, facets));
    }

    private static bool Passes(Document document, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var (facet, values) in filters)
        {
            if (values.Count > 0 && !(document.Facets.GetValueOrDefault(facet) ?? []).Any(values.Contains))
                return false;
        }
        return true;
    }

    private static double Weight(Document document, string word, bool prefix)
    {
        double best = 0;
        foreach (var (candidate, weight) in document.Words)
        {
            var hit = candidate == word
                || (candidate.StartsWith(word, StringComparison.Ordinal) && (prefix || candidate.Length - word.Length <= 2));
            if (hit && weight > best)
                best = weight;
        }
        return best;
    }

    private static (List<string> Words, List<string> Phrases, List<string> Excluded) Parse(string text)
    {
        var words = new List<string>();
        var phrases = new List<string>();
        var excluded = new List<string>();
        foreach (Match match in QueryPart().Matches(text))
        {
            if (match.Groups["phrase"].Success)
            {
                var phrase = string.Join(' ', Tokens(match.Groups["phrase"].Value));
                if (phrase.Length > 0)
                    phrases.Add(phrase);
            }
            else
            {
                var raw = match.Groups["word"].Value;
                var negative = raw.StartsWith('-');
                foreach (var token in Tokens(raw))
                {
                    if (token == "or")
                        continue;
                    (negative ? excluded : words).Add(token);
                }
            }
        }
        return (words, phrases, excluded);
    }

    private IReadOnlyList<Document> Documents(string culture)
    {
        lock (_gate)
        {
            if (_index is { } index && index.Generation == cache.Generation && index.Culture == culture)
                return index.Documents;
            var documents = cache.OfType(PortalContent.Practice).Select(p => Index(p, culture)).ToList();
            _index = (cache.Generation, culture, documents);
            return documents;
        }
    }

    private Document Index(PublishedContent practice, string culture)
    {
        var shown = router.Shown(practice, culture)!;
        var facts = PortalContent.Facts(practice);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string? text, int weight)
        {
            foreach (var token in Tokens(text ?? ""))
                words[token] = Math.Max(words.GetValueOrDefault(token), weight);
        }
        var themes = facts.Keys("themes");
        Add(shown.Name, 4);
        Add(shown.Text("summary"), 2);
        foreach (var theme in themes)
        {
            Add(router.NameOf(theme, culture), 2);
            if (cache.Get(theme) is { } t)
                Add(string.Join(' ', PortalContent.Facts(t).Strings("synonyms")), 2);
        }
        Add(string.Join(' ', facts.Strings("organisations")), 2);
        Add(shown.Text("body"), 1);
        var folded = string.Join(' ', Tokens(string.Join(' ', shown.Name, shown.Text("summary"), shown.Text("body"))));

        var year = PortalFormats.ParseDate(facts.Text("publicationDate"))?.Year.ToString(CultureInfo.InvariantCulture);
        var facets = new Dictionary<string, IReadOnlyList<string>>
        {
            [PracticeFacets.Theme] = themes.Select(k => k.ToString()).ToList(),
            [PracticeFacets.Kind] = facts.Strings("kind"),
            [PracticeFacets.Region] = content.RegionsOf(practice),
            [PracticeFacets.Country] = facts.Strings("countries"),
            [PracticeFacets.Language] = facts.Strings("language"),
            [PracticeFacets.Year] = year is null ? [] : [year],
            [PracticeFacets.Evaluation] = facts.Strings("evaluationStatus"),
        };
        return new Document(practice, shown.Name, shown.Text("summary") ?? "", words, folded, facets, PortalContent.DateOf(practice));
    }

    private static string Snippet(string summary, IReadOnlyList<string> words)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match word in WordPattern().Matches(summary))
        {
            html.Append(HtmlEncoder.Default.Encode(summary[last..word.Index]));
            var folded = Fold(word.Value);
            var hit = words.Any(w => folded == w || folded.StartsWith(w, StringComparison.Ordinal));
            html.Append(hit ? "<mark>" : "").Append(HtmlEncoder.Default.Encode(word.Value)).Append(hit ? "</mark>" : "");
            last = word.Index + word.Length;
        }
        html.Append(HtmlEncoder.Default.Encode(summary[last..]));
        return html.ToString();
    }

    private static IEnumerable<string> Tokens(string text) =>
        WordPattern().Matches(text).Select(m => Fold(m.Value)).Where(t => t.Length > 0);

    private static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                folded.Append(c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("\"(?<phrase>[^\"]*)\"?|(?<word>-?[^\\s\"]+)")]
    private static partial Regex QueryPart();
}

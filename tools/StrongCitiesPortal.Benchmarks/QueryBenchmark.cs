using System.Diagnostics;
using System.Globalization;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

internal sealed record BenchQuery(string Kind, SearchRequest Request, string Note);

internal sealed record Timings(double P50, double P95, double P99, double Mean)
{
    public static Timings Of(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Timings(At(0.50), At(0.95), At(0.99), sorted.Average());
    }
}

internal sealed record QueryFigures(BenchQuery Query, int Total, int RawTotal, Timings Service, Timings Raw);

/// <summary>
/// Times the query mix: each query through the search service (top 10 and every facet count, as a page asks), and
/// the same Lucene query on the same index with nothing around it (<see cref="RawLuceneSearch"/>), in turn.
/// </summary>
internal sealed class QueryBenchmark(BenchHost host, TextWriter output)
{
    /// <summary>How many items the English view has: the share of a query is its matches over this.</summary>
    public int Everything { get; private set; }

    /// <summary>
    /// Picks the words of the mix from the corpus itself by how many items they match in the English view: a common
    /// word near 60%, a rarer one near 15%, and others in between.
    /// </summary>
    public async Task<IReadOnlyList<BenchQuery>> ChooseQueriesAsync()
    {
        var search = host.Get<SearchService>();
        var everything = Everything = (await search.SearchAsync(new SearchRequest { Take = 1 })).Total;
        // Candidates: the corpus's own common vocabulary (not its long tail of made-up names), measured as queries.
        var vocabulary = CorpusText.EnglishSentences.Concat(CorpusText.TitleTopics).Concat(CorpusText.TitleFormats).Concat(CorpusText.Actors)
            .Concat(CorpusText.Verbs).Concat(CorpusText.Purposes).Concat(CorpusText.Circumstances).Concat(CorpusText.TitleApproaches)
            .SelectMany(TextTokens.Words)
            .Where(w => w.Length >= 6 && w.All(char.IsAsciiLetterLower))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in vocabulary)
        {
            var total = (await search.SearchAsync(new SearchRequest { Query = word + " ", Take = 1 })).Total;
            shares[word] = (double)total / everything;
        }
        string Nearest(double share, params string[] except) =>
            shares.Where(w => !except.Contains(w.Key)).OrderBy(w => Math.Abs(w.Value - share)).First().Key;
        var common = Nearest(0.60);
        var second = Nearest(0.40, common);
        var rare = Nearest(0.15, common, second);
        var typoSource = shares.Where(w => w.Key.Length >= 8 && w.Key != common && w.Key != second)
            .OrderBy(w => Math.Abs(w.Value - 0.30)).First().Key;
        var typo = typoSource.Remove(typoSource.Length / 2, 1);
        var prefixSource = Nearest(0.30, common, second, rare, typoSource);
        var prefix = prefixSource[..Math.Min(5, prefixSource.Length)];
        Dictionary<string, IReadOnlyList<string>> Filters(params (string Facet, string Value)[] pairs) =>
            pairs.ToDictionary(p => p.Facet, p => (IReadOnlyList<string>)[p.Value]);
        return
        [
            new("one common word", new SearchRequest { Query = common + " " }, $"'{common}'"),
            new("two words", new SearchRequest { Query = $"{common} {second} " }, $"'{common} {second}'"),
            new("a phrase", new SearchRequest { Query = "\"young people\"" }, "\"young people\""),
            new("a typo", new SearchRequest { Query = typo + " " }, $"'{typo}' for '{typoSource}'"),
            new("a prefix while typing", new SearchRequest { Query = prefix }, $"'{prefix}' as typed"),
            new("a rarer word", new SearchRequest { Query = rare + " " }, $"'{rare}'"),
            new("filters only", new SearchRequest { Filters = Filters(("theme", "Youth")), Sort = SearchSort.Date }, "theme=Youth, newest first"),
            new("words + three facets", new SearchRequest { Query = $"{common} {second} ", Filters = Filters(("theme", "Youth"), ("region", "Europe"), ("evaluation", "Evaluated")) },
                $"'{common} {second}' + theme, region, evaluation"),
        ];
    }

    public async Task<IReadOnlyList<QueryFigures>> RunAsync(IReadOnlyList<BenchQuery> queries, int iterations)
    {
        var search = host.Get<SearchService>();
        var raw = new RawLuceneSearch(host);
        var prepared = queries.ToDictionary(q => q, q => raw.Prepare(q.Request));
        var service = queries.ToDictionary(q => q, _ => new List<double>());
        var floor = queries.ToDictionary(q => q, _ => new List<double>());
        var totals = new Dictionary<BenchQuery, (int Service, int Raw)>();

        foreach (var query in queries)
        {
            for (var i = 0; i < 5; i++)
                totals[query] = ((await search.SearchAsync(query.Request)).Total, raw.Search(prepared[query]).Total);
        }
        // Round robin, so that a burst of load elsewhere on the machine touches every query alike; the two ways alternate first.
        for (var i = 0; i < iterations; i++)
        {
            foreach (var query in queries)
            {
                for (var way = 0; way < 2; way++)
                {
                    var watch = Stopwatch.StartNew();
                    if ((way + i) % 2 == 0)
                    {
                        await search.SearchAsync(query.Request);
                        service[query].Add(watch.Elapsed.TotalMilliseconds);
                    }
                    else
                    {
                        raw.Search(prepared[query]);
                        floor[query].Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
            }
            if ((i + 1) % 10 == 0)
                output.Write(string.Create(CultureInfo.InvariantCulture, $"\r  {i + 1}/{iterations} rounds"));
        }
        output.WriteLine();
        return queries.Select(q => new QueryFigures(q, totals[q].Service, totals[q].Raw, Timings.Of(service[q]), Timings.Of(floor[q]))).ToList();
    }
}

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StrongCitiesPortal.Search;
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

internal sealed record QueryFigures(BenchQuery Query, int Total, Timings Service, Timings ServiceSql, Timings? Obvious);

/// <summary>
/// Times the fixed query mix: each query through the search service (top 10 and every facet count), the
/// same statements run as bare SQL, and the obvious design (rank every match with ts_rank_cd, one GROUP BY
/// per facet) on the same table, for comparison.
/// </summary>
internal sealed class QueryBenchmark(BenchHost host, TextWriter output)
{
    /// <summary>How many items the English view has: the share of a query is its matches over this.</summary>
    public int Everything { get; private set; }

    private static readonly string[] FacetNames = ["type", "theme", "kind", "country", "region", "city", "language", "year", "evaluation"];

    /// <summary>
    /// Picks the words of the mix from the corpus itself by how many items they match in the English view: one near
    /// 15% (Lucene's 3 ms case), one near 75% (its 12-35 ms case), and others in between.
    /// </summary>
    public async Task<IReadOnlyList<BenchQuery>> ChooseQueriesAsync()
    {
        var search = host.Get<SearchService>();
        var everything = Everything = (await search.SearchAsync(new SearchRequest { Take = 1 })).Total;
        // Candidates: the words of the corpus's own sentences (not its long tail of made-up names), measured as queries.
        var vocabulary = CorpusText.EnglishSentences.Concat(CorpusText.EnglishTitles)
            .SelectMany(StrongCitiesPortal.Search.Indexing.TextTokens.Words)
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
        var rare = Nearest(0.15);
        var broad = Nearest(0.75);
        var second = Nearest(0.35, rare, broad);
        var typoSource = Nearest(0.25, rare, broad, second);
        var typo = typoSource.Length > 6 ? typoSource.Remove(typoSource.Length / 2, 1) : typoSource + "e";
        var prefixSource = Nearest(0.25, rare, broad, second, typoSource);
        var prefix = prefixSource[..Math.Min(5, prefixSource.Length)];
        Dictionary<string, IReadOnlyList<string>> Filters(params (string Facet, string Value)[] pairs) =>
            pairs.ToDictionary(p => p.Facet, p => (IReadOnlyList<string>)[p.Value]);
        return
        [
            new("one word (15%)", new SearchRequest { Query = rare + " " }, $"'{rare}'"),
            new("one word (75%)", new SearchRequest { Query = broad + " " }, $"'{broad}'"),
            new("two words", new SearchRequest { Query = $"{rare} {second} " }, $"'{rare} {second}'"),
            new("phrase", new SearchRequest { Query = "\"violent extremism\"" }, "\"violent extremism\""),
            new("typo", new SearchRequest { Query = typo + " " }, $"'{typo}' for '{typoSource}'"),
            new("prefix", new SearchRequest { Query = prefix }, $"'{prefix}' as typed"),
            new("filters only", new SearchRequest { Filters = Filters(("theme", "Youth")), Sort = SearchSort.Date }, "theme=Youth, newest first"),
            new("three facets", new SearchRequest { Query = broad + " ", Filters = Filters(("theme", "Youth"), ("region", "Europe"), ("evaluation", "Evaluated")) },
                $"'{broad}' + theme, region, evaluation"),
        ];
    }

    public async Task<IReadOnlyList<QueryFigures>> RunAsync(IReadOnlyList<BenchQuery> queries, int iterations, int obviousIterations)
    {
        var search = host.Get<SearchService>();
        var service = queries.ToDictionary(q => q, _ => new List<double>());
        var sql = queries.ToDictionary(q => q, _ => new List<double>());
        var obvious = queries.ToDictionary(q => q, _ => new List<double>());
        var totals = new Dictionary<BenchQuery, int>();

        foreach (var query in queries)
        {
            for (var i = 0; i < 3; i++)
                totals[query] = (await search.SearchAsync(query.Request)).Total;
        }
        // Round robin, so that a burst of load elsewhere on the machine touches every query alike.
        for (var i = 0; i < iterations; i++)
        {
            foreach (var query in queries)
            {
                var watch = Stopwatch.StartNew();
                await search.SearchAsync(query.Request);
                service[query].Add(watch.Elapsed.TotalMilliseconds);

                var prepared = await search.PrepareAsync(query.Request, CancellationToken.None);
                await using var connection = await host.DataSource.OpenConnectionAsync();
                watch.Restart();
                await ExecuteAsync(connection, SearchService.PlannerSettings.Select(s => new NpgsqlBatchCommand(s))
                    .Concat(prepared.Statements.Select(s => SearchService.Command(s.Sql, s.Parameters))));
                sql[query].Add(watch.Elapsed.TotalMilliseconds);

                if (i < obviousIterations && prepared.Plan is { } plan)
                {
                    var commands = Obvious(plan.Where, plan.RankQuery, prepared.Statements[0].Parameters, query.Request.Sort).ToList();
                    watch.Restart();
                    await ExecuteAsync(connection, commands);
                    obvious[query].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            if ((i + 1) % 10 == 0)
                output.Write(string.Create(CultureInfo.InvariantCulture, $"\r  {i + 1}/{iterations} rounds"));
        }
        output.WriteLine();
        return queries.Select(q => new QueryFigures(q, totals[q], Timings.Of(service[q]), Timings.Of(sql[q]),
            obvious[q].Count > 0 ? Timings.Of(obvious[q]) : null)).ToList();
    }

    /// <summary>The obvious PostgreSQL design on the same rows: rank every match, then one GROUP BY per facet.</summary>
    private static IEnumerable<NpgsqlBatchCommand> Obvious(string where, string? rankQuery, SqlParameters parameters, SearchSort sort)
    {
        var rank = rankQuery is null || sort == SearchSort.Date
            ? "extract(epoch from sort_date)"
            : $"ts_rank_cd(document, '{rankQuery.Replace("'", "''", StringComparison.Ordinal)}'::tsquery)";
        yield return SearchService.Command($"select slot, {rank} as score from search_item where {where} order by score desc limit 10", parameters);
        yield return SearchService.Command($"select count(*) from search_item where {where}", parameters);
        foreach (var facet in FacetNames)
        {
            yield return SearchService.Command($"""
                select f, count(*) from search_item, unnest(facets) f
                where {where} and f in (select id from search_facet_value where facet = '{facet}') group by f
                """, parameters);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, IEnumerable<NpgsqlBatchCommand> commands)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
            batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
    }
}

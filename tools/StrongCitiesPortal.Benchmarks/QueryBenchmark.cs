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
    private static readonly string[] FacetNames = ["type", "theme", "kind", "country", "region", "city", "language", "year", "evaluation"];

    public async Task<IReadOnlyList<BenchQuery>> ChooseQueriesAsync()
    {
        var words = await WordSharesAsync(["prevention", "local", "community", "programme", "young", "people", "evaluation", "resilience", "training",
            "partnership", "police", "online", "schools", "women", "mentors", "families", "cohesion", "hate", "violent", "extremism", "funding", "teachers"]);
        string Nearest(double share, params string[] except) =>
            words.Where(w => !except.Contains(w.Key)).OrderBy(w => Math.Abs(w.Value - share)).First().Key;
        var rare = Nearest(0.15);
        var broad = Nearest(0.75);
        var second = Nearest(0.30, rare, broad);
        var typoSource = Nearest(0.20, rare, broad, second);
        var typo = typoSource.Length > 6 ? typoSource.Remove(typoSource.Length / 2, 1) : typoSource + "e";
        var prefixSource = Nearest(0.25, rare, broad, second, typoSource);
        Dictionary<string, IReadOnlyList<string>> Filters(params (string Facet, string Value)[] pairs) =>
            pairs.ToDictionary(p => p.Facet, p => (IReadOnlyList<string>)[p.Value]);
        return
        [
            new("one word (rare)", new SearchRequest { Query = rare + " " }, $"'{rare}' in {words[rare]:P0} of rows"),
            new("one word (broad)", new SearchRequest { Query = broad + " " }, $"'{broad}' in {words[broad]:P0} of rows"),
            new("two words", new SearchRequest { Query = $"{rare} {second} " }, $"'{rare} {second}'"),
            new("phrase", new SearchRequest { Query = "\"violent extremism\"" }, "\"violent extremism\""),
            new("typo", new SearchRequest { Query = typo + " " }, $"'{typo}' for '{typoSource}'"),
            new("prefix", new SearchRequest { Query = prefixSource[..Math.Min(5, prefixSource.Length)] }, $"'{prefixSource[..Math.Min(5, prefixSource.Length)]}' as typed"),
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

    private async Task<Dictionary<string, double>> WordSharesAsync(string[] candidates)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            select w.word, w.ndoc::float8 / greatest(s.rows, 1) from search_word w, search_state s where s.id = 1 and w.word = any(@words)
            """, connection);
        command.Parameters.AddWithValue("words", candidates);
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            shares[reader.GetString(0)] = reader.GetDouble(1);
        return shares;
    }
}

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StrongCitiesPortal.Benchmarks;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search.Indexing;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var command = args.FirstOrDefault() ?? "help";
var options = Options.Parse(args.Skip(1).ToArray());
var output = Console.Out;

switch (command)
{
    case "generate":
        await GenerateAsync();
        break;
    case "bench":
        await BenchAsync();
        break;
    case "reindex":
        await ReindexAsync();
        break;
    case "explain":
        await ExplainAsync();
        break;
    default:
        output.WriteLine("""
            Search benchmark for the Strong Cities Portal.

              generate [--items 100000] [--data DIR]   a fresh private PostgreSQL with the starter content, ~150 more member cities
                                                        and N generated good practices in English, French and Arabic; then a reindex
              bench [--iterations 60] [--obvious 5] [--data DIR] [--no-reindex]
                                                        p50/p95/p99 of the query mix through the search service, the same
                                                        statements as bare SQL, and the obvious design; then the reindex rate
              reindex [--data DIR]                      rebuilds the index with a progress bar and prints its rate
              explain --q "words" [--theme T] [--sort relevance|date|name] [--data DIR]
                                                        the plans of one search's statements (EXPLAIN ANALYZE)

            DIR defaults to $TMPDIR/scp-bench.
            """);
        break;
}

async Task GenerateAsync()
{
    var items = options.Int("items", 100_000);
    output.WriteLine($"Generating {items:N0} good practices in {options.Data}");
    var clock = Stopwatch.StartNew();
    await using var host = await BenchHost.StartAsync(options.Data, fresh: true);
    var generator = new CorpusGenerator();
    var themes = await CorpusGenerator.ReadPickableAsync(host.DataSource, "theme");
    var starterCities = await CorpusGenerator.ReadPickableAsync(host.DataSource, "memberCity");
    var newCities = generator.Cities(themes, starterCities.Select(c => c.Names["en"]).ToHashSet(StringComparer.Ordinal))
        .Where(c => Countries.IsCode(c.Data.Invariant["country"].GetString()!)).ToList();
    await BulkContentWriter.WriteAsync(host.DataSource, new Guid("83eacb2b-f85f-4b17-9ad8-9a612dfa786d"), newCities);
    var cities = await CorpusGenerator.ReadPickableAsync(host.DataSource, "memberCity");
    output.WriteLine($"  {cities.Count} member cities in {cities.Select(c => c.Country).Distinct().Count()} countries, {themes.Count} themes");

    var written = await BulkContentWriter.WriteAsync(host.DataSource, new Guid("11405358-73cb-4fe5-a03d-a8a1b146a032"),
        generator.Practices(items, themes, cities),
        n => output.Write($"\r  {n:N0} practices written ({clock.Elapsed.TotalSeconds:N0} s)"));
    output.WriteLine();
    output.WriteLine($"  content written in {clock.Elapsed.TotalSeconds:N1} s; building the index");
    var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
    output.WriteLine($"  indexed {result.Rows:N0} rows ({result.Items:N0} items) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} rows/s");
    await CheckPublishingGivesTheSameRowsAsync(host);
    output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:N0} s. {written:N0} practices.");
}

// The bulk path skips ContentService; publishing a few generated items through it must leave their index rows as they were.
async Task CheckPublishingGivesTheSameRowsAsync(BenchHost host)
{
    // Everything but the sort date, which falls back to the moment of publishing for items without a date of their own.
    const string Row = """
        select d.culture, d.name, d.summary, d.keywords, d.body, d.other, i.facets, i.phrases, i.boost, i.head::text, i.document::text
        from search_item i join search_document d on d.slot = i.slot where d.node_key = @key order by d.culture
        """;
    var keys = new List<(Guid Key, string[] Cultures)>();
    await using (var connection = await host.DataSource.OpenConnectionAsync())
    await using (var pick = new NpgsqlCommand("""
        select n.key, array_agg(c.culture) from cms_node n join cms_culture c on c.node_id = n.id
        where n.content_type = 'goodPractice' and n.created_by = 'generator' group by n.key order by md5(n.key::text) limit 5
        """, connection))
    await using (var reader = await pick.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
            keys.Add((reader.GetGuid(0), reader.GetFieldValue<string[]>(1)));
    }
    var same = 0;
    foreach (var (key, cultures) in keys)
    {
        var before = await ReadRowsAsync(key);
        var result = await host.Get<ContentService>().PublishAsync(key, cultures, "bench");
        if (!result.Succeeded)
        {
            output.WriteLine($"  publishing generated item {key} failed: {string.Join("; ", result.Errors)}");
            continue;
        }
        if (before == await ReadRowsAsync(key))
            same++;
        else
            output.WriteLine($"  item {key}: its index row changed when published through ContentService");
    }
    output.WriteLine($"  {same} of {keys.Count} generated items have the same index rows (texts, vectors, facets, phrases, boost) after publishing them through ContentService");

    async Task<string> ReadRowsAsync(Guid key)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Row, connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) is Array a ? string.Join(",", a.Cast<object>()) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return string.Join("\n", rows);
    }
}

async Task BenchAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    int rows;
    await using (var connection = await host.DataSource.OpenConnectionAsync())
    await using (var count = new NpgsqlCommand("select rows from search_state where id = 1", connection))
        rows = (int)(await count.ExecuteScalarAsync())!;
    if (rows < 1000)
    {
        output.WriteLine($"The index in {options.Data} has {rows} rows: run 'generate' first.");
        return;
    }
    var benchmark = new QueryBenchmark(host, output);
    var queries = await benchmark.ChooseQueriesAsync();
    var iterations = options.Int("iterations", 60);
    output.WriteLine($"Benchmark on {rows:N0} index rows, {Environment.ProcessorCount} cores; {iterations} rounds of the mix (top 10 and every facet count each)");
    var load = Load();
    var figures = await benchmark.RunAsync(queries, iterations, options.Int("obvious", 5));

    output.WriteLine();
    output.WriteLine($"Load average before: {load}, after: {Load()}");
    output.WriteLine();
    output.WriteLine("| query | what | matches | service p50 | p95 | p99 | same SQL bare p50 | p95 | p99 | obvious design p50 | p95 |");
    output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var f in figures)
    {
        output.WriteLine($"| {f.Query.Kind} | {f.Query.Note} | {f.Total:N0} ({(double)f.Total / benchmark.Everything:P0}) | {f.Service.P50:N1} | {f.Service.P95:N1} | {f.Service.P99:N1} | {f.ServiceSql.P50:N1} | {f.ServiceSql.P95:N1} | {f.ServiceSql.P99:N1} | "
            + (f.Obvious is { } o ? $"{o.P50:N0} | {o.P95:N0} |" : "- | - |"));
    }
    var all = figures.SelectMany(f => new[] { f.Service.P95 }).Max();
    output.WriteLine();
    output.WriteLine($"Highest p95 of any query in the mix: {all:N1} ms (milliseconds throughout)");

    if (!options.Has("no-reindex"))
    {
        output.WriteLine();
        var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
        output.WriteLine($"Reindex: {result.Rows:N0} rows ({result.Items:N0} items) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} rows/s");
    }
}

async Task ExplainAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    var filters = new Dictionary<string, IReadOnlyList<string>>();
    foreach (var facet in new[] { "type", "theme", "kind", "country", "region", "city", "language", "year", "evaluation" })
    {
        if (options.Text(facet) is { } value)
            filters[facet] = [value];
    }
    var sort = Enum.Parse<StrongCitiesPortal.Search.Querying.SearchSort>(options.Text("sort") ?? "relevance", ignoreCase: true);
    var request = new StrongCitiesPortal.Search.Querying.SearchRequest { Query = options.Text("q"), Filters = filters, Sort = sort };
    var search = host.Get<StrongCitiesPortal.Search.SearchService>();
    await search.SearchAsync(request);
    var prepared = await search.PrepareAsync(request, CancellationToken.None);
    output.WriteLine($"estimated matches: {prepared.Estimate:N0}");
    await using var connection = await host.DataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    foreach (var setting in StrongCitiesPortal.Search.SearchService.PlannerSettings)
    {
        await using var set = new NpgsqlCommand(setting, connection, transaction);
        await set.ExecuteNonQueryAsync();
    }
    foreach (var (sql, parameters) in prepared.Statements)
    {
        if (sql.StartsWith("set ", StringComparison.Ordinal))
        {
            await using var set = new NpgsqlCommand(sql, connection, transaction);
            await set.ExecuteNonQueryAsync();
            continue;
        }
        output.WriteLine(sql);
        await using var command = new NpgsqlCommand("explain (analyze, buffers) " + sql, connection, transaction);
        parameters.CopyTo(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            output.WriteLine(reader.GetString(0));
    }
}

async Task ReindexAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
    output.WriteLine($"Reindexed {result.Rows:N0} rows ({result.Items:N0} items) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} rows/s; {result.CaughtUp} items caught up after the swap");
    output.WriteLine("  " + string.Join(", ", result.Stages.Select(s => $"{s.Key} {s.Value.TotalSeconds:N1} s")) + $"; load average {Load()}");
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Data => _values.GetValueOrDefault("data") ?? Path.Combine(Path.GetTempPath(), "scp-bench");

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                continue;
            var name = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            options._values[name] = value;
        }
        return options;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);
}

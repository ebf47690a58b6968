using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Npgsql;
using StrongCitiesPortal.Benchmarks;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var command = args.FirstOrDefault() ?? "help";
var options = Options.Parse(args.Skip(1).ToArray());
var output = Console.Out;
var indexTimeout = TimeSpan.FromMinutes(15);

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
    case "delivery":
        await DeliveryAsync();
        break;
    default:
        output.WriteLine("""
            Search benchmark for the Strong Cities Portal.

              generate [--items 100000] [--data DIR]   a fresh private PostgreSQL with the starter content, ~150 more member cities
                                                        and N generated good practices in English, French and Arabic; then a reindex
              bench [--iterations 60] [--known 200] [--publishes 30] [--data DIR] [--no-reindex] [--no-cross] [--no-known] [--cross-only] [--known-only]
                                                        p50/p95/p99 of the query mix through the search service and as the same
                                                        Lucene query with nothing around it; the known-item measure; the reindex
                                                        time and the database size; how soon a publish is searchable on another instance
              bench --parts [--iterations 60] [--data DIR]   where the raw floor's time goes for each query of the mix (thread CPU)
              delivery [--iterations 60] [--data DIR]   the Delivery API's content queries asked of the index (the page's keys and the total)
              reindex [--data DIR]                      rebuilds the index with a progress bar and prints its stages
              explain --q "words" [--theme T] [--sort relevance|date|name] [--take 3] [--data DIR]
                                                        the Lucene query of one search and the explanation of its top hits' scores

            DIR defaults to $TMPDIR/scp-bench.
            """);
        break;
}

async Task GenerateAsync()
{
    var items = options.Int("items", 100_000);
    output.WriteLine($"Generating {items:N0} good practices in {options.Data}; load average {Load()}");
    var clock = Stopwatch.StartNew();
    await using var host = await BenchHost.StartAsync(options.Data, fresh: true);
    await host.WaitForIndexAsync(indexTimeout);
    var generator = new CorpusGenerator();
    var themes = await CorpusGenerator.ReadPickableAsync(host.DataSource, "theme");
    var starterCities = await CorpusGenerator.ReadPickableAsync(host.DataSource, "memberCity");
    var newCities = generator.Cities(themes, starterCities.Select(c => c.Names["en"]).ToHashSet(StringComparer.Ordinal))
        .Where(c => Countries.IsCode(c.Data.Invariant["country"].GetString()!)).ToList();
    await BulkContentWriter.WriteAsync(host.DataSource, new Guid("83eacb2b-f85f-4b17-9ad8-9a612dfa786d"), newCities);
    var cities = await CorpusGenerator.ReadPickableAsync(host.DataSource, "memberCity");
    output.WriteLine($"  {cities.Count} member cities in {cities.Select(c => c.Country).Distinct().Count()} countries, {themes.Count} themes");

    var written = await BulkContentWriter.WriteAsync(host.DataSource, CrossInstance.PracticesFolder,
        generator.Practices(items, themes, cities),
        n => output.Write($"\r  {n:N0} practices written ({clock.Elapsed.TotalSeconds:N0} s)"));
    output.WriteLine();
    // The bulk path bypasses ContentService and so the change feed: the index is rebuilt from the tables.
    output.WriteLine($"  content written in {clock.Elapsed.TotalSeconds:N1} s; building the index");
    var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
    output.WriteLine($"  indexed {result.Items:N0} items ({result.Documents:N0} documents) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} items/s");
    await CheckPublishingGivesTheSameDocumentsAsync(host);
    output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:N0} s. {written:N0} practices.");
}

// The bulk path skips ContentService; publishing a few generated items through it must leave their documents as they were.
async Task CheckPublishingGivesTheSameDocumentsAsync(BenchHost host)
{
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
        var before = Describe(host, key);
        var result = await host.Get<ContentService>().PublishAsync(key, cultures, "bench");
        if (!result.Succeeded)
        {
            output.WriteLine($"  publishing generated item {key} failed: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            continue;
        }
        await host.Index.WaitForAsync(host.Get<ContentChangeFeed>().LastCommittedHere, TimeSpan.FromSeconds(30), CancellationToken.None);
        var after = Describe(host, key);
        if (before == after)
            same++;
        else
            output.WriteLine($"  item {key}: its documents changed when published through ContentService:\n    before {before}\n    after  {after}");
    }
    output.WriteLine($"  {same} of {keys.Count} generated items have the same documents (stored fields, facets, boost) after publishing them through ContentService");
}

// An item's documents as text: stored fields but the update date, facet values and the boost.
static string Describe(BenchHost host, Guid key)
{
    using var lease = host.Index.Acquire() ?? throw new InvalidOperationException("The search index is not open.");
    var searcher = lease.Searcher;
    var facets = host.Get<StrongCitiesPortal.Search.Configuration.SearchModel>().Facets.Select(f => SearchSchema.FacetField(f.Name)).ToList();
    var documents = new List<string>();
    foreach (var hit in searcher.Search(new TermQuery(new Term(SearchSchema.Key, key.ToString())), 10).ScoreDocs)
    {
        var stored = searcher.Doc(hit.Doc).Fields.Where(f => f.Name != SearchSchema.Updated).Select(f => f.Name + "=" + f.GetStringValue(CultureInfo.InvariantCulture));
        var leaf = searcher.IndexReader.Leaves[ReaderUtil.SubIndex(hit.Doc, searcher.IndexReader.Leaves)];
        var doc = hit.Doc - leaf.DocBase;
        var values = new List<string>();
        foreach (var field in facets)
        {
            if (leaf.AtomicReader.GetSortedSetDocValues(field) is not { } set)
                continue;
            set.SetDocument(doc);
            var bytes = new Lucene.Net.Util.BytesRef();
            long ord;
            while ((ord = set.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                set.LookupOrd(ord, bytes);
                values.Add(field + "=" + bytes.Utf8ToString());
            }
        }
        var boost = leaf.AtomicReader.GetNumericDocValues(SearchSchema.Boost)?.Get(doc) ?? 0;
        documents.Add(string.Join("|", stored.Concat(values).Append("boost=" + boost)));
    }
    documents.Sort(StringComparer.Ordinal);
    return string.Join(" // ", documents);
}

async Task BenchAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    await host.WaitForIndexAsync(indexTimeout);
    if (options.Has("cross-only"))
    {
        await CrossAsync(host);
        return;
    }
    if (options.Has("known-only"))
    {
        await KnownAsync(host);
        return;
    }
    var benchmark = new QueryBenchmark(host, output);
    var queries = await benchmark.ChooseQueriesAsync();
    if (benchmark.Everything < 1000)
    {
        output.WriteLine($"The index in {options.Data} has {benchmark.Everything} items: run 'generate' first.");
        return;
    }
    var iterations = options.Int("iterations", 60);
    if (options.Has("parts"))
    {
        output.WriteLine($"Where the floor's time goes; load average {Load()}");
        await new FloorParts(host, output).RunAsync(queries, iterations);
        output.WriteLine($"Load average after: {Load()}");
        return;
    }
    output.WriteLine($"Benchmark on {benchmark.Everything:N0} items in the English view, {Environment.ProcessorCount} cores; {iterations} rounds of the mix (top 10 and every facet count each)");
    var load = Load();
    var figures = await benchmark.RunAsync(queries, iterations);
    output.WriteLine($"Load average before: {load}, after: {Load()}");
    output.WriteLine();
    output.WriteLine("| query | what | matches | service p50 | p95 | p99 | raw Lucene p50 | p95 | p99 | p95 service/raw |");
    output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var f in figures)
    {
        var raw = f.RawTotal == f.Total ? "" : $" (raw {f.RawTotal:N0})";
        output.WriteLine($"| {f.Query.Kind} | {f.Query.Note} | {f.Total:N0} ({(double)f.Total / benchmark.Everything:P0}){raw} | {f.Service.P50:N1} | {f.Service.P95:N1} | {f.Service.P99:N1} | "
            + $"{f.Raw.P50:N1} | {f.Raw.P95:N1} | {f.Raw.P99:N1} | {f.Service.P95 / f.Raw.P95:N2} |");
    }
    output.WriteLine();
    output.WriteLine($"Highest p95 through the service: {figures.Max(f => f.Service.P95):N1} ms; highest ratio of p95s: {figures.Max(f => f.Service.P95 / f.Raw.P95):N2}");

    if (!options.Has("no-known"))
        await KnownAsync(host);

    if (!options.Has("no-reindex") && !options.Has("cross-only"))
    {
        output.WriteLine();
        var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
        PrintReindex(result);
    }
    output.WriteLine();
    await PrintSizesAsync(host);

    if (!options.Has("no-cross"))
        await CrossAsync(host);
    output.WriteLine($"Load average at the end: {Load()}");
}

async Task KnownAsync(BenchHost host)
{
    var known = await new KnownItems(host).MeasureAsync(options.Int("known", 200));
    output.WriteLine();
    output.WriteLine($"Known items: {known.InTopTen} of {known.Asked} in the top 10 ({(double)known.InTopTen / Math.Max(1, known.Asked):P0}), MRR@10 {known.MeanReciprocalRank:N2}");
    output.WriteLine($"  of the {known.Distinct} queries whose words are in at most ten titles: {known.DistinctInTopTen} in the top 10 ({(double)known.DistinctInTopTen / Math.Max(1, known.Distinct):P0})");
    foreach (var (query, title, rank, sharing) in known.Examples)
        output.WriteLine($"  '{query}' for \u201c{title}\u201d ({sharing} titles hold the three words): {(rank > 0 ? "#" + rank : "not in the top 10")}");
}

async Task CrossAsync(BenchHost host)
{
    output.WriteLine();
    output.WriteLine($"Cross-instance: a second instance on the same database with its own index; load average {Load()}");
    var cross = await new CrossInstance(host, output).MeasureAsync(options.Int("publishes", 30));
    output.WriteLine($"  {cross.Publishes} publishes; on the publishing instance the first search found it {cross.OwnAtOnce} times, "
        + $"taking p50 {cross.Own.P50:N1} / p95 {cross.Own.P95:N1} ms");
    output.WriteLine($"  on the other instance searchable after p50 {cross.Other.P50:N0} / p95 {cross.Other.P95:N0} / max {cross.Other.P99:N0} ms"
        + (cross.OtherMissed > 0 ? $"; {cross.OtherMissed} not within 10 s" : ""));
}

void PrintReindex(ReindexResult result)
{
    output.WriteLine($"Reindex: {result.Items:N0} items ({result.Documents:N0} documents) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} items/s; {result.CaughtUp} changes caught up before the swap");
    output.WriteLine("  " + string.Join(", ", result.Stages.Select(s => $"{s.Key} {s.Value.TotalSeconds:N1} s")) + $"; load average {Load()}");
}

async Task PrintSizesAsync(BenchHost host)
{
    await using var connection = await host.DataSource.OpenConnectionAsync();
    await using (var size = new NpgsqlCommand("select pg_database_size(current_database())", connection))
        output.WriteLine($"Database: {Megabytes((long)(await size.ExecuteScalarAsync())!)}");
    await using (var tables = new NpgsqlCommand("""
        select c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
        order by 2 desc limit 6
        """, connection))
    await using (var reader = await tables.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
            output.WriteLine($"  {reader.GetString(0)}: {Megabytes(reader.GetInt64(1))} (table {Megabytes(reader.GetInt64(2))}, the rest indexes and TOAST)");
    }
    if (host.Index.CurrentFolder is { } folder)
        output.WriteLine($"Lucene index on disk: {Megabytes(new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length))}");
}

static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";

async Task DeliveryAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    await host.WaitForIndexAsync(indexTimeout);
    output.WriteLine($"The Delivery API's content queries on the index of {options.Data}; load average {Load()}");
    await new DeliveryBench(host, output).RunAsync(options.Int("iterations", 60));
    output.WriteLine($"Load average after: {Load()}");
}

async Task ExplainAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    await host.WaitForIndexAsync(indexTimeout);
    var filters = new Dictionary<string, IReadOnlyList<string>>();
    foreach (var facet in host.Get<SearchService>().FacetNames)
    {
        if (options.Text(facet) is { } value)
            filters[facet] = [value];
    }
    var sort = Enum.Parse<SearchSort>(options.Text("sort") ?? "relevance", ignoreCase: true);
    var request = new SearchRequest { Query = options.Text("q"), Filters = filters, Sort = sort };
    var take = options.Int("take", 3);

    var watch = Stopwatch.StartNew();
    var served = await host.Get<SearchService>().SearchAsync(request);
    output.WriteLine($"Through the service: {served.Total:N0} matches in {watch.Elapsed.TotalMilliseconds:N1} ms (a first, cold search)");
    foreach (var notice in served.Notices)
        output.WriteLine($"  notice: {notice}");
    foreach (var hit in served.Items.Take(10))
        output.WriteLine($"  {hit.Score,10:N4}  {hit.Name}");

    var raw = new RawLuceneSearch(host);
    var prepared = raw.Prepare(request);
    output.WriteLine();
    output.WriteLine("Lucene query:");
    output.WriteLine("  " + prepared.Main);
    output.WriteLine("Filter: " + prepared.Filter + (prepared.Sort is { } s ? "; sort " + s : ""));
    var found = raw.Search(prepared, take);
    output.WriteLine($"{found.Total:N0} matches");
    using var lease = host.Index.Acquire()!;
    foreach (var hit in found.Top.ScoreDocs)
    {
        output.WriteLine();
        output.WriteLine($"#{hit.Doc} {lease.Searcher.Doc(hit.Doc).Get(SearchSchema.StoredName, CultureInfo.InvariantCulture)}");
        output.WriteLine(lease.Searcher.Explain(prepared.Main, hit.Doc).ToString());
    }
}

async Task ReindexAsync()
{
    await using var host = await BenchHost.StartAsync(options.Data, fresh: false);
    await host.WaitForIndexAsync(indexTimeout);
    if (options.Has("profile"))
    {
        await ProfileReindexAsync(host);
        return;
    }
    output.WriteLine($"Reindexing {options.Data}; load average {Load()}");
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var allocated = GC.GetTotalAllocatedBytes();
    var paused = GC.GetTotalPauseDuration();
    var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
    var result = await host.Get<SearchReindexer>().ReindexAsync(new ReindexConsole(output, !Console.IsOutputRedirected));
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    PrintReindex(result);
    // CPU time is what a loaded machine inflates least: the portal process's own (PostgreSQL's is not in it).
    output.WriteLine($"  the process's CPU during the reindex: {cpu.TotalSeconds:N1} s, {cpu.TotalMilliseconds / Math.Max(1, result.Documents):N3} ms a document");
    output.WriteLine($"  allocated {(GC.GetTotalAllocatedBytes() - allocated) / Math.Max(1, result.Documents) / 1024.0:N1} KB a document; "
        + $"garbage collections (gen 0/1/2) {string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]))}, "
        + $"paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:N1} s");
    using (var lease = host.Index.Acquire())
        output.WriteLine($"Documents a search sees right after the swap: {lease?.Searcher.IndexReader.NumDocs:N0} of {result.Documents:N0}");
    await PrintSizesAsync(host);
}

// Where a rebuild's time goes, on one thread: reading, building documents, making Lucene documents, analysing and adding them.
// Stages are timed in the thread's CPU time where the system gives it, so a loaded machine does not inflate them.
async Task ProfileReindexAsync(BenchHost host)
{
    var reader = host.Get<StrongCitiesPortal.Content.Publishing.LiveContentReader>();
    var nodes = new List<StrongCitiesPortal.Content.Publishing.PublishedNode>();
    var watch = Stopwatch.StartNew();
    var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
    await using (var connection = await host.DataSource.OpenConnectionAsync())
    {
        await foreach (var node in reader.ReadAllAsync(connection, null, CancellationToken.None))
            nodes.Add(node);
    }
    var reading = watch.Elapsed;
    var readingCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu;
    var byKey = nodes.ToDictionary(n => n.Key);
    output.WriteLine($"{nodes.Count:N0} items read in {reading.TotalSeconds:N1} s ({readingCpu.TotalSeconds:N1} s of this process's CPU); load average {Load()}");
    // CPU time on a shared machine varies from round to round; the fastest round is the one least disturbed.
    var rounds = Enumerable.Range(0, options.Int("repeat", 3)).Select(_ => ProfileRound(host, nodes, byKey)).ToList();
    var best = rounds.MinBy(r => r.Work)!;
    output.WriteLine($"  rounds: {string.Join(", ", rounds.Select(r => $"{r.Work.TotalMilliseconds / r.Documents:N2}"))} ms of CPU a document; the fastest:");
    foreach (var (stage, time) in best.Stages)
        output.WriteLine($"  {stage}: {time.TotalSeconds:N1} s ({time.TotalMilliseconds / best.Documents:N3} ms a document)");
    output.WriteLine($"  (in the thread's {(ThreadCpu.IsCpuTime ? "CPU" : "wall")} time; the parts marked 'again' are extra work on top, timed on the built text)");
    output.WriteLine($"  building and writing without the extra parts: {best.Work.TotalSeconds:N1} s, {best.Work.TotalMilliseconds / best.Documents:N3} ms a document; "
        + $"the process's CPU in that round {best.ProcessCpu.TotalSeconds:N1} s (with the extra parts, merges and GC) in {best.Wall.TotalSeconds:N1} s");
    output.WriteLine($"  {best.Documents:N0} documents ({best.Words / Math.Max(1, best.Documents):N0} distinct words each); load average {Load()}");
}

ProfileRoundResult ProfileRound(BenchHost host, List<StrongCitiesPortal.Content.Publishing.PublishedNode> nodes,
    Dictionary<Guid, StrongCitiesPortal.Content.Publishing.PublishedNode> byKey)
{
    var builder = host.Get<IndexDocumentBuilder>();
    var markdown = host.Get<StrongCitiesPortal.Content.Markdown.MarkdownRenderer>();
    var analyzer = host.Index.Schema.Analyzer;
    var stages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
    var mark = ThreadCpu.Now();
    void Lap(string stage)
    {
        var now = ThreadCpu.Now();
        stages[stage] = stages.GetValueOrDefault(stage) + (now - mark);
        mark = now;
    }
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var folder = Path.Combine(Path.GetTempPath(), "scp-profile-" + Guid.NewGuid().ToString("N")[..6]);
    try
    {
        var words = 0L;
        var documents = 0;
        var lucenes = new LuceneDocuments();
        using (var directory = Lucene.Net.Store.FSDirectory.Open(folder))
        using (var writer = new IndexWriter(directory, LuceneSearchIndex.WriterConfig(host.Index.Schema, OpenMode.CREATE)))
        {
            foreach (var node in nodes)
            {
                mark = ThreadCpu.Now();
                var built = builder.Build(node, k => byKey.GetValueOrDefault(k));
                Lap("IndexDocumentBuilder.Build");
                foreach (var document in built)
                {
                    words += document.Words.Count;
                    documents++;
                    // Parts of Build and of adding, timed again on their own.
                    var wordSet = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var role in SearchSchema.TextRoles)
                        TextTokens.AddWords(document.Text(role), wordSet);
                    Lap("  of which TextTokens.AddWords (again)");
                    markdown.ToPlainText(document.Body);
                    Lap("  of which Markdown to plain text (again)");
                    foreach (var role in SearchSchema.TextRoles)
                        Consume(analyzer, SearchSchema.TextField(role, document.Culture), document.Text(role));
                    Lap("  analysing the text fields alone (again)");
                    var lucene = lucenes.From(document);
                    Lap("LuceneDocuments.From");
                    writer.AddDocument(lucene);
                    Lap("IndexWriter.AddDocument");
                }
            }
            writer.Commit();
            Lap("commit");
        }
        var work = stages.Where(s => !s.Key.EndsWith("(again)", StringComparison.Ordinal)).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Value);
        return new ProfileRoundResult(stages, work, documents, words, Process.GetCurrentProcess().TotalProcessorTime - cpu, watch.Elapsed);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

// Runs a text through the analysis and drops the tokens: what analysing costs, without indexing.
static void Consume(Lucene.Net.Analysis.Analyzer analyzer, string field, string text)
{
    if (text.Length == 0)
        return;
    using var stream = analyzer.GetTokenStream(field, text);
    stream.Reset();
    while (stream.IncrementToken())
    {
    }
    stream.End();
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record ProfileRoundResult(Dictionary<string, TimeSpan> Stages, TimeSpan Work, int Documents, long Words, TimeSpan ProcessCpu, TimeSpan Wall);

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

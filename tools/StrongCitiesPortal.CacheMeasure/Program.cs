using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Publishing;

// Measures the published cache on a large site: `seed CONNECTION N` copies the starter practices into N published
// practices with SQL; `measure CONNECTION` times the start-up's cache load and reports resident memory after it and
// after reading 1,000 practices' values.
if (args.Length < 2 || args[0] is not ("seed" or "measure"))
{
    Console.Error.WriteLine("usage: seed CONNECTION ROWS | measure CONNECTION");
    return 2;
}
var connection = args[1];
var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Portal"] = connection,
    ["Portal:Content:ModelPath"] = Path.Combine(repository, "umbraco"),
    ["Portal:Content:LoadStarterContent"] = args[0] == "seed" ? "true" : "false",
}).AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Npgsql", LogLevel.Warning));
services.AddSingleton<IConfiguration>(configuration);
services.AddPortalContent(configuration, repository);
await using var provider = services.BuildServiceProvider();
var startup = provider.GetServices<IHostedService>().OfType<PortalContentStartup>().Single();
var cache = provider.GetRequiredService<PublishedContentCache>();

var clock = Stopwatch.StartNew();
await startup.StartAsync(CancellationToken.None);
await provider.GetRequiredService<StartupWork>().WaitAsync();
var started = clock.Elapsed;

if (args[0] == "seed")
{
    var rows = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    await using var data = NpgsqlDataSource.Create(connection);
    await using var connectionForSeed = await data.OpenConnectionAsync();
    await using var transaction = await connectionForSeed.BeginTransactionAsync();
    await using var command = new NpgsqlCommand("""
        create temporary table source on commit drop as
        select row_number() over (order by n.id) - 1 as slot, n.parent_id, n.content_type, n.level, n.latest_version, v.data
        from cms_node n join cms_version v on v.node_id = n.id and v.version = n.latest_version
        where n.content_type = 'goodPractice';
        insert into cms_node (key, parent_id, content_type, level, path, sort_order, latest_version, create_date, update_date, created_by, updated_by)
        select gen_random_uuid(), s.parent_id, s.content_type, s.level, '', 1000 + g, s.latest_version, now(), now(), 'seed', 'seed'
        from generate_series(1, @rows) g
        join source s on s.slot = g % (select count(*) from source);
        update cms_node n set path = p.path || n.id || '/' from cms_node p where n.path = '' and p.id = n.parent_id;
        insert into cms_version (node_id, version, data, created_at, created_by)
        select n.id, n.latest_version, jsonb_set(s.data, '{cultures,en,name}', to_jsonb('Practice number ' || n.id)), now(), 'seed'
        from cms_node n join source s on s.slot = n.id % (select count(*) from source)
        where n.created_by = 'seed';
        insert into cms_culture (node_id, culture, name, segment, published_version, published_name, published_segment, published_at)
        select n.id, 'en', 'Practice number ' || n.id, 'practice-' || n.id, n.latest_version, 'Practice number ' || n.id, 'practice-' || n.id, now()
        from cms_node n where n.created_by = 'seed';
        """, connectionForSeed, transaction);
    command.Parameters.AddWithValue("rows", rows);
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
    await transaction.CommitAsync();
    Console.WriteLine($"seeded {rows} practices in {clock.Elapsed - started}");
    return 0;
}

static double Resident() => Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;
static double Managed()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    return GC.GetTotalMemory(true) / 1024.0 / 1024.0;
}

Console.WriteLine($"items: {cache.Count} ({string.Join(", ", cache.CountsByType.OrderByDescending(t => t.Value).Take(4).Select(t => $"{t.Key} {t.Value}"))})");
Console.WriteLine($"start-up (database, migrations, cache): {started.TotalMilliseconds:0} ms");
clock.Restart();
var processor = Process.GetCurrentProcess().TotalProcessorTime;
await cache.LoadAllAsync();
Console.WriteLine($"structure load again: {clock.Elapsed.TotalMilliseconds:0} ms, {(Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds:0} ms of processor time in this process");
Console.WriteLine($"after load: managed {Managed():0} MB, resident {Resident():0} MB");

clock.Restart();
var warmed = await cache.WarmValuesAsync(1000);
Console.WriteLine($"warm-up of {warmed} items: {clock.Elapsed.TotalMilliseconds:0} ms");

var practices = cache.KeysOfType("goodPractice").ToList();
var random = new Random(12);
clock.Restart();
var characters = 0L;
for (var i = 0; i < 1000; i++)
{
    var variant = cache.Get(practices[random.Next(practices.Count)])!.Variant("en")!;
    characters += variant.Values.Count + (variant.Text("summary")?.Length ?? 0);
}
Console.WriteLine($"1,000 practices' values one by one: {clock.Elapsed.TotalMilliseconds:0} ms ({characters} characters read)");
cache.Prefetch(practices.Skip(4000).Take(20).Select(k => cache.Get(k)!).ToList(), "en");
clock.Restart();
var page = practices.Skip(5000).Take(20).Select(k => cache.Get(k)!).ToList();
cache.Prefetch(page, "en");
Console.WriteLine($"20 practices' values in one query: {clock.Elapsed.TotalMilliseconds:0.0} ms");
var statistics = cache.ValueStatistics;
Console.WriteLine($"values cache: {statistics.Entries} entries, ~{statistics.Weight / 1024 / 1024} MB estimated, {statistics.Hits} hits, {statistics.Misses} misses, {statistics.Queries} queries");
Console.WriteLine($"after reading values: managed {Managed():0} MB, resident {Resident():0} MB");
return 0;

using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// A portal instance without its web front: the content engine and search as the portal wires them, hosted
/// services and all (migrations, the published cache, the search index fed by the change feed), on a private
/// PostgreSQL kept in a data folder, so that <c>generate</c> builds a corpus once and <c>bench</c> and
/// <c>reindex</c> reuse it. A second instance on the same database, with its own index folder, is what another
/// server of the portal would be.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _server;
    private readonly IHost _host;

    private BenchHost(EmbeddedPostgres? server, IHost host, string connectionString, string dataFolder)
    {
        _server = server;
        _host = host;
        ConnectionString = connectionString;
        DataFolder = dataFolder;
    }

    public IServiceProvider Services => _host.Services;
    public string ConnectionString { get; }
    public string DataFolder { get; }
    public NpgsqlDataSource DataSource => Services.GetRequiredService<PortalDatabase>().DataSource;
    public LuceneSearchIndex Index => Get<LuceneSearchIndex>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the private server in <paramref name="dataFolder"/> (a new one when <paramref name="fresh"/>) and the first instance on it.</summary>
    public static async Task<BenchHost> StartAsync(string dataFolder, bool fresh)
    {
        if (fresh && Directory.Exists(dataFolder))
        {
            var stale = new EmbeddedPostgres(Path.Combine(dataFolder, "postgres"));
            await stale.StopAsync();
            Directory.Delete(dataFolder, recursive: true);
        }
        // A generated corpus, rebuilt at will: the fast, non-durable settings are fine here.
        var server = new EmbeddedPostgres(Path.Combine(dataFolder, "postgres"), nonDurable: true);
        await server.StartAsync();
        await PortalDatabase.EnsureDatabaseAsync(server.ConnectionString("postgres"), "bench", CancellationToken.None);
        var connectionString = server.ConnectionString("bench") + ";Maximum Pool Size=20;Command Timeout=600";
        return await StartInstanceAsync(server, connectionString, dataFolder, "search-index", loadStarterContent: true);
    }

    /// <summary>Another portal instance on the same database, with its own index in <c>search-index-{name}</c>.</summary>
    public Task<BenchHost> StartAnotherAsync(string name) =>
        StartInstanceAsync(null, ConnectionString, DataFolder, "search-index-" + name, loadStarterContent: false);

    private static async Task<BenchHost> StartInstanceAsync(EmbeddedPostgres? server, string connectionString, string dataFolder, string indexFolder, bool loadStarterContent)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:Content:DataPath"] = dataFolder,
            ["Portal:Content:ModelPath"] = ModelFolder(),
            ["Portal:Content:LoadStarterContent"] = loadStarterContent ? "true" : "false",
            ["Portal:Search:IndexPath"] = Path.Combine(dataFolder, indexFolder),
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPortalContent(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddPortalSearch();
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new BenchHost(server, host, connectionString, dataFolder);
    }

    /// <summary>The repository's <c>umbraco/</c> above the binaries, or above the working folder when they were built elsewhere.</summary>
    private static string ModelFolder()
    {
        var beside = ContentServiceCollectionExtensions.FindModelFolder(AppContext.BaseDirectory);
        return Directory.Exists(Path.Combine(beside, "document-types")) ? beside : ContentServiceCollectionExtensions.FindModelFolder(Directory.GetCurrentDirectory());
    }

    /// <summary>Waits until the index is open and has applied every change committed so far (a first start builds it).</summary>
    public async Task WaitForIndexAsync(TimeSpan timeout)
    {
        var latest = await Get<ContentChangeFeed>().LatestAsync();
        var clock = Stopwatch.StartNew();
        while (!(Index.IsOpen && Index.IsCurrentSchema && Index.Sequence >= latest))
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"The search index did not open and reach change {latest} within {timeout.TotalSeconds:N0} s (at {Index.Sequence}).");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_server is not null)
            await _server.StopAsync();
    }
}

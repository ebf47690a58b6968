using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>
/// The content engine with search, on its own fresh database, with the starter content loaded; its Lucene index in
/// a folder of its own, built at start and fed by the change feed as the portal's is.
/// </summary>
public static class SearchHost
{
    public static Task<ContentHost> StartAsync(string hint, Action<SearchOptions>? options = null, bool loadStarterContent = true, TimeProvider? clock = null,
        string? indexPath = null, Action<IServiceCollection>? more = null) =>
        StartOnAsync(null, hint, options, loadStarterContent, clock, indexPath, more);

    /// <summary>A search host on an existing database (another instance), or on a new one when <paramref name="connectionString"/> is null.</summary>
    public static async Task<ContentHost> StartOnAsync(string? connectionString, string hint, Action<SearchOptions>? options = null, bool loadStarterContent = true,
        TimeProvider? clock = null, string? indexPath = null, Action<IServiceCollection>? more = null)
    {
        var folder = indexPath ?? Path.Combine(Path.GetTempPath(), "scp-index-" + Guid.NewGuid().ToString("N")[..12]);
        void Configure(IServiceCollection services)
        {
            more?.Invoke(services);
            services.AddPortalSearch();
            services.Configure<SearchOptions>(o =>
            {
                o.IndexPath = folder;
                o.PollInterval = TimeSpan.FromMilliseconds(500);
                options?.Invoke(o);
            });
        }
        var host = connectionString is null
            ? await ContentHost.StartAsync(hint, clock: clock, loadStarterContent: loadStarterContent, configure: Configure)
            : await ContentHost.StartOnAsync(connectionString, clock: clock, loadStarterContent: loadStarterContent, configure: Configure);
        await host.Services.GetRequiredService<SearchIndexHost>().StartAsync(CancellationToken.None);
        await host.WaitForIndexAsync();
        return host;
    }

    public static SearchService Search(this ContentHost host) => host.Services.GetRequiredService<SearchService>();

    public static SearchReindexer Reindexer(this ContentHost host) => host.Services.GetRequiredService<SearchReindexer>();

    public static LuceneSearchIndex Index(this ContentHost host) => host.Services.GetRequiredService<LuceneSearchIndex>();

    /// <summary>Waits until the index is open and has applied every change committed so far.</summary>
    public static async Task WaitForIndexAsync(this ContentHost host, TimeSpan? timeout = null)
    {
        var latest = await host.Services.GetRequiredService<StrongCitiesPortal.Content.Changes.ContentChangeFeed>().LatestAsync();
        if (!await host.Index().WaitForAsync(latest, timeout ?? TimeSpan.FromSeconds(30), CancellationToken.None))
            throw new TimeoutException($"The search index did not reach change {latest} (it is at {host.Index().Sequence}). "
                + host.Services.GetRequiredService<SearchIndexHost>().ExecuteTask?.Status + " " + host.Services.GetRequiredService<SearchIndexHost>().ExecuteTask?.Exception);
    }

    /// <summary>What PostgreSQL holds live, built into index documents without the index: the truth a search is checked against.</summary>
    public static async Task<List<IndexDocument>> LiveDocumentsAsync(this ContentHost host)
    {
        var reader = host.Services.GetRequiredService<LiveContentReader>();
        var builder = host.Services.GetRequiredService<IndexDocumentBuilder>();
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        var nodes = new List<PublishedNode>();
        await foreach (var node in reader.ReadAllAsync(connection, null, CancellationToken.None))
            nodes.Add(node);
        var byKey = nodes.ToDictionary(n => n.Key);
        return nodes.SelectMany(n => builder.Build(n, byKey.GetValueOrDefault)).ToList();
    }
}

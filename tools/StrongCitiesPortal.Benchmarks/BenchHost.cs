using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Seeding;
using StrongCitiesPortal.Search;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// The content engine and search on a private PostgreSQL kept in a data folder, so that <c>generate</c>
/// builds a corpus once and <c>bench</c> and <c>reindex</c> reuse it. The published cache is not loaded:
/// nothing here serves pages.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly EmbeddedPostgres _server;

    private BenchHost(EmbeddedPostgres server, ServiceProvider services, string connectionString)
    {
        _server = server;
        Services = services;
        ConnectionString = connectionString;
    }

    public ServiceProvider Services { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource => Services.GetRequiredService<PortalDatabase>().DataSource;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<BenchHost> StartAsync(string dataFolder, bool fresh, Action<IConfigurationBuilder>? settings = null)
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

        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:Content:ModelPath"] = ContentServiceCollectionExtensions.FindModelFolder(AppContext.BaseDirectory),
            ["Portal:Content:LoadStarterContent"] = "true",
        });
        settings?.Invoke(builder);
        var configuration = builder.Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPortalContent(configuration, Directory.GetCurrentDirectory());
        services.AddPortalSearch();
        var provider = services.BuildServiceProvider();

        var database = provider.GetRequiredService<PortalDatabase>();
        var dataSource = await database.StartAsync();
        await provider.GetRequiredService<MigrationRunner>().RunAsync(dataSource);
        var model = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalContentOptions>>().Value.ModelPath;
        await provider.GetRequiredService<StarterContentLoader>().LoadAsync(Path.Combine(model, "content"));
        return new BenchHost(server, provider, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _server.StopAsync();
    }
}

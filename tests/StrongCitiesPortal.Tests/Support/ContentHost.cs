using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests;

/// <summary>The content engine wired as the portal wires it, on its own fresh database.</summary>
public sealed class ContentHost : IAsyncDisposable
{
    private readonly string? _ownDataPath;

    private ContentHost(ServiceProvider services, string connectionString, string dataPath, bool ownsDataPath)
    {
        Services = services;
        ConnectionString = connectionString;
        DataPath = dataPath;
        _ownDataPath = ownsDataPath ? dataPath : null;
    }

    public ServiceProvider Services { get; }
    public string ConnectionString { get; }

    /// <summary>This instance's own data folder (its local files, such as the published cache's structure file).</summary>
    public string DataPath { get; }

    public ContentService Content => Services.GetRequiredService<ContentService>();
    public PublishedContentCache Cache => Services.GetRequiredService<PublishedContentCache>();

    /// <param name="modelPath">A folder with <c>document-types/</c> (and maybe <c>content/</c>); the repository's <c>umbraco/</c> by default.</param>
    public static async Task<ContentHost> StartAsync(string hint, string? modelPath = null, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null, bool loadStarterContent = false, string? dataPath = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        return await StartOnAsync(connectionString, modelPath, clock, configure, loadStarterContent, dataPath);
    }

    /// <summary>Another instance of the portal on an existing database (as a second server would be).</summary>
    /// <param name="dataPath">The instance's data folder, to start again on the files of an earlier instance; a new one by default (removed with the host).</param>
    public static async Task<ContentHost> StartOnAsync(string connectionString, string? modelPath = null, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null, bool loadStarterContent = false, string? dataPath = null)
    {
        var data = dataPath ?? Path.Combine(Path.GetTempPath(), "scp-data-" + Guid.NewGuid().ToString("N")[..12]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:Content:ModelPath"] = modelPath ?? TestPostgres.ModelPath,
            ["Portal:Content:LoadStarterContent"] = loadStarterContent ? "true" : "false",
            ["Portal:Content:DataPath"] = data,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        if (clock is not null)
            services.AddSingleton(clock);
        // The engine's hosted services are resolved (not run by a host) to start it: PortalReady asks for a lifetime.
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        services.AddPortalContent(configuration, TestPostgres.RepositoryRoot);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var startup = provider.GetRequiredService<PortalContentStartup>();
        await startup.StartAsync(CancellationToken.None);
        await provider.GetRequiredService<StartupWork>().WaitAsync();
        return new ContentHost(provider, connectionString, data, ownsDataPath: dataPath is null);
    }

    public async ValueTask DisposeAsync()
    {
        // Background work (the search index following the change feed) stops before what it uses is disposed.
        foreach (var service in Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Microsoft.Extensions.Hosting.BackgroundService>())
        {
            if (service.ExecuteTask is not null)
                await service.StopAsync(CancellationToken.None);
        }
        await Services.DisposeAsync();
        try
        {
            if (_ownDataPath is not null && Directory.Exists(_ownDataPath))
                Directory.Delete(_ownDataPath, recursive: true);
        }
        catch (IOException)
        {
            // A background write finishing as the folder goes: a leftover in the temporary folder, nothing more.
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The whole portal in memory, on its own database with the starter content.</summary>
public sealed class PortalFactory(string connectionString, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public static async Task<PortalFactory> StartAsync(string hint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint), services, settings);
        _ = factory.Server;
        await factory.WaitForSearchIndexAsync();
        return factory;
    }

    /// <summary>
    /// Waits until the first search index is open: pages answer at once while it is built, with their listings empty
    /// for that moment, and a test means the site as it is once indexed.
    /// </summary>
    public async Task WaitForSearchIndexAsync()
    {
        var index = Services.GetRequiredService<StrongCitiesPortal.Search.Index.ISearchIndex>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!index.IsOpen && clock.Elapsed < TimeSpan.FromSeconds(120))
            await Task.Delay(20);
        index.IsOpen.ShouldBeTrue("the portal's search index opened");
        // The page cache is emptied once as its media listener connects: a test means the cache as it is after that.
        await Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StrongCitiesPortal.Web.Features.Shared.PublicPageCacheEviction>()
            .Single().Listening.WaitAsync(TimeSpan.FromSeconds(120));
        await WaitForBackofficeAsync();
    }

    /// <summary>Waits for the backoffice's roles and first administrator, as the backoffice's own requests do.</summary>
    public Task WaitForBackofficeAsync() =>
        Services.GetRequiredService<StrongCitiesPortal.Web.Features.Backoffice.Identity.FirstAdministrator>().Ready.WaitAsync(TimeSpan.FromSeconds(120));

    /// <summary>The portal on real Kestrel at a free loopback port, so a browser can reach it.</summary>
    public static async Task<(PortalFactory Portal, Uri Address)> StartOnKestrelAsync(string hint)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint));
        var port = FreePort();
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        await factory.WaitForSearchIndexAsync();
        return (factory, new Uri($"http://127.0.0.1:{port}"));
    }

    public string ConnectionString => connectionString;

    /// <summary>This portal's own data folder (local media, the mail pickup folder).</summary>
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "scp-web-" + Guid.NewGuid().ToString("N"));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Building a portal captures "the host Program.Main builds" through a process-wide listener: two portals built at
    // once (fixtures run in parallel) can capture each other's host, and one fixture's teardown then stops the other's.
    private static readonly Lock Building = new();

    /// <summary>
    /// False to get the portal back as soon as its web server answers, its start work still running (the start gate's
    /// own tests); by default a portal is handed over started, as a test means it, or its start's failure is thrown.
    /// </summary>
    public bool WaitForStart { get; init; } = true;

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        Microsoft.Extensions.Hosting.IHost host;
        lock (Building)
            host = base.CreateHost(builder);
        if (WaitForStart)
        {
            var work = host.Services.GetRequiredService<StrongCitiesPortal.Content.StartupWork>();
            work.Ready.Wait(TimeSpan.FromMinutes(2)).ShouldBeTrue("the portal's start work finished");
            if (work.Failure is { } failure)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("Portal:Content:ModelPath", TestPostgres.ModelPath);
        builder.UseSetting("Portal:Content:DataPath", DataPath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        // A background loop that throws stops the host by default, and the stopped host's Program.Main then disposes
        // the TestServer under the fixture's remaining tests ("Cannot access a disposed object" on every request).
        // In tests the loop's failure is logged by the host and the test that depends on it fails on its own.
        builder.ConfigureServices(s => s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o =>
            o.BackgroundServiceExceptionBehavior = Microsoft.Extensions.Hosting.BackgroundServiceExceptionBehavior.Ignore));
        if (services is not null)
            builder.ConfigureTestServices(services);
    }
}

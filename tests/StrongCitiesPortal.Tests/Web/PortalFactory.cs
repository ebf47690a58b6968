using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The whole portal in memory, on its own database with the starter content.</summary>
public sealed class PortalFactory(string connectionString, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public static async Task<PortalFactory> StartAsync(string hint, Action<IServiceCollection>? services = null)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint), services);
        _ = factory.Server;
        return factory;
    }

    /// <summary>The portal on real Kestrel at a free loopback port, so a browser can reach it.</summary>
    public static async Task<(PortalFactory Portal, Uri Address)> StartOnKestrelAsync(string hint)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint));
        var port = FreePort();
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        return (factory, new Uri($"http://127.0.0.1:{port}"));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("Portal:Content:ModelPath", TestPostgres.ModelPath);
        builder.UseSetting("Portal:Content:DataPath", Path.Combine(Path.GetTempPath(), "scp-web-" + Guid.NewGuid().ToString("N")));
        if (services is not null)
            builder.ConfigureTestServices(services);
    }
}

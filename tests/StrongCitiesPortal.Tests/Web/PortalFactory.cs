using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The whole portal in memory, on its own database with the starter content.</summary>
public sealed class PortalFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public static async Task<PortalFactory> StartAsync(string hint, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint), settings, services);
        _ = factory.Server;
        return factory;
    }

    public string ConnectionString => connectionString;

    /// <summary>This portal's own data folder (local media, the mail pickup folder).</summary>
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "scp-web-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("Portal:Content:ModelPath", TestPostgres.ModelPath);
        builder.UseSetting("Portal:Content:DataPath", DataPath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureServices(services);
    }
}

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

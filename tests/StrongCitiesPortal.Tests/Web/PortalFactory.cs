using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The whole portal in memory, on its own database with the starter content.</summary>
public sealed class PortalFactory(string connectionString) : WebApplicationFactory<Program>
{
    public static async Task<PortalFactory> StartAsync(string hint)
    {
        var factory = new PortalFactory(await TestPostgres.CreateDatabaseAsync(hint));
        _ = factory.Server;
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("Portal:Content:ModelPath", TestPostgres.ModelPath);
        builder.UseSetting("Portal:Content:DataPath", Path.Combine(Path.GetTempPath(), "scp-web-" + Guid.NewGuid().ToString("N")));
    }
}

using System.Globalization;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Web.Features.Search;

/// <summary>Command-line verbs of the portal for its search: <c>dotnet run --project src/StrongCitiesPortal.Web -- reindex</c>.</summary>
public static class SearchCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "reindex";

    /// <param name="modules">The portal's modules (<see cref="PortalModules.AddPortalModules"/>), as every host registers them.</param>
    public static async Task<int> RunAsync(string[] args, Action<IHostApplicationBuilder> modules)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[1..], ContentRootPath = Directory.GetCurrentDirectory() });
        modules(builder);
        using var host = builder.Build();
        try
        {
            // A reindex reads PostgreSQL: the published cache is not loaded.
            await host.Services.GetRequiredService<PortalContentStartup>().PrepareDatabaseAsync(CancellationToken.None);
            var result = await host.Services.GetRequiredService<SearchReindexer>().ReindexAsync(new ReindexConsole(Console.Out, !Console.IsOutputRedirected));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reindexed {result.Items:N0} items ({result.Documents:N0} documents) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} items/s."));
            return 0;
        }
        finally
        {
            await host.Services.GetRequiredService<PortalDatabase>().DisposeAsync();
        }
    }
}

using System.Globalization;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Web.Features.Search;

/// <summary>Command-line verbs of the portal for its search: <c>dotnet run --project src/StrongCitiesPortal.Web -- reindex</c>.</summary>
public static class SearchCommands
{
    /// <returns>True when the arguments asked for a command, which has then run: the portal should not start.</returns>
    public static async Task<bool> RunSearchCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0] != "reindex")
            return false;
        var content = app.Services.GetServices<IHostedService>().OfType<PortalContentStartup>().Single();
        // A reindex reads PostgreSQL: the published cache is not loaded.
        await content.PrepareDatabaseAsync(CancellationToken.None);
        var reindexer = app.Services.GetRequiredService<SearchReindexer>();
        var result = await reindexer.ReindexAsync(new ReindexConsole(Console.Out, !Console.IsOutputRedirected));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reindexed {result.Items:N0} items ({result.Documents:N0} documents) in {result.Elapsed.TotalSeconds:N1} s: {result.Rate:N0} items/s."));
        await app.Services.GetRequiredService<StrongCitiesPortal.Content.Persistence.PortalDatabase>().DisposeAsync();
        return true;
    }
}

using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The content engine with search, on its own fresh database, with the starter content loaded and indexed as it was published.</summary>
public static class SearchHost
{
    public static Task<ContentHost> StartAsync(string hint, Action<SearchOptions>? options = null, bool loadStarterContent = true, TimeProvider? clock = null) =>
        ContentHost.StartAsync(hint, clock: clock, loadStarterContent: loadStarterContent, configure: services =>
        {
            services.AddPortalSearch();
            if (options is not null)
                services.Configure(options);
        });

    public static SearchService Search(this ContentHost host) => host.Services.GetRequiredService<SearchService>();

    public static SearchReindexer Reindexer(this ContentHost host) => host.Services.GetRequiredService<SearchReindexer>();
}

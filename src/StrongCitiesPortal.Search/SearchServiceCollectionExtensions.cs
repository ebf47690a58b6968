using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Full-text search over live content, in this instance's Lucene index fed by the change feed. Call after <c>AddPortalContent</c>.</summary>
    public static IHostApplicationBuilder AddPortalSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPortalSearch();
        return builder;
    }

    public static IServiceCollection AddPortalSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource("search", typeof(SearchService).Assembly, "StrongCitiesPortal.Search.Persistence.Migrations."));
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<SearchOptions>>().Value.ModelPath;
            var folder = string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.ModelPath, "search")
                : Path.GetFullPath(configured);
            return SearchModel.LoadFromFolder(folder);
        });
        services.AddSingleton(sp => new LuceneSearches(sp.GetRequiredService<SearchSchema>(), sp.GetRequiredService<SearchModel>(),
            sp.GetRequiredService<IOptions<SearchOptions>>().Value, sp.GetRequiredService<StrongCitiesPortal.Content.Publishing.PublishedContentCache>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SearchSchema(sp.GetRequiredService<SearchModel>(), sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.EffectiveCultures));
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<SearchOptions>>().Value.IndexPath;
            var folder = string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.DataPath, "search-index")
                : Path.GetFullPath(configured);
            return new LuceneSearchIndex(folder, sp.GetRequiredService<SearchSchema>(), sp.GetRequiredService<LuceneSearches>(),
                sp.GetRequiredService<IOptions<SearchOptions>>().Value.CommitInterval, sp.GetRequiredService<ILogger<LuceneSearchIndex>>());
        });
        // The one engine behind the index's interface; a hosted engine would be registered here instead.
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<LuceneSearchIndex>());
        services.AddSingleton<Synonyms>();
        services.AddSingleton<FacetLabels>();
        services.AddSingleton<IndexDocumentBuilder>();
        services.AddSingleton<IndexUpdater>();
        services.AddSingleton<SearchReindexer>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<Delivery.DeliveryQueryService>();
        services.AddSingleton<SearchIndexHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexHost>());
        return services;
    }
}

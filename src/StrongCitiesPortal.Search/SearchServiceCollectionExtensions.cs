using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Notifications;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Full-text search over live content in PostgreSQL. Call after <c>AddPortalContent</c>.</summary>
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
        services.AddSingleton<Synonyms>();
        services.AddSingleton<FacetDictionary>();
        services.AddSingleton<SearchStatistics>();
        services.AddSingleton<IndexDocumentBuilder>();
        services.AddSingleton<SearchIndexWriter>();
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<SearchIndexWriter>());
        services.AddSingleton<IContentNotificationHandler<ContentUnpublishedNotification>>(sp => sp.GetRequiredService<SearchIndexWriter>());
        services.AddSingleton<IContentNotificationHandler<ContentDeletedNotification>>(sp => sp.GetRequiredService<SearchIndexWriter>());
        services.AddSingleton<SearchReindexer>();
        services.AddSingleton<SearchService>();
        services.AddHostedService<SearchStartup>();
        return services;
    }
}

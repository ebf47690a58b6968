using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Audit;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Content.Scheduling;
using StrongCitiesPortal.Content.Seeding;

namespace StrongCitiesPortal.Content;

public static class ContentServiceCollectionExtensions
{
    /// <summary>The content engine: document types, content, versions, publishing, the published cache.</summary>
    public static IHostApplicationBuilder AddPortalContent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPortalContent(builder.Configuration, builder.Environment.ContentRootPath);
        return builder;
    }

    public static IServiceCollection AddPortalContent(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<PortalContentOptions>()
            .BindConfiguration(PortalContentOptions.Section)
            .PostConfigure(o =>
            {
                o.ModelPath = string.IsNullOrWhiteSpace(o.ModelPath) ? FindModelFolder(contentRoot) : Path.GetFullPath(o.ModelPath, contentRoot);
                o.DataPath = Path.GetFullPath(o.DataPath, contentRoot);
                if (o.Cultures.Count == 0)
                    o.Cultures.AddRange(["en", "fr", "ar"]);
            })
            .Validate(o => o.ChangeFeed.RetainDays >= 1, "Portal:Content:ChangeFeed:RetainDays must be at least 1 (days).")
            .Validate(o => o.ChangeFeed.PruneInterval > TimeSpan.Zero, "Portal:Content:ChangeFeed:PruneInterval must be positive.");

        services.TryAddSingleton(TimeProvider.System);
        services.AddPropertyEditorsFrom(typeof(PropertyEditor).Assembly);
        services.AddSingleton(sp => DocumentTypeRegistry.LoadFromFolder(
            Path.Combine(sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.ModelPath, "document-types"),
            sp.GetRequiredService<PropertyEditorCollection>()));
        services.AddSingleton(sp => new PortalDatabase(
            configuration.GetConnectionString("Portal"),
            sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.DataPath,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource("content", typeof(ContentService).Assembly, "StrongCitiesPortal.Content.Persistence.Migrations."));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ContentNotificationPublisher>();
        // The contracts (Contracts/) are what the rest of the portal asks for; the concrete services stay registered for the engine's own use.
        services.AddSingleton<ContentService>();
        services.AddSingleton<IContentService>(sp => sp.GetRequiredService<ContentService>());
        services.AddSingleton<ContentReader>();
        services.AddSingleton<IContentReader>(sp => sp.GetRequiredService<ContentReader>());
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<PublishedContentCache>();
        services.AddSingleton<PublishedCacheRefresher>();
        services.AddSingleton<LiveContentReader>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<DraftContentReader>();
        services.AddSingleton<ContentTreeReader>();
        services.AddSingleton<CultureStatusReader>();
        services.AddSingleton<ContentReferenceReader>();
        services.AddSingleton<LatestVersionLock>();
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<PublishedCacheRefresher>());
        services.AddSingleton<IContentNotificationHandler<ContentUnpublishedNotification>>(sp => sp.GetRequiredService<PublishedCacheRefresher>());
        services.AddSingleton<IContentNotificationHandler<ContentMovedNotification>>(sp => sp.GetRequiredService<PublishedCacheRefresher>());
        services.AddSingleton<IContentNotificationHandler<ContentDeletedNotification>>(sp => sp.GetRequiredService<PublishedCacheRefresher>());
        services.AddSingleton<ContentChangeFeed>();
        services.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(sp => sp.GetRequiredService<ContentChangeFeed>());
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<ContentChangeFeed>());
        services.AddSingleton<IContentNotificationHandler<ContentUnpublishedNotification>>(sp => sp.GetRequiredService<ContentChangeFeed>());
        services.AddSingleton<IContentNotificationHandler<ContentMovedNotification>>(sp => sp.GetRequiredService<ContentChangeFeed>());
        services.AddSingleton<IContentNotificationHandler<ContentDeletedNotification>>(sp => sp.GetRequiredService<ContentChangeFeed>());
        // Reads for bulk callers (imports, exports, site copies): the engine's tables stay behind these.
        services.AddSingleton<StoredItemReader>();
        services.AddSingleton<ItemLookup>();
        services.AddSingleton<LiveRouteFinder>();
        services.AddSingleton<StarterContentLoader>();
        services.AddSingleton<ScheduledPublishing>();

        services.AddSingleton<StartupWork>();
        services.AddSingleton<PortalContentStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<PortalContentStartup>());
        services.AddHostedService<PortalReady>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledPublishing>());
        services.AddHostedService<PublishedCacheListener>();
        services.AddHostedService<ChangeFeedPruner>();
        return services;
    }

    /// <summary>
    /// Moves <see cref="PortalReady"/> after every hosted service registered so far, so the slow parts of their
    /// starts run side by side and all are done before the services registered later (the web server) start.
    /// </summary>
    public static IServiceCollection WaitForStartupWorkLast(this IServiceCollection services)
    {
        var ready = services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(PortalReady));
        services.Remove(ready);
        services.Add(ready);
        return services;
    }

    /// <summary>The repository's <c>umbraco/</c> folder above the content root, else the copy beside the binaries.</summary>
    public static string FindModelFolder(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "umbraco");
            if (Directory.Exists(Path.Combine(candidate, "document-types")))
                return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "umbraco");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer;

public static class TransferServiceCollectionExtensions
{
    /// <summary>Bulk import and export. Register after <c>AddPortalContent</c> (its tables come after the engine's).</summary>
    public static IHostApplicationBuilder AddPortalTransfer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPortalTransfer();
        return builder;
    }

    public static IServiceCollection AddPortalTransfer(this IServiceCollection services)
    {
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource("transfer", typeof(ImportService).Assembly, "StrongCitiesPortal.Transfer.Persistence.Migrations."));
        services.AddSingleton<ImportJournal>();
        services.AddSingleton<ImportWriteRecorder>();
        services.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(sp => sp.GetRequiredService<ImportWriteRecorder>());
        services.AddSingleton<ImportService>();
        services.AddSingleton<ContentExporter>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<SiteTransfer>();
        return services;
    }
}

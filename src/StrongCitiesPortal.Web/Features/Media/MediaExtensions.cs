using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Media.Storage;

namespace StrongCitiesPortal.Web.Features.Media;

public static class MediaExtensions
{
    /// <summary>The media library, its store (local disk, or Azure Blob Storage when configured) and its backoffice pages.</summary>
    public static IHostApplicationBuilder AddPortalMedia(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section);
        services.AddOptions<AzureBlobMediaOptions>().BindConfiguration(AzureBlobMediaOptions.Section);
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource(
            "media", typeof(MediaExtensions).Assembly, "StrongCitiesPortal.Web.Features.Media.Migrations."));
        services.AddSingleton<IMediaStore>(sp =>
        {
            var azure = sp.GetRequiredService<IOptions<AzureBlobMediaOptions>>().Value;
            if (azure.IsConfigured)
                return AzureBlobMediaStore.FromOptions(azure);
            var local = sp.GetRequiredService<IOptions<MediaOptions>>().Value.LocalPath;
            return new LocalDiskMediaStore(string.IsNullOrWhiteSpace(local)
                ? Path.Combine(sp.GetRequiredService<IOptions<PortalContentOptions>>().Value.DataPath, "media")
                : Path.GetFullPath(local, builder.Environment.ContentRootPath));
        });
        services.AddSingleton<MediaLibrary>();
        services.AddSingleton<IMediaChoices>(sp => sp.GetRequiredService<MediaLibrary>());
        services.AddSingleton<StrongCitiesPortal.Content.Contracts.IContentNotificationHandler<StrongCitiesPortal.Content.Contracts.ContentPublishedNotification>, MediaReleaseOnPublish>();
        // Replaces the public portal's placeholder, which lists no attachments.
        services.AddSingleton<Practices.IPracticeAttachments, MediaPracticeAttachments>();
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = builder.Configuration.GetSection(MediaOptions.Section).Get<MediaOptions>()?.MaxUploadBytes + 1024 * 1024 ?? 31 * 1024 * 1024);
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/Media", Policies.Staff));
        return builder;
    }

    public static WebApplication MapPortalMedia(this WebApplication app)
    {
        app.MapGet("/media/{key:guid}/{fileName}", MediaFiles.ServeAsync)
            .WithName("MediaFile")
            .WithSummary("A media library file, with its own content type and long-lived caching.")
            .WithTags("Media");
        app.MapGet($"{BackofficeExtensions.Path}/media-file/{{key:guid}}/{{fileName}}", MediaFiles.ServeToEditorAsync)
            .RequireAuthorization(Policies.Backoffice)
            .ExcludeFromDescription();
        return app;
    }
}

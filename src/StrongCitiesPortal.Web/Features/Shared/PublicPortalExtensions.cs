using StrongCitiesPortal.Web.Features.Cities;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Events;
using StrongCitiesPortal.Web.Features.Feeds;
using StrongCitiesPortal.Web.Features.Home;
using StrongCitiesPortal.Web.Features.News;
using StrongCitiesPortal.Web.Features.Practices;
using StrongCitiesPortal.Web.Features.SteeringCommittee;
using StrongCitiesPortal.Web.Features.Themes;

namespace StrongCitiesPortal.Web.Features.Shared;

public static class PublicPortalExtensions
{
    /// <summary>The public portal: per-type page templates, the practice library, the map, feeds and the sitemap.</summary>
    public static IHostApplicationBuilder AddPublicPortal(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalSiteOptions>().BindConfiguration(PortalSiteOptions.Section);
        services.AddHttpContextAccessor();
        // French and Arabic text goes out as characters, not as numeric entities (markup stays encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<SiteOutline>();
        services.AddSingleton<SitemapPages>();
        services.AddSingleton<ContentRouter>();
        services.AddSingleton<SiteStates>();
        services.AddSingleton<SearchAnswers>();
        services.AddSingleton<PortalContent>();
        services.AddSingleton<Cards>();
        services.AddScoped<SitePage>();
        services.AddSingleton<WorldMap>();
        services.AddPracticeLibrary();
        services.AddCityContact();

        // Content pages go through the anonymous page cache (one policy instance on the catch-all page's endpoint).
        services.AddOutputCache();
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>().Configure<Microsoft.Extensions.Options.IOptions<PortalSiteOptions>>((cache, site) =>
            cache.SizeLimit = Math.Max(1, site.Value.PageCache.MaxMegabytes) * 1024L * 1024L);
        services.AddHostedService<PublicPageCacheEviction>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AddPageApplicationModelConvention("/Content/ContentPage", page => page.EndpointMetadata.Add(new PublicPageCache())));

        services.AddSingleton<FallbackTemplate>();
        services.AddSingleton<ContentTemplates>();
        services.AddSingleton<IContentTemplate, HomeTemplate>();
        services.AddSingleton<IContentTemplate, PracticeLibraryTemplate>();
        services.AddSingleton<IContentTemplate, GoodPracticeTemplate>();
        services.AddSingleton<IContentTemplate, ThemeLibraryTemplate>();
        services.AddSingleton<IContentTemplate, ThemeTemplate>();
        services.AddSingleton<IContentTemplate, MemberDirectoryTemplate>();
        services.AddSingleton<IContentTemplate, MemberCityTemplate>();
        services.AddSingleton<IContentTemplate, SteeringCommitteeTemplate>();
        services.AddSingleton<IContentTemplate, SteeringCommitteeMemberTemplate>();
        services.AddSingleton<IContentTemplate, EventListTemplate>();
        services.AddSingleton<IContentTemplate, EventTemplate>();
        services.AddSingleton<IContentTemplate, WorkshopReportTemplate>();
        services.AddSingleton<IContentTemplate, NewsListTemplate>();
        services.AddSingleton<IContentTemplate, NewsArticleTemplate>();
        return builder;
    }

    public static WebApplication MapPublicPortal(this WebApplication app)
    {
        // After sign-in is known (UsePortalBackoffice); the Delivery API has its own output cache on its own branch.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/umbraco", StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments("/backoffice", StringComparison.OrdinalIgnoreCase), pages => pages.UseOutputCache());
        app.MapFeeds();
        app.MapSiteIndex();
        app.MapWorldMap();
        // Browsers ask for /favicon.ico whatever the page says; the icon is one SVG.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
        return app;
    }
}

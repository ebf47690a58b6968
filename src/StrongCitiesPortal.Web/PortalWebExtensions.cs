using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web.Features.Health;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Web;

public static class PortalWebExtensions
{
    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options => options.RootDirectory = "/Features");
        builder.Services.AddProblemDetails();
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddPropertyEditorWebFrom(typeof(PortalWebExtensions).Assembly);
        builder.Services.AddSingleton<ContentRendering>();
        builder.AddPortalHealth();
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        // Work that only makes later requests faster waits for the first answer (StartupWork.AfterFirstAnswerAsync).
        var startup = app.Services.GetRequiredService<StartupWork>();
        app.Use(async (context, next) =>
        {
            await next(context);
            startup.Answered();
        });
        // Outside Development every failure gets the error page (or, for a database outage, a 503: DatabaseOutageHandler).
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // An outage is logged once per request as a warning by DatabaseOutageHandler, not as an error with its stack.
                SuppressDiagnosticsCallback = failure => DatabaseOutage.Is(failure.Exception),
            });
            // Browsers remember to come back over HTTPS only; plain HTTP is redirected where an HTTPS port is known.
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders();
        // APIs answer with their own problem details; only pages get the helpful 404 page.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !context.Request.Path.StartsWithSegments("/umbraco", StringComparison.OrdinalIgnoreCase),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles();
        app.UseRouting();
        // Kestrel listens while the start work runs; a routed request waits here until it is done.
        app.UseStartupGate();
        return app;
    }

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapPortalHealth();
        app.MapRazorPages();
        return app;
    }
}

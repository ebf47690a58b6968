using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Webhooks;

public static class WebhookExtensions
{
    public const string AdministratorPolicy = "Administrator";
    public const string AdministratorRole = "Administrator";

    /// <summary>Webhooks for content events: the outbox written with each change, the worker that delivers it, and the administrators' API.</summary>
    public static IHostApplicationBuilder AddPortalWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.Section)
            .Validate(o => o.AllowedPrivateNetworks.All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _) || System.Net.IPAddress.TryParse(n.Trim(), out _)),
                $"{WebhookDeliveryOptions.Section}:AllowedPrivateNetworks takes networks (10.20.0.0/16) or addresses (10.20.1.5).")
            .ValidateOnStart();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource("webhooks", typeof(WebhookStore).Assembly, "StrongCitiesPortal.Web.Features.Webhooks.Migrations.", "media"));

        services.AddSingleton<WebhookStore>();
        services.AddSingleton<ContentWebhookEvents>();
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());
        services.AddSingleton<IContentNotificationHandler<ContentUnpublishedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());
        services.AddSingleton<IContentNotificationHandler<ContentDeletedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());

        // Receivers are called as given: a redirect is an answer to log, not a place to follow. No proxy, so every
        // connection goes through the address check, to the very address it checked.
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
            });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        // The backoffice's roles; the same rule as its "Administrators" policy, under the name this API was specified with.
        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AdministratorRole));
        // Signed out, the backoffice cookie answers this API with a bare 401; give it a problem body, so the
        // portal's HTML status pages leave it alone and clients read why.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, cookie =>
        {
            var backoffice = cookie.Events.OnRedirectToLogin;
            cookie.Events.OnRedirectToLogin = context => context.Request.Path.StartsWithSegments(WebhookAdminApi.BasePath, StringComparison.OrdinalIgnoreCase)
                ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in to the backoffice as an administrator.").ExecuteAsync(context.HttpContext)
                : backoffice(context);
        });
        return builder;
    }

    /// <summary>The administrators' API. Sign-in (the backoffice cookie) and authorization come from the backoffice's middleware.</summary>
    public static WebApplication MapPortalWebhooks(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(WebhookAdminApi.BasePath, StringComparison.OrdinalIgnoreCase), branch =>
            branch.Use((context, next) =>
            {
                // API clients get problem details, not the portal's HTML status pages.
                context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                return next(context);
            }));
        app.MapWebhookAdminApi();
        return app;
    }
}

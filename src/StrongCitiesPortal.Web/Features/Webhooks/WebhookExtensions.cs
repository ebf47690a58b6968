using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Notifications;
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
        services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.Section);
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource("webhooks", typeof(WebhookStore).Assembly, "StrongCitiesPortal.Web.Features.Webhooks.Migrations."));

        services.AddSingleton<WebhookStore>();
        services.AddSingleton<ContentWebhookEvents>();
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());
        services.AddSingleton<IContentNotificationHandler<ContentUnpublishedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());
        services.AddSingleton<IContentNotificationHandler<ContentDeletedNotification>>(sp => sp.GetRequiredService<ContentWebhookEvents>());

        // Receivers are called as given: a redirect is an answer to log, not a place to follow.
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AdministratorRole));
        services.AddAuthentication();
        services.AddSingleton<IPostConfigureOptions<AuthenticationOptions>, NoSignInFallback>();
        return builder;
    }

    public static WebApplication MapPortalWebhooks(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(WebhookAdminApi.BasePath, StringComparison.OrdinalIgnoreCase), branch =>
        {
            branch.Use((context, next) =>
            {
                // API clients get problem details, not the portal's HTML status pages.
                context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                return next(context);
            });
            branch.UseAuthentication();
            branch.UseAuthorization();
        });
        app.MapWebhookAdminApi();
        return app;
    }
}

/// <summary>
/// Until the backoffice's sign-in is in place, a scheme that signs nobody in, so the administrators'
/// API answers 401/403 instead of failing for want of a scheme. Any configured default scheme wins.
/// </summary>
internal sealed class NoSignInFallback : IPostConfigureOptions<AuthenticationOptions>
{
    public const string Scheme = "Portal.NoSignIn";

    public void PostConfigure(string? name, AuthenticationOptions options)
    {
        if (options.DefaultScheme is not null || options.DefaultChallengeScheme is not null || options.DefaultAuthenticateScheme is not null)
            return;
        if (options.Schemes.All(s => s.Name != Scheme))
            options.AddScheme<NoSignInHandler>(Scheme, null);
        options.DefaultScheme = Scheme;
    }
}

internal sealed class NoSignInHandler : IAuthenticationHandler
{
    private HttpContext _context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in as an administrator.").ExecuteAsync(_context);

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Only administrators may manage webhooks.").ExecuteAsync(_context);
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;
using StrongCitiesPortal.Web.Features.Backoffice.Users;

namespace StrongCitiesPortal.Web.Features.Backoffice;

public static class BackofficeExtensions
{
    public const string Path = "/backoffice";

    /// <summary>Sign-in (ASP.NET Core Identity on the portal's PostgreSQL), roles, editing, review, invitations.</summary>
    public static IHostApplicationBuilder AddPortalBackoffice(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BackofficeOptions>().BindConfiguration(BackofficeOptions.Section);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.AddSingleton<IMigrationSource>(new EmbeddedMigrationSource(
            "backoffice", typeof(BackofficeExtensions).Assembly, "StrongCitiesPortal.Web.Features.Backoffice.Migrations."));

        services.AddDbContext<BackofficeDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<PortalDatabase>().DataSource));

        var backoffice = builder.Configuration.GetSection(BackofficeOptions.Section).Get<BackofficeOptions>() ?? new BackofficeOptions();
        services.AddIdentity<BackofficeUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 12;
                // Lockout is only an administrator's "disable"; failed sign-ins are slowed by SignInThrottle instead.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<BackofficeDbContext>()
            .AddClaimsPrincipalFactory<BackofficeClaimsFactory>()
            .AddDefaultTokenProviders();
        // A changed role or city reaches the user's cookie within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie = new SecureCookieBuilder
            {
                Name = "scp.backoffice",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                // Only the backoffice (its pages and its APIs, webhooks included) ever sees the sign-in.
                Path = Path,
                IsEssential = true,
            };
            cookie.LoginPath = $"{Path}/login";
            cookie.LogoutPath = $"{Path}/logout";
            cookie.AccessDeniedPath = $"{Path}/login";
            cookie.ExpireTimeSpan = backoffice.SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToAccessDenied = context =>
                context.HttpContext.RequestServices.GetRequiredService<AccessDenial>().RespondAsync(context.HttpContext);
            cookie.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments($"{Path}/api", StringComparison.OrdinalIgnoreCase) || context.Request.Method != HttpMethods.Get)
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else
                    context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie = new SecureCookieBuilder
            {
                Name = "scp.antiforgery",
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                IsEssential = true,
            };
            o.HeaderName = "RequestVerificationToken";
        });
        services.AddDataProtection().SetApplicationName("StrongCitiesPortal")
            .ProtectKeysFromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton<DataProtectionKeys>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeys>((o, keys) => o.XmlRepository = keys);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Backoffice, p => p.RequireRole(BackofficeRoles.All))
            .AddPolicy(Policies.Staff, p => p.RequireRole(BackofficeRoles.Administrator, BackofficeRoles.Editor, BackofficeRoles.Writer))
            .AddPolicy(Policies.Publishers, p => p.RequireRole(BackofficeRoles.Administrator, BackofficeRoles.Editor))
            .AddPolicy(Policies.Administrators, p => p.RequireRole(BackofficeRoles.Administrator));
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Backoffice", Policies.Backoffice);
            o.Conventions.AllowAnonymousToPage("/Backoffice/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Backoffice/Account/Setup");
            o.Conventions.AllowAnonymousToPage("/Backoffice/Account/Invitation");
            o.Conventions.AuthorizeFolder("/Backoffice/Users", Policies.Administrators);
            o.Conventions.AuthorizeFolder("/Backoffice/Audit", Policies.Publishers);
            o.Conventions.AuthorizeFolder("/Backoffice/Reviews", Policies.Publishers);
            o.Conventions.AuthorizePage("/Backoffice/Account/Invite", Policies.Publishers);
            o.Conventions.AuthorizePage("/Backoffice/Content/RecycleBin", Policies.Publishers);
            o.Conventions.AddPageRoute("/Backoffice/Content/Edit", "backoffice/content/create");
        });

        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccessDenial>();
        services.AddSingleton<ContentTree>();
        services.AddSingleton<CultureStates>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(sp => sp.GetRequiredService<ReviewService>());
        services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(sp => sp.GetRequiredService<ReviewService>());
        services.AddScoped<Invitations>();
        services.AddScoped<ReviewMail>();
        services.AddScoped<SetupLinks>();
        services.AddSingleton<FirstAdministrator>();
        services.AddHostedService(sp => sp.GetRequiredService<FirstAdministrator>());
        return builder;
    }

    /// <summary>
    /// Data protection reads its key ring from PostgreSQL when the host starts (a hosted service of its own), which is
    /// before the database is ready: the web server starts beside it (<see cref="StartupWork"/>). Without that service
    /// the ring is read on first use, by the first cookie or form that needs it. Called once every module is registered,
    /// as each registration of data protection (authentication, antiforgery, Identity) adds the service again.
    /// </summary>
    public static IServiceCollection WithoutKeyRingReadAtStart(this IServiceCollection services)
    {
        var readsKeysAtStart = typeof(KeyManagementOptions).Assembly.GetType("Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService", throwOnError: true);
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType == readsKeysAtStart)
                services.RemoveAt(i);
        }
        return services;
    }

    public static WebApplication UsePortalBackoffice(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
            {
                // The roles and the first administrator are prepared beside the public site's start.
                var ready = context.RequestServices.GetRequiredService<FirstAdministrator>().Ready;
                if (!ready.IsCompleted)
                    context.RequestServices.GetRequiredService<StartupWork>().Needed();
                try
                {
                    await ready.WaitAsync(context.RequestAborted);
                }
                catch (Exception) when (ready.IsFaulted)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync("The backoffice could not be prepared (see the portal's log); restart the portal once the cause is fixed.");
                    return;
                }
                // The site-wide security headers apply (UsePortalWeb); the backoffice adds no caching and no referrer beyond itself.
                var headers = context.Response.Headers;
                headers.CacheControl = "no-cache, no-store";
                headers["Referrer-Policy"] = "same-origin";
            }
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapPortalBackoffice(this WebApplication app)
    {
        app.MapPost($"{Path}/api/markdown-preview", MarkdownPreviewAsync)
            .RequireAuthorization(Policies.Backoffice)
            .ExcludeFromDescription();
        app.MapPost($"{Path}/api/media/upload", MediaUploadApi.UploadAsync)
            .RequireAuthorization(Policies.Backoffice)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The editor's live preview: the same safe rendering the site uses.</summary>
    private static async Task<IResult> MarkdownPreviewAsync(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
        StrongCitiesPortal.Content.Markdown.MarkdownRenderer markdown)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            return TypedResults.BadRequest();
        }
        var form = await context.Request.ReadFormAsync();
        var text = form["text"].ToString();
        if (text.Length > 200_000)
            return TypedResults.BadRequest();
        return TypedResults.Content(markdown.ToHtml(text), "text/html; charset=utf-8");
    }
}

public static class Policies
{
    public const string Backoffice = "Backoffice";
    public const string Staff = "Staff";
    public const string Publishers = "Publishers";
    public const string Administrators = "Administrators";
}

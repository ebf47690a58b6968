using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Tests.Web;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The portal with one account per role, and clients signed in as each.</summary>
public sealed class BackofficePortal : IAsyncDisposable
{
    public const string Password = "Strong-Cities-2024!";
    public const string Administrator = "admin@scn.test";
    public const string Editor = "editor@scn.test";
    public const string Writer = "writer@scn.test";
    public const string LondonEditor = "focal@london.test";
    public const string ParisEditor = "focal@paris.test";

    public static readonly Guid London = Guid.Parse("902335b8-24a9-402d-a90d-1645645e5cbc");
    public static readonly Guid Paris = Guid.Parse("fabc57ad-a609-42fa-b998-06ffa6c4f87d");
    public static readonly Guid LeicesterPractice = Guid.Parse("2d35876f-fedb-4344-899c-cd92bbaab1b9");
    public static readonly Guid IReportIt = Guid.Parse("2e2e672d-a8c7-40b5-82f0-19a0f48c307d");
    public static readonly Guid Twinning = Guid.Parse("a0c54969-7a38-493c-9f76-7a5dd74366ad");
    public static readonly Guid PracticeLibrary = Guid.Parse("11405358-73cb-4fe5-a03d-a8a1b146a032");
    public static readonly Guid Events = Guid.Parse("ad88f9d8-8691-45dd-a143-c9f7c4304c94");
    public static readonly Guid WorkshopReport = Guid.Parse("acaee9b3-6abb-448b-919d-77a1d32289bd");

    private BackofficePortal(PortalFactory factory) => Factory = factory;

    public PortalFactory Factory { get; }
    public IServiceProvider Services => Factory.Services;
    public ContentService Content => Services.GetRequiredService<ContentService>();
    public PublishedContentCache Cache => Services.GetRequiredService<PublishedContentCache>();
    public AuditLog Audit => Services.GetRequiredService<AuditLog>();
    public string MailFolder => Path.Combine(Factory.DataPath, "mail-pickup");

    /// <summary>The public address invitation links are built from, unless a test's settings say otherwise.</summary>
    public const string PublicUrl = "https://portal.scn.test";

    public static async Task<BackofficePortal> StartAsync(string hint, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, bool withUsers = true)
    {
        var merged = new Dictionary<string, string?> { ["Portal:Backoffice:PublicUrl"] = PublicUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;
        return await WrapAsync(await PortalFactory.StartAsync(hint, services, merged), withUsers);
    }

    /// <summary>One account per role on an already started portal.</summary>
    public static async Task<BackofficePortal> WrapAsync(PortalFactory factory, bool withUsers = true)
    {
        await factory.WaitForBackofficeAsync();
        var portal = new BackofficePortal(factory);
        if (withUsers)
        {
            await portal.CreateUserAsync(Administrator, BackofficeRoles.Administrator);
            await portal.CreateUserAsync(Editor, BackofficeRoles.Editor);
            await portal.CreateUserAsync(Writer, BackofficeRoles.Writer);
            await portal.CreateUserAsync(LondonEditor, BackofficeRoles.CityEditor, London);
            await portal.CreateUserAsync(ParisEditor, BackofficeRoles.CityEditor, Paris);
        }
        return portal;
    }

    public async Task CreateUserAsync(string email, string role, Guid? city = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CityKey = city, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
        var created = await users.CreateAsync(user, Password);
        created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
    }

    /// <summary>A browser-like client: HTTPS (the cookies are Secure), cookies kept, redirects not followed.</summary>
    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = Anonymous();
        var response = await SignInAsync(client, email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {email}");
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.PageAsync("/backoffice/login");
        return await client.SubmitAsync("/backoffice/login", page.Form("form"), new Dictionary<string, string?> { ["email"] = email, ["password"] = password });
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

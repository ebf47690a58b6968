using System.Net;
using System.Text.Json;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Tests.Backoffice;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The portal while its PostgreSQL is stopped and after it is back: 503s that say so, never 500s.</summary>
[NonParallelizable]
[Category("Database")]
public sealed class DatabaseOutageTests
{
    private string _folder = "";
    private EmbeddedPostgres _server = null!;
    private BackofficePortal _portal = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"scp-outage-{Guid.NewGuid():N}");
        _server = new EmbeddedPostgres(_folder, nonDurable: true);
        await _server.StartAsync();
        await PortalDatabase.EnsureDatabaseAsync(_server.ConnectionString("postgres"), "outage", CancellationToken.None);
        var factory = new PortalFactory(_server.ConnectionString("outage"));
        _ = factory.Server;
        _portal = await BackofficePortal.WrapAsync(factory);
        _client = _portal.Anonymous();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
        await _server.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task While_postgres_is_down_requests_answer_503_with_retry_after_and_health_names_it_then_all_recovers()
    {
        (await _client.GetAsync("/api/search?q=youth")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var login = await _client.PageAsync("/backoffice/login");
        var administrator = await _portal.SignInAsync(BackofficePortal.Administrator);
        (await administrator.GetAsync("/backoffice/api/webhooks")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Health()).Status.ShouldBe(HttpStatusCode.OK);

        await _server.StopAsync();
        try
        {
            // Search answers from this instance's own index, which needs no database.
            (await _client.GetAsync("/api/search?q=youth")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await _client.GetAsync("/practices/?q=youth")).StatusCode.ShouldBe(HttpStatusCode.OK);

            var api = await administrator.GetAsync("/backoffice/api/webhooks");
            api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            api.Headers.RetryAfter.ShouldNotBeNull();
            api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", await api.Content.ReadAsStringAsync());
            using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
            {
                problem.RootElement.GetProperty("status").GetInt32().ShouldBe(503);
                problem.RootElement.GetProperty("title").GetString().ShouldBe("The portal's database is not available");
            }

            var page = await administrator.GetAsync("/backoffice/");
            page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            page.Headers.RetryAfter.ShouldNotBeNull();
            HtmlForms.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent.ShouldBe("This page is briefly unavailable");

            var signIn = await _client.SubmitAsync("/backoffice/login", login.Form("form"),
                new Dictionary<string, string?> { ["email"] = BackofficePortal.Editor, ["password"] = BackofficePortal.Password });
            signIn.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            signIn.Headers.RetryAfter.ShouldNotBeNull();

            var (status, health) = await Health();
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            health.GetProperty("down").EnumerateArray().Select(e => e.GetString()).ShouldBe(["postgresql"]);
            health.GetProperty("dependencies").GetProperty("postgresql").GetProperty("status").GetString().ShouldBe("Unhealthy");

            // Pages served from the published cache do not need the database at all.
            (await _client.GetAsync("/practices/ireportit/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await _server.StartAsync();
        }

        (await _client.GetAsync("/api/search?q=youth")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Health()).Status.ShouldBe(HttpStatusCode.OK);
        var again = await _client.PageAsync("/backoffice/login");
        (await _client.SubmitAsync("/backoffice/login", again.Form("form"),
            new Dictionary<string, string?> { ["email"] = BackofficePortal.Editor, ["password"] = BackofficePortal.Password })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Health()
    {
        var response = await _client.GetAsync("/health");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}

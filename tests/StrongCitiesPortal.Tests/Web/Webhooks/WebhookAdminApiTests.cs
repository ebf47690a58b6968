using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Tests.Backoffice;
using StrongCitiesPortal.Tests.Web.DeliveryApi;

namespace StrongCitiesPortal.Tests.Web.Webhooks;

/// <summary>The administrators' webhook API behind the backoffice's sign-in: who may use it, what it accepts and what it answers.</summary>
[Category("Database")]
public sealed class WebhookAdminApiTests
{
    private const string Base = "/backoffice/api/webhooks";

    private BackofficePortal _portal = null!;
    private HttpClient _admin = null!;
    private string _token = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync("webhookadmin", new Dictionary<string, string?>
        {
            // The test receiver listens on 127.0.0.1: the intranet allow-list lets the portal call that address only.
            ["Portal:Webhooks:AllowedPrivateNetworks:0"] = "127.0.0.1",
        });
        _admin = await _portal.SignInAsync(BackofficePortal.Administrator);
        var page = await _admin.PageAsync("/backoffice");
        _token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        _admin.DefaultRequestHeaders.Add("RequestVerificationToken", _token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _portal.DisposeAsync();
    }

    private HttpClient Admin() => _admin;

    private static object Valid(string url = "https://partner.example/hooks") => new
    {
        url,
        enabled = true,
        name = "Partner site",
        events = new[] { "Umbraco.ContentPublish", "Umbraco.ContentDelete" },
        contentTypeAliases = new[] { "goodPractice" },
        headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" },
    };

    [Test]
    public async Task Anonymous_callers_get_401_and_non_administrators_403()
    {
        using var anonymous = _portal.Anonymous();
        using var editor = await _portal.SignInAsync(BackofficePortal.Editor);
        editor.DefaultRequestHeaders.Add("RequestVerificationToken", _token);
        var store = _portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Webhooks.WebhookStore>();
        var before = (await store.ListAsync(0, 100, CancellationToken.None)).Total;

        var unauthenticated = await anonymous.GetAsync(Base);
        var forbidden = await editor.PostAsJsonAsync(Base, Valid());
        var forbiddenRead = await editor.GetAsync($"{Base}/logs");

        unauthenticated.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unauthenticated.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forbiddenRead.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await store.ListAsync(0, 100, CancellationToken.None)).Total.ShouldBe(before);
    }

    [Test]
    public async Task A_change_with_the_sign_in_cookie_needs_the_antiforgery_token()
    {
        using var admin = await _portal.SignInAsync(BackofficePortal.Administrator);
        var store = _portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Webhooks.WebhookStore>();
        var before = (await store.ListAsync(0, 100, CancellationToken.None)).Total;

        var withoutToken = await admin.PostAsJsonAsync(Base, Valid("https://partner.example/csrf"));
        var read = await admin.GetAsync(Base);

        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await withoutToken.Content.ReadAsStringAsync()).ShouldContain("antiforgery");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await store.ListAsync(0, 100, CancellationToken.None)).Total.ShouldBe(before);
    }

    [Test]
    public async Task An_administrator_registers_a_webhook_and_sees_its_secret_once()
    {
        var admin = Admin();

        var created = await admin.PostAsJsonAsync(Base, Valid("https://partner.example/once"));
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("webhook").GetProperty("id").GetGuid();
        var fetched = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/{id}")).RootElement;

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"{Base}/{id}");
        body.GetProperty("secret").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(40);
        fetched.GetProperty("url").GetString().ShouldBe("https://partner.example/once");
        fetched.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("alias").GetString()).ShouldBe(["Umbraco.ContentPublish", "Umbraco.ContentDelete"]);
        fetched.GetProperty("events")[0].GetProperty("eventName").GetString().ShouldBe("Content Published");
        fetched.GetProperty("contentTypeAliases").EnumerateArray().Select(e => e.GetString()).ShouldBe(["goodPractice"]);
        fetched.GetProperty("headers").GetProperty("Authorization").GetString().ShouldBe("********");
        fetched.TryGetProperty("secret", out _).ShouldBeFalse();
        (await admin.GetStringAsync(Base)).ShouldNotContain("Bearer abc");
        body.GetRawText().ShouldNotContain("Bearer abc");
    }

    [Test]
    public async Task An_administrator_lists_updates_rotates_and_deletes()
    {
        var admin = Admin();
        var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync(Base, Valid("https://partner.example/crud"))).Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("webhook").GetProperty("id").GetGuid();
        var secret = created.GetProperty("secret").GetString();

        var list = JsonDocument.Parse(await admin.GetStringAsync(Base)).RootElement;
        var updated = await admin.PutAsJsonAsync($"{Base}/{id}", new
        {
            url = "https://partner.example/changed",
            enabled = false,
            events = new[] { "Umbraco.ContentUnpublish" },
            headers = new Dictionary<string, string> { ["Authorization"] = "********", ["X-Extra"] = "new" }
        });
        var kept = await _portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Webhooks.WebhookStore>().GetAsync(id, CancellationToken.None);
        var rotated = JsonDocument.Parse(await (await admin.PostAsync($"{Base}/{id}/secret", null)).Content.ReadAsStringAsync()).RootElement;
        var deleted = await admin.DeleteAsync($"{Base}/{id}");
        var gone = await admin.GetAsync($"{Base}/{id}");

        list.GetProperty("total").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        list.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetGuid()).ShouldContain(id);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()).RootElement;
        changed.GetProperty("url").GetString().ShouldBe("https://partner.example/changed");
        changed.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        changed.GetProperty("contentTypeAliases").GetArrayLength().ShouldBe(0);
        kept!.Headers["Authorization"].ShouldBe("Bearer abc", "a hidden value sent back keeps the stored one");
        kept.Headers["X-Extra"].ShouldBe("new");
        rotated.GetProperty("secret").GetString().ShouldNotBe(secret);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"{Base}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"{Base}/{Guid.NewGuid()}/secret", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Registering_the_same_id_twice_is_a_conflict()
    {
        var admin = Admin();
        var id = Guid.NewGuid();

        (await admin.PostAsJsonAsync(Base, new { id, url = "https://a.example/", events = new[] { "Umbraco.ContentPublish" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await admin.PostAsJsonAsync(Base, new { id, url = "https://b.example/", events = new[] { "Umbraco.ContentPublish" } });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [TestCase("""{ "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "ftp://files.example/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "/relative", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "https://user:pass@partner.example/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://127.0.0.2:8080/hook", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://169.254.169.254/latest/meta-data/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://10.0.0.5/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://192.168.1.10/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://[::1]/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://[fe80::1]/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://[::ffff:169.254.169.254]/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "http://0.0.0.0:5000/", "events": ["Umbraco.ContentPublish"] }""", "url")]
    [TestCase("""{ "url": "https://partner.example/", "events": [] }""", "events")]
    [TestCase("""{ "url": "https://partner.example/", "events": ["Umbraco.ContentSaved"] }""", "events")]
    [TestCase("""{ "url": "https://partner.example/", "events": ["Umbraco.ContentPublish"], "contentTypeAliases": ["article"] }""", "contentTypeAliases")]
    [TestCase("""{ "url": "https://partner.example/", "events": ["Umbraco.ContentPublish"], "headers": { "Umb-Webhook-Signature": "forged" } }""", "headers")]
    [TestCase("""{ "url": "https://partner.example/", "events": ["Umbraco.ContentPublish"], "headers": { "X-Bad": "line\r\nInjected: yes" } }""", "headers")]
    [TestCase("""{ "url": "https://partner.example/", "events": ["Umbraco.ContentPublish"], "headers": { "bad name": "x" } }""", "headers")]
    public async Task An_invalid_registration_is_a_400_naming_the_field_to_fix(string json, string field)
    {
        var admin = Admin();

        var answer = await admin.PostAsync(Base, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("title").GetString().ShouldBe("The webhook is not valid");
        body.GetProperty("errors").Names().ShouldBe([field]);
    }

    [Test]
    public async Task The_events_list_offers_umbracos_five_events()
    {
        var admin = Admin();

        var events = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/events")).RootElement;

        events.EnumerateArray().Select(e => e.GetProperty("alias").GetString()).ShouldBe(
            ["Umbraco.ContentPublish", "Umbraco.ContentUnpublish", "Umbraco.ContentDelete", "Umbraco.MediaSave", "Umbraco.MediaDelete"]);
    }

    [Test]
    public async Task Logs_show_each_attempt_with_its_answer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = Admin();
        var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync(Base,
            new { url = receiver.Url, events = new[] { "Umbraco.ContentPublish" }, contentTypeAliases = new[] { "theme" }, headers = new Dictionary<string, string> { ["X-Api-Key"] = "k-123-private" } })).Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("webhook").GetProperty("id").GetGuid();

        var content = _portal.Services.GetRequiredService<StrongCitiesPortal.Content.Items.ContentService>();
        (await content.PublishAsync(Starter.HateCrime, ["en"], "tests")).Succeeded.ShouldBeTrue();
        await receiver.WaitForAsync(1);
        JsonElement logs = default;
        for (var i = 0; i < 100; i++)
        {
            logs = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/{id}/logs")).RootElement;
            if (logs.GetProperty("total").GetInt64() > 0)
                break;
            await Task.Delay(50);
        }
        var all = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/logs")).RootElement;
        var deliveries = JsonDocument.Parse(await admin.GetStringAsync($"{Base}/{id}/deliveries")).RootElement;

        var entry = logs.GetProperty("items")[0];
        entry.GetProperty("statusCode").GetInt32().ShouldBe(200);
        entry.GetProperty("eventAlias").GetString().ShouldBe("Umbraco.ContentPublish");
        entry.TryGetProperty("responseBody", out _).ShouldBeFalse();
        logs.GetRawText().ShouldNotContain("receiver-private-text");
        logs.GetRawText().ShouldNotContain("k-123-private");
        entry.GetProperty("requestHeaders").GetString()!.ShouldContain("X-Api-Key: ********");
        entry.GetProperty("retryCount").GetInt32().ShouldBe(0);
        all.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()).ShouldContain(entry.GetProperty("id").GetInt64());
        deliveries[0].GetProperty("status").GetString().ShouldBe("delivered");
        (await admin.GetAsync($"{Base}/{Guid.NewGuid()}/logs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

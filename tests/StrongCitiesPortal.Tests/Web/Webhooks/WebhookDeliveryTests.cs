using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Web.DeliveryApi;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Web.Webhooks;

/// <summary>Webhooks end to end: a real portal publishing, a real HTTP receiver on 127.0.0.1.</summary>
[Category("Database")]
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private PortalFactory _database = null!;
    private WebApplicationFactory<Program> _portal = null!;
    private string _connectionString = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("webhooks");
        _database = new PortalFactory(_connectionString);
        _portal = Configure(_database);
        _ = _portal.Server;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static WebApplicationFactory<Program> Configure(WebApplicationFactory<Program> factory, Action<IServiceCollection>? services = null) =>
        factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:Webhooks:RetryDelay", RetryDelay.ToString());
            builder.UseSetting("Umbraco:CMS:Webhook:Period", "00:00:01");
            builder.UseSetting("Umbraco:CMS:Webhook:MaximumRetries", "5");
            builder.UseSetting("Portal:Webhooks:RequestTimeout", "00:00:02");
            // The test receivers listen on 127.0.0.1: the intranet allow-list lets the portal call that address only.
            builder.UseSetting("Portal:Webhooks:AllowedPrivateNetworks:0", "127.0.0.1");
            if (services is not null)
                builder.ConfigureTestServices(services);
        });

    private ContentService Content => _portal.Services.GetRequiredService<ContentService>();
    private WebhookStore Store => _portal.Services.GetRequiredService<WebhookStore>();

    private async Task<(Webhook Webhook, string Secret)> RegisterAsync(string url, string[] events, string[]? contentTypes = null,
        Dictionary<string, string>? headers = null, bool enabled = true)
    {
        var created = await Store.CreateAsync(Guid.NewGuid(),
            new WebhookDraft("test", null, url, enabled, events, contentTypes ?? [], headers ?? []), CancellationToken.None);
        return created!.Value;
    }

    private async Task<ContentItem> CreateCityAsync(string name, bool publish = true)
    {
        var draft = new ContentDraft
        {
            ContentType = "memberCity",
            ParentKey = Starter.Cities,
            Data = Data.Parse($$"""
                { "invariant": { "country": "FR", "region": "Europe" },
                  "cultures": { "en": { "name": "{{name}}", "values": { "summary": "A city." } }, "fr": { "name": "{{name}}", "values": { "summary": "Une ville." } } } }
                """),
        };
        var result = publish ? await Content.SaveAndPublishAsync(draft, ["en", "fr"], "tests") : await Content.SaveAsync(draft, "tests");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!;
    }

    private Task<IReadOnlyList<WebhookDeliveryState>> WaitForDeliveriesAsync(Guid webhookId, Func<IReadOnlyList<WebhookDeliveryState>, bool> done, TimeSpan? timeout = null) =>
        Eventually.ReadAsync(() => Store.DeliveriesAsync(webhookId, 100, CancellationToken.None), done, "The deliveries", timeout,
            deliveries => string.Join(", ", deliveries.Select(d => $"{d.Status}/{d.RetryCount}")));

    private async Task<long> QueuedCountAsync(Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from webhook_delivery where webhook_id = @id", connection);
        command.Parameters.AddWithValue("id", webhookId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task Publishing_posts_a_signed_request_with_umbracos_headers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, secret) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish], headers: new() { ["Authorization"] = "Bearer partner-token" });

        var city = await CreateCityAsync("Lyon");
        // Delivery is at least once: on a slow machine a retry may already be on its way when the first one lands.
        var request = (await receiver.WaitForAsync(1))[0];

        request.Header("Umb-Webhook-Event").ShouldBe("Umbraco.ContentPublish");
        request.Header("Umb-Webhook-RetryCount").ShouldBe("0");
        request.Header("Content-Type").ShouldBe("application/json; charset=utf-8");
        request.Header("Authorization").ShouldBe("Bearer partner-token");
        request.Header("User-Agent").ShouldContain("Umbraco-Cms");
        request.IsSignedWith(secret).ShouldBeTrue();
        request.IsSignedWith("another secret").ShouldBeFalse();
        long.Parse(request.Header("Umb-Webhook-Timestamp"), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var payload = JsonDocument.Parse(request.Body).RootElement;
        payload.GetProperty("id").GetGuid().ShouldBe(city.Key);
        payload.GetProperty("cultures").EnumerateArray().Select(c => c.GetProperty("culture").GetString()).ShouldBe(["en", "fr"]);
        payload.GetProperty("cultures")[0].GetProperty("date").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));

        var deliveries = await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "delivered");
        deliveries[0].EntityKey.ShouldBe(city.Key);
        var log = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items.Single();
        log.StatusCode.ShouldBe(200);
        log.RequestBody.ShouldBe(Encoding.UTF8.GetString(request.Body));
        log.RequestHeaders.ShouldContain("Umb-Webhook-Signature: sha256=");
        log.RequestHeaders.ShouldContain("Authorization: ********");
        log.RequestHeaders.ShouldNotContain("partner-token");
        log.ExceptionOccurred.ShouldBeFalse();
        JsonSerializer.Serialize(log).ShouldNotContain("receiver-private-text");
    }

    [Test]
    public void The_signature_covers_the_delivery_id_the_timestamp_and_the_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"x"}""");
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var timestamp = WebhookSignature.Timestamp(now);
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes($"42.{timestamp}.{{\"id\":\"x\"}}")));

        WebhookSignature.Sign("s3cret", "42", timestamp, body).ShouldBe(expected);
        WebhookSignature.Verify("s3cret", "42", timestamp, body, expected, now.AddMinutes(4)).ShouldBeTrue();
        WebhookSignature.Verify("s3cret", "42", timestamp, [.. body, (byte)' '], expected, now).ShouldBeFalse();
        WebhookSignature.Verify("s3cret", "43", timestamp, body, expected, now).ShouldBeFalse();
        WebhookSignature.Verify("s3cret", "42", WebhookSignature.Timestamp(now.AddSeconds(1)), body, expected, now).ShouldBeFalse();
        WebhookSignature.Verify("s3cret", "42", timestamp, body, expected, now.AddMinutes(6)).ShouldBeFalse("outside the replay window");
        WebhookSignature.Verify("s3cret", "42", timestamp, body, expected, now.AddMinutes(-6)).ShouldBeFalse("from the future");
        WebhookSignature.Verify("s3cret", "42", timestamp, body, null, now).ShouldBeFalse();
        WebhookSignature.Verify("s3cret", "42", "yesterday", body, expected, now).ShouldBeFalse();
    }

    [Test]
    public async Task The_signing_secret_is_stored_encrypted_and_still_signs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, secret) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);

        var stored = await SecretColumnAsync(webhook.Id);
        await CreateCityAsync("Metz");
        // Delivery is at least once: on a slow machine a retry may already be on its way when the first one lands.
        var request = (await receiver.WaitForAsync(1))[0];

        stored.ShouldNotContain(secret);
        stored.ShouldStartWith("dp1:");
        request.IsSignedWith(secret).ShouldBeTrue();
    }

    [Test]
    public async Task A_secret_stored_in_plain_text_before_is_encrypted_and_keeps_signing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);
        await ExecuteAsync("update webhook set secret = 'an-old-plain-secret' where id = @id", webhook.Id);

        (await Store.ProtectPlainSecretsAsync(CancellationToken.None)).ShouldBe(1);
        await CreateCityAsync("Nancy");
        // Delivery is at least once: on a slow machine a retry may already be on its way when the first one lands.
        var request = (await receiver.WaitForAsync(1))[0];

        (await SecretColumnAsync(webhook.Id)).ShouldStartWith("dp1:");
        request.IsSignedWith("an-old-plain-secret").ShouldBeTrue();
    }

    [Test]
    public async Task A_receiver_on_a_private_address_is_refused_at_delivery_even_if_registered()
    {
        // 127.0.0.2 is this machine too, but not on the allow-list: as if a name had come to resolve inwards after registration.
        await using var receiver = await WebhookReceiver.StartAsync(address: System.Net.IPAddress.Parse("127.0.0.2"));
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);

        await CreateCityAsync("Amiens");
        var deliveries = await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "failed");
        await Task.Delay(RetryDelay * 4);

        receiver.Requests.ShouldBeEmpty();
        deliveries[0].RetryCount.ShouldBe(0, "a refused address is not retried");
        var log = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items.Single();
        log.Error!.ShouldContain("127.0.0.2");
        log.Error!.ShouldContain("AllowedPrivateNetworks");
    }

    private async Task<string> SecretColumnAsync(Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select secret from webhook where id = @id", connection);
        command.Parameters.AddWithValue("id", webhookId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", webhookId);
        await command.ExecuteNonQueryAsync();
    }

    [Test]
    public async Task A_failing_receiver_is_retried_with_growing_delays_until_it_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: n => (n <= 3 ? 503 : 200, TimeSpan.Zero));
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);

        await CreateCityAsync("Marseille");
        var requests = await receiver.WaitForAsync(4);
        var deliveries = await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "delivered");

        requests.Select(r => r.Header("Umb-Webhook-RetryCount")).ShouldBe(["0", "1", "2", "3"]);
        requests.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Count().ShouldBe(1);
        requests.Select(r => r.Header("Umb-Webhook-Delivery")).Distinct().Count().ShouldBe(1);
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToList();
        gaps[0].ShouldBeGreaterThanOrEqualTo(RetryDelay * 0.9);
        gaps[1].ShouldBeGreaterThanOrEqualTo(RetryDelay * 2 * 0.9);
        gaps[2].ShouldBeGreaterThanOrEqualTo(RetryDelay * 4 * 0.9);
        deliveries[0].RetryCount.ShouldBe(3);
        var logs = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items;
        logs.Select(l => l.StatusCode).ShouldBe([200, 503, 503, 503]);
    }

    [Test]
    public async Task After_five_retries_a_delivery_is_marked_failed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: _ => (500, TimeSpan.Zero));
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);

        await CreateCityAsync("Toulouse");
        var deliveries = await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "failed");
        await Task.Delay(RetryDelay * 8);

        receiver.Requests.Count.ShouldBe(6);
        receiver.Requests[^1].Header("Umb-Webhook-RetryCount").ShouldBe("5");
        deliveries[0].CompletedAt.ShouldNotBeNull();
        (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Total.ShouldBe(6);
    }

    [Test]
    public async Task A_receiver_that_is_down_gets_the_delivery_when_it_comes_back()
    {
        var port = WebhookReceiver.FreePort();
        var (webhook, secret) = await RegisterAsync($"http://127.0.0.1:{port}/hook", [WebhookEvents.ContentPublish]);

        var city = await CreateCityAsync("Nice");
        await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 1 && d[0].RetryCount >= 1);
        var failed = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items;
        await using var receiver = await WebhookReceiver.StartAsync(port);
        // Delivery is at least once: on a slow machine a retry may already be on its way when the first one lands.
        var request = (await receiver.WaitForAsync(1))[0];
        await WaitForDeliveriesAsync(webhook.Id, d => d[0].Status == "delivered");

        failed.ShouldAllBe(l => l.ExceptionOccurred && l.StatusCode == null && l.Error != null);
        int.Parse(request.Header("Umb-Webhook-RetryCount"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        JsonDocument.Parse(request.Body).RootElement.GetProperty("id").GetGuid().ShouldBe(city.Key);
        request.IsSignedWith(secret).ShouldBeTrue();
    }

    [Test]
    public async Task A_publish_completes_at_once_when_the_receiver_hangs()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: _ => (200, TimeSpan.FromSeconds(10)));
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);
        await CreateCityAsync("Warm-up");
        await receiver.WaitForAsync(1);

        var clock = Stopwatch.StartNew();
        await CreateCityAsync("Bordeaux");
        clock.Stop();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (await QueuedCountAsync(webhook.Id)).ShouldBe(2);
    }

    [Test]
    public async Task A_publish_completes_at_once_when_the_receiver_is_down()
    {
        var (webhook, _) = await RegisterAsync($"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook", [WebhookEvents.ContentPublish]);

        var clock = Stopwatch.StartNew();
        await CreateCityAsync("Lille");
        clock.Stop();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (await QueuedCountAsync(webhook.Id)).ShouldBe(1);
    }

    [Test]
    public async Task Deliveries_roll_back_with_a_change_that_fails()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);
        await using var failing = Configure(_database, services =>
            services.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>, FailingHandler>());
        var content = failing.Services.GetRequiredService<ContentService>();

        var publish = () => content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "memberCity",
            ParentKey = Starter.Cities,
            Data = Data.Parse("""{ "invariant": { "country": "FR", "region": "Europe" }, "cultures": { "en": { "name": "Nantes", "values": { "summary": "A city." } } } }"""),
        }, ["en"], "tests");

        await Should.ThrowAsync<InvalidOperationException>(publish);
        await Task.Delay(300);
        (await QueuedCountAsync(webhook.Id)).ShouldBe(0);
        receiver.Requests.ShouldBeEmpty();
    }

    private sealed class FailingHandler : IContentNotificationHandler<ContentPublishedNotification>
    {
        public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A later handler refused the change.");
    }

    [Test]
    public async Task A_webhook_for_some_document_types_ignores_the_others()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish], contentTypes: ["goodPractice"]);

        await CreateCityAsync("Strasbourg");
        var practice = await Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Starter.Practices,
            Data = Data.Parse("""{ "invariant": { "kind": "Research" }, "cultures": { "en": { "name": "A new study", "values": { "summary": "Findings." } } } }"""),
        }, ["en"], "tests");

        // Delivery is at least once: on a slow machine a retry may already be on its way when the first one lands.
        var request = (await receiver.WaitForAsync(1))[0];
        JsonDocument.Parse(request.Body).RootElement.GetProperty("id").GetGuid().ShouldBe(practice.Item!.Key);
        (await QueuedCountAsync(webhook.Id)).ShouldBe(1);
    }

    [Test]
    public async Task Unpublishing_and_deleting_send_their_own_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var city = await CreateCityAsync("Rennes");
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentUnpublish, WebhookEvents.ContentDelete]);

        (await Content.UnpublishAsync(city.Key, ["fr"], "tests")).Succeeded.ShouldBeTrue();
        (await Content.DeleteAsync(city.Key, "tests")).Succeeded.ShouldBeTrue();
        var requests = await receiver.WaitForAsync(2);

        var unpublish = requests.Single(r => r.Header("Umb-Webhook-Event") == "Umbraco.ContentUnpublish");
        var delete = requests.Single(r => r.Header("Umb-Webhook-Event") == "Umbraco.ContentDelete");
        var unpublished = JsonDocument.Parse(unpublish.Body).RootElement;
        unpublished.GetProperty("id").GetGuid().ShouldBe(city.Key);
        unpublished.GetProperty("cultures").EnumerateArray().Select(c => c.GetProperty("culture").GetString()).ShouldBe(["fr"]);
        JsonDocument.Parse(delete.Body).RootElement.GetProperty("id").GetGuid().ShouldBe(city.Key);
        (await QueuedCountAsync(webhook.Id)).ShouldBe(2);
    }

    [Test]
    public async Task A_disabled_webhook_gets_nothing_and_disabling_stops_its_retries()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: _ => (500, TimeSpan.Zero));
        var (quiet, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish], enabled: false);
        var (busy, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);

        await CreateCityAsync("Grenoble");
        await WaitForDeliveriesAsync(busy.Id, d => d.Count == 1 && d[0].RetryCount >= 1);
        await Store.UpdateAsync(busy.Id, new WebhookDraft(busy.Name, null, busy.Url, false, busy.Events, [], busy.Headers), CancellationToken.None);
        var deliveries = await WaitForDeliveriesAsync(busy.Id, d => d[0].Status == "cancelled");
        var attempts = receiver.Requests.Count;
        await Task.Delay(RetryDelay * 10);

        (await QueuedCountAsync(quiet.Id)).ShouldBe(0);
        receiver.Requests.Count.ShouldBe(attempts);
        deliveries[0].Status.ShouldBe("cancelled");
    }

    [Test]
    public async Task Two_portal_instances_deliver_each_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, _) = await RegisterAsync(receiver.Url, [WebhookEvents.ContentPublish]);
        await using var second = Configure(_database);
        _ = second.Server;

        for (var i = 0; i < 12; i++)
            await CreateCityAsync($"Twin town {i}");
        await WaitForDeliveriesAsync(webhook.Id, d => d.Count == 12 && d.All(x => x.Status == "delivered"));
        await Task.Delay(300);

        receiver.Requests.Count.ShouldBe(12);
        receiver.Requests.Select(r => r.Header("Umb-Webhook-Delivery")).Distinct().Count().ShouldBe(12);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Moq.Protected;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Web.DeliveryApi;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Web.Webhooks;

/// <summary>
/// Receivers that time out, refuse connections or answer with more than a status: the outgoing HTTP handler is the seam,
/// played by Moq, one receiver address per test.
/// </summary>
[Category("Database")]
public sealed class WebhookReceiverFailureTests
{
    private readonly Mock<HttpMessageHandler> _network = new(MockBehavior.Strict);
    private PortalFactory _portal = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _network.Protected().Setup("Dispose", ItExpr.IsAny<bool>());
        _portal = await PortalFactory.StartAsync("webhookfailures",
            services => services.AddHttpClient(WebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _network.Object),
            new Dictionary<string, string?>
            {
                ["Portal:Webhooks:RetryDelay"] = "00:00:00.100",
                ["Portal:Webhooks:RequestTimeout"] = "00:00:01",
                ["Portal:Webhooks:AllowedPrivateNetworks:0"] = "127.0.0.1",
                ["Umbraco:CMS:Webhook:Period"] = "00:00:01",
                ["Umbraco:CMS:Webhook:MaximumRetries"] = "2",
            });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _portal.DisposeAsync();

    private WebhookStore Store => _portal.Services.GetRequiredService<WebhookStore>();

    private static string Receiver(string name) => $"http://127.0.0.1:9/{name}";

    private void Answer(string name, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) =>
        _network.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.Is<HttpRequestMessage>(r => r.RequestUri!.AbsolutePath == "/" + name), ItExpr.IsAny<CancellationToken>())
            .Returns(answer);

    private int Calls(string name) =>
        _network.Invocations.Count(i => i.Method.Name == "SendAsync" && ((HttpRequestMessage)i.Arguments[0]).RequestUri!.AbsolutePath == "/" + name);

    private async Task<Webhook> RegisterAsync(string name)
    {
        var created = await Store.CreateAsync(Guid.NewGuid(),
            new WebhookDraft(name, null, Receiver(name), true, [WebhookEvents.ContentPublish], [], new Dictionary<string, string>()), CancellationToken.None);
        return created!.Value.Webhook;
    }

    private async Task PublishCityAsync(string name)
    {
        var result = await _portal.Services.GetRequiredService<ContentService>().SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "memberCity",
            ParentKey = Starter.Cities,
            Data = Data.Parse($$"""{ "invariant": { "country": "FR", "region": "Europe" }, "cultures": { "en": { "name": "{{name}}", "values": { "summary": "A city." } } } }"""),
        }, ["en"], "tests");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
    }

    private Task<IReadOnlyList<WebhookDeliveryState>> WaitForAsync(Guid webhookId, Func<IReadOnlyList<WebhookDeliveryState>, bool> done) =>
        Eventually.ReadAsync(() => Store.DeliveriesAsync(webhookId, 10, CancellationToken.None), done, "The deliveries",
            describe: deliveries => string.Join(", ", deliveries.Select(d => $"{d.Status}/{d.RetryCount}")));

    [Test]
    public async Task A_receiver_that_does_not_answer_in_time_is_logged_as_a_timeout_and_retried()
    {
        Answer("silent", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var webhook = await RegisterAsync("silent");

        await PublishCityAsync("Avignon");
        var deliveries = await WaitForAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "failed");

        Calls("silent").ShouldBe(3);
        deliveries[0].RetryCount.ShouldBe(2);
        var logs = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items;
        logs.Count.ShouldBe(3);
        logs.ShouldAllBe(l => l.ExceptionOccurred && l.StatusCode == null && l.Error!.Contains("No answer within 1 seconds"));
        logs.ShouldAllBe(l => l.DurationMilliseconds >= 900 && l.DurationMilliseconds < 5000);
    }

    [Test]
    public async Task A_refused_connection_is_logged_and_retried_until_the_receiver_answers()
    {
        var attempt = 0;
        Answer("flaky", (_, _) => Interlocked.Increment(ref attempt) == 1
            ? throw new HttpRequestException("Connection refused (127.0.0.1:9)")
            : Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)));
        var webhook = await RegisterAsync("flaky");

        await PublishCityAsync("Perpignan");
        var deliveries = await WaitForAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "delivered");

        deliveries[0].RetryCount.ShouldBe(1);
        var logs = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items;
        logs.Select(l => l.StatusCode).ShouldBe([204, null]);
        logs[1].Error.ShouldBe("Connection refused (127.0.0.1:9)");
    }

    [Test]
    public async Task The_log_keeps_no_word_of_the_receivers_answer()
    {
        Answer("talkative", (_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("db password: hunter2") };
            response.Headers.Add("Set-Cookie", "session=receiver-session");
            return Task.FromResult(response);
        });
        var webhook = await RegisterAsync("talkative");

        await PublishCityAsync("Orleans");
        await WaitForAsync(webhook.Id, d => d.Count == 1 && d[0].Status == "delivered");

        var log = (await Store.LogsAsync(webhook.Id, 0, 10, CancellationToken.None)).Items.Single();
        var shown = JsonSerializer.Serialize(log);
        log.StatusCode.ShouldBe(200);
        shown.ShouldNotContain("hunter2");
        shown.ShouldNotContain("receiver-session");
    }

    [Test]
    public async Task A_hanging_receiver_holds_up_only_its_own_deliveries()
    {
        Answer("hanging", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        Answer("quick", (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)));
        var slow = await RegisterAsync("hanging");
        var quick = await RegisterAsync("quick");

        await PublishCityAsync("Dijon");
        var clock = Stopwatch.StartNew();
        await WaitForAsync(quick.Id, d => d.Count == 1 && d[0].Status == "delivered");
        clock.Stop();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(0.9));
        (await Store.DeliveriesAsync(slow.Id, 10, CancellationToken.None)).Single().Status.ShouldBe("pending");
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StrongCitiesPortal.Tests.Web.Webhooks;

public sealed record ReceivedRequest(DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    /// <summary>What a receiver checks: the signature over the delivery id, the timestamp and the body, within the replay window.</summary>
    public bool IsSignedWith(string secret) =>
        StrongCitiesPortal.Web.Features.Webhooks.WebhookSignature.Verify(secret, Header("Umb-Webhook-Delivery"), Header("Umb-Webhook-Timestamp"),
            Body, Header("Umb-Webhook-Signature"), DateTimeOffset.UtcNow);
}

/// <summary>A real HTTP receiver on 127.0.0.1 (Kestrel), answering as the test tells it to.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private WebhookReceiver(WebApplication app, IPAddress address, int port)
    {
        _app = app;
        Address = address;
        Port = port;
    }

    /// <summary>The loopback address the receiver listens on (127.0.0.1 unless told otherwise).</summary>
    public IPAddress Address { get; }

    public int Port { get; }

    public string Url => $"http://{Address}:{Port}/hook";

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <param name="respond">Given the request's number (from 1), the status to answer with and how long to wait first.</param>
    /// <param name="address">Another loopback address to listen on (127.0.0.2), for a receiver the portal may not reach.</param>
    public static async Task<WebhookReceiver> StartAsync(int? port = null, Func<int, (int Status, TimeSpan Delay)>? respond = null, IPAddress? address = null)
    {
        var chosen = port ?? FreePort();
        var listen = address ?? IPAddress.Loopback;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen, chosen));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, listen, chosen);
        var count = 0;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._requests.Enqueue(new ReceivedRequest(DateTimeOffset.UtcNow,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            var (status, delay) = respond?.Invoke(Interlocked.Increment(ref count)) ?? (200, TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, context.RequestAborted);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status < 300 ? "thanks: receiver-private-text" : "not now: receiver-private-text");
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (_requests.Count < count && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        _requests.Count.ShouldBeGreaterThanOrEqualTo(count, $"the receiver got {_requests.Count} requests, not {count}");
        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

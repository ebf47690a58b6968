using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>The web server listens while the start work runs; requests wait at the gate until it is done.</summary>
public sealed class StartupGateTests
{
    [Test]
    [Category("Unit")]
    public async Task A_request_during_the_start_waits_for_it_and_a_failed_start_answers_503()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var broken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = work.Add("held", () => held.Task);
        await using var app = await GatedAppAsync(work);
        using var client = app.GetTestClient();

        var waiting = client.GetAsync("/page");
        (await client.GetStringAsync("/early")).ShouldBe("answered while starting");
        await Task.Delay(100);
        waiting.IsCompleted.ShouldBeFalse("a page waits while the start runs");

        _ = work.WaitAsync();
        held.SetResult();
        var page = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldBe("the page");

        var failing = new StartupWork(NullLogger<StartupWork>.Instance);
        _ = failing.Add("broken", () => broken.Task);
        await using var failed = await GatedAppAsync(failing);
        using var failedClient = failed.GetTestClient();
        var refused = failedClient.GetAsync("/page");
        var watching = failing.WaitAsync();
        broken.SetException(new InvalidOperationException("the index folder is not writable"));
        await Should.ThrowAsync<InvalidOperationException>(() => watching);

        var answer = await refused.WaitAsync(TimeSpan.FromSeconds(10));
        answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await answer.Content.ReadAsStringAsync()).ShouldContain("could not start");
        failing.Failure.ShouldBeOfType<InvalidOperationException>();
    }

    [Test]
    [Category("Database")]
    public async Task The_portal_answers_health_at_once_while_it_starts_and_its_pages_once_started()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var portal = new PortalFactory(await TestPostgres.CreateDatabaseAsync("startgate"), services =>
        {
            // A part of the start that only ends when the test says so, handed in before PortalReady watches the start.
            var at = services.ToList().FindIndex(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(PortalReady));
            services.Insert(at, ServiceDescriptor.Singleton<IHostedService>(sp => new HeldStart(sp.GetRequiredService<StartupWork>(), held.Task)));
        })
        { WaitForStart = false };
        using var client = portal.CreateClient();

        var home = client.GetAsync("/");
        var health = await client.GetAsync("/health");
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using (var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()))
            report.RootElement.GetProperty("down").EnumerateArray().Select(e => e.GetString()).ShouldContain("start");
        await Task.Delay(200);
        home.IsCompleted.ShouldBeFalse("the home page waits for the start");

        held.SetResult();
        var page = await home.WaitAsync(TimeSpan.FromSeconds(60));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Strong Cities");
        await portal.Services.GetRequiredService<StartupWork>().Ready;
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<WebApplication> GatedAppAsync(StartupWork work)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(work);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseRouting();
        app.UseStartupGate();
        app.MapGet("/page", () => "the page");
        app.MapGet("/early", () => "answered while starting").WithMetadata(new AnswersWhileStartingAttribute());
        await app.StartAsync();
        return app;
    }

    private sealed class HeldStart(StartupWork work, Task held) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = work.Add("held by the test", () => held);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

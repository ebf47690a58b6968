using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;

namespace StrongCitiesPortal.Tests.Content;

[Category("Unit")]
public sealed class StartupWorkTests
{
    [Test]
    public async Task Parts_handed_in_one_after_another_run_side_by_side()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstDone = false;

        // The first part can only finish once the second has begun: one after another, this would never end.
        _ = work.Add("first", async () =>
        {
            await second.Task;
            firstDone = true;
        });
        _ = work.Add("second", () =>
        {
            second.SetResult();
            return Task.CompletedTask;
        });

        await work.WaitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        firstDone.ShouldBeTrue();
    }

    [Test]
    public async Task A_failed_part_fails_the_start_with_its_own_exception()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        _ = work.Add("fine", () => Task.Delay(10));
        _ = work.Add("broken", () => Task.FromException(new InvalidOperationException("the index folder is not writable")));

        var thrown = await Should.ThrowAsync<InvalidOperationException>(() => work.WaitAsync());
        thrown.Message.ShouldBe("the index folder is not writable");
    }

    [Test]
    public void The_web_host_waits_for_the_startup_work_after_every_other_service_of_its_modules()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddPortalModules();

        var hosted = builder.Services.Where(s => s.ServiceType == typeof(IHostedService)).ToList();
        hosted[^1].ImplementationType.ShouldBe(typeof(PortalReady));
        hosted.Count(s => s.ImplementationType == typeof(PortalReady)).ShouldBe(1);
    }
}

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
    public async Task Ready_completes_once_every_part_is_done_even_when_one_failed()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = work.Add("slow", () => slow.Task);
        _ = work.Add("broken", () => Task.FromException(new InvalidOperationException("no")));
        var waiting = work.WaitAsync();

        await Task.Delay(50);
        work.Ready.IsCompleted.ShouldBeFalse();
        slow.SetResult();
        await Should.ThrowAsync<InvalidOperationException>(() => waiting);
        await work.Ready.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Database_ready_follows_the_database_part_and_is_cancelled_when_it_fails()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        var prepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = work.AddDatabase(() => prepared.Task);
        await Task.Delay(50);
        work.DatabaseReady.IsCompleted.ShouldBeFalse();
        prepared.SetResult();
        await work.DatabaseReady.WaitAsync(TimeSpan.FromSeconds(10));
        await work.WaitAsync();
        work.Failure.ShouldBeNull();

        var broken = new StartupWork(NullLogger<StartupWork>.Instance);
        _ = broken.AddDatabase(() => Task.FromException(new InvalidOperationException("PostgreSQL did not start")));
        await Should.ThrowAsync<TaskCanceledException>(() => broken.DatabaseReady.WaitAsync(TimeSpan.FromSeconds(10)));
        await Should.ThrowAsync<InvalidOperationException>(() => broken.WaitAsync());
        broken.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("PostgreSQL did not start");
    }

    [Test]
    public async Task An_answer_given_while_the_start_runs_is_not_the_first_answer()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = work.Add("held", () => held.Task);
        var waiting = work.WaitAsync();
        var afterAnswer = work.AfterFirstAnswerAsync(TimeSpan.FromMinutes(5));

        // The health report answered during the start.
        work.Answered();
        held.SetResult();
        await waiting;
        await Task.Delay(50);
        afterAnswer.IsCompleted.ShouldBeFalse("only an answer after the start counts");

        work.Answered();
        await afterAnswer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Work_after_the_first_answer_waits_for_it_or_for_its_limit()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        await work.WaitAsync();

        var afterAnswer = work.AfterFirstAnswerAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        afterAnswer.IsCompleted.ShouldBeFalse();
        work.Answered();
        await afterAnswer.WaitAsync(TimeSpan.FromSeconds(10));

        // Without any answer (a host without a web server), the limit lets it go.
        var quiet = new StartupWork(NullLogger<StartupWork>.Instance);
        await quiet.WaitAsync();
        await quiet.AfterFirstAnswerAsync(TimeSpan.FromMilliseconds(20)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Work_after_the_first_answer_goes_at_once_when_a_request_needs_it()
    {
        var work = new StartupWork(NullLogger<StartupWork>.Instance);
        await work.WaitAsync();

        // The backoffice's first request waits for its roles, which wait for the first answer: it lets them go.
        var afterAnswer = work.AfterFirstAnswerAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        afterAnswer.IsCompleted.ShouldBeFalse();
        work.Needed();
        await afterAnswer.WaitAsync(TimeSpan.FromSeconds(10));
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

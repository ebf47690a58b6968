using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StrongCitiesPortal.Content;

/// <summary>
/// What an instance must have done before it answers its first request: the published cache read, the search
/// index opened, the media library read. Hosted services start one after another; each hands its slow
/// part here from its <c>StartAsync</c> and returns, so those parts run side by side, and <see cref="PortalReady"/>
/// waits for all of them before the web server starts listening.
/// </summary>
public sealed class StartupWork(ILogger<StartupWork> logger)
{
    private readonly Lock _lock = new();
    private readonly List<Task<(string Name, TimeSpan Took)>> _work = [];
    private readonly long _created = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once every part of the start is done (also when one failed: the start then fails on its own). Work
    /// that no request needs at once (the backoffice's roles) waits for it, so it does not take the processor from the
    /// parts that the first page waits for.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Completes when the instance has answered its first request (the web host says so), or when
    /// <paramref name="atMost"/> has passed since it was ready, whichever comes first: for work that only makes later
    /// requests faster (reading values ahead), which would otherwise slow down the first one.
    /// </summary>
    public async Task AfterFirstAnswerAsync(TimeSpan atMost, CancellationToken cancellationToken = default)
    {
        await Ready.WaitAsync(cancellationToken);
        try
        {
            await _firstAnswer.Task.WaitAsync(atMost, cancellationToken);
        }
        catch (TimeoutException)
        {
            // No answer in that time (a host without a web server, or no visitor yet): go on anyway.
        }
    }

    /// <summary>Called by the web host when a response has been sent; only the first call does anything.</summary>
    public void Answered() => Needed();

    /// <summary>
    /// Lets the work waiting in <see cref="AfterFirstAnswerAsync"/> go now: a request needs it before any answer (the
    /// backoffice's first request waits for its roles).
    /// </summary>
    public void Needed() => _firstAnswer.TrySetResult();

    /// <summary>Runs <paramref name="work"/> now, beside the rest of the start; returns it, for what must follow it.</summary>
    public Task Add(string name, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var timed = TimeAsync(name, work);
        lock (_lock)
            _work.Add(timed);
        return timed;
    }

    /// <summary>Waits for every part handed in so far; a part that failed fails the start with its own exception.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        Task<(string Name, TimeSpan Took)>[] work;
        lock (_lock)
            work = [.. _work];
        (string Name, TimeSpan Took)[] done;
        try
        {
            done = await Task.WhenAll(work).WaitAsync(cancellationToken);
        }
        finally
        {
            _ready.TrySetResult();
        }
        if (done.Length > 0)
        {
            logger.LogInformation("Ready to answer {Elapsed} ms after the services were built ({Parts})",
                (long)Stopwatch.GetElapsedTime(_created).TotalMilliseconds,
                string.Join(", ", done.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name} {(long)d.Took.TotalMilliseconds} ms"))));
        }
    }

    private static async Task<(string, TimeSpan)> TimeAsync(string name, Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        // Off the caller's thread at once: the next hosted service starts while this runs.
        await Task.Run(work);
        return (name, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>
/// The last hosted service before the web server: it waits for the <see cref="StartupWork"/> the services before it
/// began, so the first request finds the published cache read and the search index open.
/// </summary>
public sealed class PortalReady(StartupWork work) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => work.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StrongCitiesPortal.Content;

/// <summary>
/// What an instance must have done before it answers its first request: the published cache read, the search
/// index opened, the media library read. Hosted services start one after another; each hands its slow
/// part here from its <c>StartAsync</c> and returns, so those parts run side by side: the database's preparation
/// among them (<see cref="DatabaseReady"/>). <see cref="PortalReady"/> watches them while the web server starts, and
/// the web host holds each request until <see cref="Ready"/> (its start gate), so the server's own start is not added
/// to theirs.
/// </summary>
public sealed class StartupWork(ILogger<StartupWork> logger)
{
    private readonly Lock _lock = new();
    private readonly List<Task<(string Name, TimeSpan Took)>> _work = [];
    private readonly long _created = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _database = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once every part of the start is done (also when one failed: the start then fails on its own). Work
    /// that no request needs at once (the backoffice's roles) waits for it, so it does not take the processor from the
    /// parts that the first page waits for.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Completes once the database is started, migrated and holds its starter content (<see cref="AddDatabase"/>): the
    /// parts and background loops that use it wait for this, so the services' starts (the web server's among them) do not
    /// wait for the database. Cancelled when its preparation failed (the start then fails on its own).
    /// </summary>
    public Task DatabaseReady => _database.Task;

    /// <summary>Why the start failed, once <see cref="Ready"/> has completed; null while it runs and after a good start.</summary>
    public Exception? Failure { get; private set; }

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

    /// <summary>
    /// Called by the web host when a response has been sent; only the first call once the start is done does anything.
    /// An answer given while the start runs (the health report, a static file) is not the first page.
    /// </summary>
    public void Answered()
    {
        if (Ready.IsCompleted)
            Needed();
    }

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

    /// <summary>Runs the database's preparation as a part of the start; <see cref="DatabaseReady"/> follows it.</summary>
    public Task AddDatabase(Func<Task> prepare)
    {
        var part = Add("database", prepare);
        _ = part.ContinueWith(done =>
        {
            if (done.IsCompletedSuccessfully)
                _database.TrySetResult();
            else
                _database.TrySetCanceled();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return part;
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
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failure = ex;
            throw;
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
/// The last hosted service before the web server: it watches the <see cref="StartupWork"/> the services before it
/// began, without holding up the web server's own start (requests wait for <see cref="StartupWork.Ready"/> at the
/// web host's gate). When a part fails, the instance stops (<see cref="StartupWork.Failure"/> says why), as a failed
/// start of the host would.
/// </summary>
public sealed class PortalReady(StartupWork work, IHostApplicationLifetime lifetime, ILogger<PortalReady> logger) : IHostedService
{
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _watching = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watching = WatchAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.TrySetResult();
        return _watching.WaitAsync(cancellationToken);
    }

    private async Task WatchAsync()
    {
        var starting = work.WaitAsync();
        // Stopped before the start was done: its parts end on their own cancellation.
        if (await Task.WhenAny(starting, _stopping.Task) != starting)
            return;
        try
        {
            await starting;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "The portal could not start and stops: {Reason}", ex.Message);
            lifetime.StopApplication();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace StrongCitiesPortal.Tools.PageBenchmark;

/// <summary>The portal running as its own process on the benchmark's site, and the time it took to answer its first page.</summary>
public sealed class Portal : IAsyncDisposable
{
    /// <summary>What the practice library says while this instance builds its first search index.</summary>
    private const string BeingIndexed = "The library is being indexed";

    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private bool _disposed;

    private Portal(Process process, HttpClient client, Stopwatch sinceStart)
    {
        _process = process;
        Client = client;
        _sinceStart = sinceStart;
        FirstPage = sinceStart.Elapsed;
    }

    public HttpClient Client { get; }
    public TimeSpan FirstPage { get; }
    public int ProcessId => _process.Id;

    public static async Task<Portal> StartAsync(Site site, int port)
    {
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = site.PortalFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(site.PortalDll);
        foreach (var (name, value) in site.Environment)
            start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        start.Environment["Portal__DeliveryApi__RateLimitPermits"] = "100000000";

        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the portal.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
                Console.Error.WriteLine("portal: " + line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The portal exited with {process.ExitCode} before answering.");
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException("The portal did not answer / within 10 minutes.");
            try
            {
                using var response = await client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(20);
        }
        return new Portal(process, client, clock);
    }

    /// <summary>Waits until the practice library lists practices (its search index is open), and says when that was after the start.</summary>
    public async Task<TimeSpan> WaitForLibraryAsync()
    {
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode} while its search index was built.");
            if (_sinceStart.Elapsed > TimeSpan.FromMinutes(30))
                throw new TimeoutException("The practice library did not list practices within 30 minutes.");
            using (var response = await Client.GetAsync("/practices/"))
            {
                var html = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && !html.Contains(BeingIndexed, StringComparison.Ordinal))
                    return _sinceStart.Elapsed;
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The process's resident memory (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
            return _process.WorkingSet64;
        var line = File.ReadLines(status).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM: the portal stops as on a normal shutdown, and with it its embedded PostgreSQL.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}

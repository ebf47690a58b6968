using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace StrongCitiesPortal.Tools.LoadTest;

/// <summary>
/// Many clients at once over search, pages and the Delivery API of a running portal for a while, optionally
/// restarting its PostgreSQL once midway; prints the requests, the answers by status, and how long the portal
/// took to answer normally again after the restart.
/// </summary>
public static class Program
{
    private static readonly string[] Words = ["youth", "evaluation", "prevention", "partnership", "hate", "community", "training", "schools", "online", "policing"];

    /// <summary>What each client asks, in turn; {w} is a word, {n} a throw-away value that defeats the output cache.</summary>
    private static readonly (string Kind, string Path)[] Requests =
    [
        ("search api", "/api/search?q={w}&take=10"),
        ("search page", "/practices/?q={w}"),
        ("page", "/practices/ireportit/"),
        ("page", "/"),
        ("page", "/cities/"),
        ("delivery search", "/umbraco/delivery/api/v2/search?q={w}&take=10&n={n}"),
        ("delivery content", "/umbraco/delivery/api/v2/content?filter=contentType:goodPractice&sort=updateDate:desc&take=10&n={n}"),
        ("delivery item", "/umbraco/delivery/api/v2/content/item/practices/ireportit?n={n}"),
    ];

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("""
                usage: dotnet run --project tools/StrongCitiesPortal.LoadTest -c Release -- [--url http://localhost:5000]
                       [--clients 50] [--duration 60] [--restart-postgres [--pg-data DIR] | --restart-command "CMD"] [--restart-at SECONDS]

                --restart-postgres   runs pg_ctl restart (-m fast) on the embedded server's data folder once, at --restart-at
                                     (default: half the duration); --pg-data defaults to src/StrongCitiesPortal.Web/data/postgres/pgdata
                --restart-command    runs this shell command instead (for a server of your own)

                Start the portal first with the Delivery API's rate limit raised, e.g.
                  Portal__DeliveryApi__RateLimitPermits=100000000 scripts/run.sh
                """);
            return 2;
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var probe = await client.GetAsync("/health");
            Console.WriteLine($"portal {options.Url}: /health {(int)probe.StatusCode} {await probe.Content.ReadAsStringAsync()}");
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"The portal at {options.Url} does not answer ({ex.Message}). Start it first (scripts/run.sh).");
            return 2;
        }
        Console.WriteLine($"{options.Clients} clients for {options.Duration.TotalSeconds:0} s" +
            (options.RestartDescription is { } what ? $"; at {options.RestartAt.TotalSeconds:0.0} s: {what}" : "; no restart"));

        var results = new ConcurrentBag<Result>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(options.Duration);
        var restart = options.RestartDescription is null ? Task.FromResult<(TimeSpan, TimeSpan, string)?>(null) : RestartAsync(options, clock, stop.Token);
        var clients = Enumerable.Range(0, options.Clients).Select(i => RunClientAsync(client, i, clock, results, stop.Token)).ToList();
        await Task.WhenAll(clients);
        var restarted = await restart;
        var elapsed = clock.Elapsed;

        var all = results.OrderBy(r => r.Started).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{all.Count:N0} requests in {elapsed.TotalSeconds:0.0} s ({all.Count / elapsed.TotalSeconds:N0}/s)"));
        Console.WriteLine("answers by status:");
        foreach (var group in all.GroupBy(r => r.Status).OrderBy(g => g.Key))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Describe(group.Key),-28} {group.Count(),8:N0}"));
        Console.WriteLine("by kind (ok / not ok, p50 / p95 ms of the ok ones):");
        foreach (var kind in all.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ok = kind.Where(r => r.Ok).Select(r => r.Elapsed.TotalMilliseconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind.Key,-18} {ok.Count,8:N0} / {kind.Count(r => !r.Ok),-6:N0} {Percentile(ok, 0.5),8:N1} / {Percentile(ok, 0.95),-8:N1}"));
        }
        var serverErrors = all.Count(r => r.Status is >= 500 and not 503);
        if (restarted is { } r)
        {
            var (at, took, output) = r;
            var after = all.Where(x => x.Started >= at).ToList();
            var lastFailure = after.Where(x => !x.Ok).Select(x => x.Started + x.Elapsed).DefaultIfEmpty(at).Max();
            var firstFailure = after.Where(x => !x.Ok).Select(x => x.Started).DefaultIfEmpty(at).Min();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"restart at {at.TotalSeconds:0.0} s, the command took {took.TotalSeconds:0.00} s{(output.Length > 0 ? $": {output}" : "")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failed answers from {firstFailure.TotalSeconds:0.00} s to {lastFailure.TotalSeconds:0.00} s; recovery time (restart start to the last failed answer): {(lastFailure - at).TotalSeconds:0.00} s"));
            foreach (var group in after.Where(x => !x.Ok).GroupBy(x => x.Status).OrderBy(g => g.Key))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  during the restart: {Describe(group.Key),-28} {group.Count(),8:N0}"));
        }
        Console.WriteLine(serverErrors == 0 ? "no 5xx other than 503" : $"{serverErrors} answers were 5xx other than 503");
        return serverErrors == 0 ? 0 : 1;
    }

    private static async Task RunClientAsync(HttpClient client, int index, Stopwatch clock, ConcurrentBag<Result> results, CancellationToken stop)
    {
        var random = new Random(index);
        var turn = index;
        while (!stop.IsCancellationRequested)
        {
            var (kind, template) = Requests[turn++ % Requests.Length];
            var path = template.Replace("{w}", Words[random.Next(Words.Length)], StringComparison.Ordinal)
                .Replace("{n}", random.Next().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var started = clock.Elapsed;
            int status;
            try
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, stop);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                status = ex is TaskCanceledException ? -2 : -1;
            }
            results.Add(new Result(kind, status, started, clock.Elapsed - started));
        }
    }

    private static async Task<(TimeSpan At, TimeSpan Took, string Output)?> RestartAsync(Options options, Stopwatch clock, CancellationToken stop)
    {
        var wait = options.RestartAt - clock.Elapsed;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, stop);
        var at = clock.Elapsed;
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (options.RestartCommand is { } command)
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
        }
        else
        {
            var pgCtl = FindPgCtl() ?? throw new InvalidOperationException("pg_ctl was not found under /usr/lib/postgresql; use --restart-command.");
            if (Environment.UserName == "root")
            {
                start.FileName = "runuser";
                foreach (var a in new[] { "-u", "postgres", "--", pgCtl })
                    start.ArgumentList.Add(a);
            }
            else
            {
                start.FileName = pgCtl;
            }
            foreach (var a in new[] { "-D", options.PgData, "-m", "fast", "-w", "-t", "60", "restart" })
                start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        var took = clock.Elapsed - at;
        var said = process.ExitCode == 0 ? "" : $"exit code {process.ExitCode}: {(await error).Trim()}";
        _ = output;
        return (at, took, said);
    }

    private static string? FindPgCtl() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).Where(File.Exists).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    private static string Describe(int status) => status switch
    {
        -1 => "no answer (connection)",
        -2 => "no answer (timeout 30 s)",
        _ => $"{status} {(HttpStatusCode)status}",
    };

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Result(string Kind, int Status, TimeSpan Started, TimeSpan Elapsed)
    {
        public bool Ok => Status is >= 200 and < 400;
    }

    private sealed class Options
    {
        public string Url { get; private set; } = "http://localhost:5000";
        public int Clients { get; private set; } = 50;
        public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(60);
        public TimeSpan RestartAt { get; private set; }
        public bool RestartPostgres { get; private set; }
        public string PgData { get; private set; } = Path.Combine("src", "StrongCitiesPortal.Web", "data", "postgres", "pgdata");
        public string? RestartCommand { get; private set; }

        public string? RestartDescription =>
            RestartCommand is not null ? $"run '{RestartCommand}'" : RestartPostgres ? $"pg_ctl restart -D {Path.GetFullPath(PgData)}" : null;

        public static Options? Parse(string[] args)
        {
            var options = new Options();
            TimeSpan? restartAt = null;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                try
                {
                    switch (args[i])
                    {
                        case "--url": options.Url = Next(); break;
                        case "--clients": options.Clients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                        case "--restart-at": restartAt = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                        case "--restart-postgres": options.RestartPostgres = true; break;
                        case "--pg-data": options.PgData = Next(); options.RestartPostgres = true; break;
                        case "--restart-command": options.RestartCommand = Next(); break;
                        default: return null;
                    }
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
                {
                    return null;
                }
            }
            if (options.Clients is < 1 or > 10_000 || options.Duration <= TimeSpan.Zero)
                return null;
            options.RestartAt = restartAt ?? options.Duration / 2;
            return options;
        }
    }
}

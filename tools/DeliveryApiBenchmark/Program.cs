using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace StrongCitiesPortal.Tools.DeliveryApiBenchmark;

/// <summary>
/// Load figures for the Delivery API of a running portal: for each endpoint, requests at a given
/// concurrency, with the output cache bypassed (a unique throw-away query value per request) and hit,
/// reported as p50, p95, p99 and max latency and requests per second.
/// </summary>
public static class Program
{
    private static readonly string[] DefaultEndpoints =
    [
        "/umbraco/delivery/api/v2/content?filter=contentType:goodPractice&sort=updateDate:desc&take=10",
        "/umbraco/delivery/api/v2/content?fetch=children:/practices/&sort=name:asc&skip=20&take=20",
        "/umbraco/delivery/api/v2/content?fetch=descendants:/&filter=theme:hate-crime&filter=country:GB&take=10",
        "/umbraco/delivery/api/v2/content?filter=name:london&take=10&expand=properties[$all]",
        "/umbraco/delivery/api/v2/content?filter=region:europe&filter=kind:initiative&sort=createDate:desc&take=10",
        "/umbraco/delivery/api/v2/content/item/practices/ireportit?expand=properties[themes,cities]",
        "/umbraco/delivery/api/v2/search?q=prevention%20partnership&filter=country:GB&take=10",
        "/umbraco/delivery/api/v2/search?q=evaluation&sort=updateDate:desc&take=10&fields=properties[summary]",
    ];

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("""
                usage: dotnet run --project tools/DeliveryApiBenchmark -c Release -- [--url http://localhost:5000]
                       [--requests 400] [--concurrency 8] [--warmup 20] [--endpoint PATH_AND_QUERY]...

                Start the portal first with the rate limit raised, e.g.
                  Portal__DeliveryApi__RateLimitPermits=10000000 scripts/run.sh
                """);
            return 2;
        }
        using var client = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };
        var corpus = await client.GetStringAsync("/umbraco/delivery/api/v2/content?take=0");
        Console.WriteLine($"portal {options.Url}: {corpus}");
        Console.WriteLine($"{options.Requests} requests per endpoint and mode, {options.Concurrency} at a time, {options.Warmup} warm-up");
        Console.WriteLine();
        Console.WriteLine($"{"mode",-9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"req/s",8}  endpoint");
        var failures = 0;
        foreach (var endpoint in options.Endpoints)
        {
            foreach (var cached in new[] { false, true })
            {
                var result = await RunAsync(client, endpoint, cached, options);
                failures += result.Failures;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(cached ? "cached" : "uncached"),-9} {result.Percentile(50),8:0.0} {result.Percentile(95),8:0.0} {result.Percentile(99),8:0.0} {result.Max,8:0.0} {result.PerSecond,8:0}  {endpoint}{(result.Failures > 0 ? $"  ({result.Failures} failed: {result.FirstFailure})" : "")}"));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static async Task<Result> RunAsync(HttpClient client, string endpoint, bool cached, Options options)
    {
        var counter = 0;
        string Url()
        {
            if (cached)
                return endpoint;
            var n = Interlocked.Increment(ref counter);
            return endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "nocache=" + n.ToString(CultureInfo.InvariantCulture) + "-" + Environment.TickCount64.ToString(CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < options.Warmup; i++)
            (await client.GetAsync(Url())).Dispose();

        var latencies = new double[options.Requests];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= options.Requests)
                    return;
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(Url());
                await response.Content.LoadIntoBufferAsync();
                latencies[index] = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    firstFailure ??= ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
            }
        });
        await Task.WhenAll(workers);
        total.Stop();
        Array.Sort(latencies);
        return new Result(latencies, options.Requests / total.Elapsed.TotalSeconds, failures, firstFailure);
    }

    private sealed record Result(double[] Sorted, double PerSecond, int Failures, string? FirstFailure)
    {
        public double Max => Sorted[^1];

        public double Percentile(double p) => Sorted[Math.Clamp((int)Math.Ceiling(p / 100 * Sorted.Length) - 1, 0, Sorted.Length - 1)];
    }

    private sealed record Options(string Url, int Requests, int Concurrency, int Warmup, IReadOnlyList<string> Endpoints)
    {
        public static Options? Parse(string[] args)
        {
            var url = "http://localhost:5000";
            int requests = 400, concurrency = 8, warmup = 20;
            var endpoints = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--url" when value is not null: url = value; i++; break;
                    case "--requests" when int.TryParse(value, out var r) && r > 0: requests = r; i++; break;
                    case "--concurrency" when int.TryParse(value, out var c) && c > 0: concurrency = c; i++; break;
                    case "--warmup" when int.TryParse(value, out var w) && w >= 0: warmup = w; i++; break;
                    case "--endpoint" when value is not null: endpoints.Add(value); i++; break;
                    default: return null;
                }
            }
            return new Options(url, requests, concurrency, warmup, endpoints.Count > 0 ? endpoints : DefaultEndpoints);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace StrongCitiesPortal.Tools.PageBenchmark;

public sealed record PageFigures(string Label, int Status, double P50, double P95, long Bytes, double RenderedP50, double RenderedP95);

public sealed record Throughput(double Rate, int Failed);

/// <summary>The page types the issue names, with the starter site's examples of each (they exist at any size of site).</summary>
public static class Pages
{
    public const string Practice = "/practices/ireportit/";

    public static readonly IReadOnlyList<(string Label, string Path)> ByType =
    [
        ("/", "/"),
        ("/practices/", "/practices/"),
        ("/practices/?q=private+sector", "/practices/?q=private+sector"),
        ("a practice", Practice),
        ("/themes/", "/themes/"),
        ("a theme (/themes/youth/)", "/themes/youth/"),
        ("the London workshop report", "/events/london-workshop-local-partnerships-prevention/"),
        ("/cities/london/", "/cities/london/"),
        ("/news/", "/news/"),
        ("/steering-committee/", "/steering-committee/"),
        ("a 404", "/no-such-page/"),
        ("/sitemap.xml", "/sitemap.xml"),
    ];
}

public sealed partial class Measurements(HttpClient client)
{
    /// <summary>
    /// A few requests to warm the page, then <paramref name="samples"/> one after another as an anonymous visitor
    /// (answered by the portal's page cache after the first), then as many with a cookie, which the page cache never
    /// answers: the page rendered each time.
    /// </summary>
    public async Task<PageFigures> WarmLatencyAsync(string label, string path, int samples)
    {
        var (status, bytes, p50, p95) = await TimeAsync(path, samples, rendered: false);
        var (_, _, renderedP50, renderedP95) = await TimeAsync(path, samples, rendered: true);
        return new PageFigures(label, status, p50, p95, bytes, renderedP50, renderedP95);
    }

    private async Task<(int Status, long Bytes, double P50, double P95)> TimeAsync(string path, int samples, bool rendered)
    {
        var status = 0;
        long bytes = 0;
        for (var i = 0; i < 3; i++)
            (status, bytes) = await GetAsync(path, rendered);
        var times = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            (status, bytes) = await GetAsync(path, rendered);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (status, bytes, Percentile(times, 0.50), Percentile(times, 0.95));
    }

    /// <summary>A request with a cookie: the portal's page cache leaves it alone, as it does a signed-in editor's.</summary>
    private async Task<(int Status, long Bytes)> GetAsync(string path, bool rendered = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (rendered)
            request.Headers.Add("Cookie", "page-benchmark=rendered");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, body.Length);
    }

    private static double Percentile(List<double> sorted, double share) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

    /// <summary>Requests per second with <paramref name="connections"/> clients asking at once, each as soon as its last answer came.</summary>
    public async Task<Throughput> ThroughputAsync(string path, int connections, int seconds, bool rendered = false)
    {
        await GetAsync(path, rendered);
        var done = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                try
                {
                    var (status, _) = await GetAsync(path, rendered);
                    if (status == (int)HttpStatusCode.OK)
                        Interlocked.Increment(ref done);
                    else
                        Interlocked.Increment(ref failed);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        return new Throughput(done / clock.Elapsed.TotalSeconds, failed);
    }

    /// <summary>Follows the site's own links breadth first from <paramref name="start"/>, fetching at most <paramref name="pages"/> pages.</summary>
    public async Task<int> CrawlAsync(string start, int pages)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        var fetched = 0;
        while (queue.Count > 0 && fetched < pages)
        {
            var path = queue.Dequeue();
            using var response = await client.GetAsync(path);
            fetched++;
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match link in Link().Matches(html))
            {
                var target = WebUtility.HtmlDecode(link.Groups[1].Value).Split('#')[0];
                if (target.Length > 0 && !target.StartsWith("//", StringComparison.Ordinal) && !IsAsset(target) && seen.Add(target))
                    queue.Enqueue(target);
            }
        }
        return fetched;
    }

    private static bool IsAsset(string path) =>
        path.StartsWith("/backoffice", StringComparison.Ordinal) || path.StartsWith("/media/", StringComparison.Ordinal)
        || path.StartsWith("/dist/", StringComparison.Ordinal) || path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/api/", StringComparison.Ordinal)
        || path.StartsWith("/umbraco/", StringComparison.Ordinal) || Path.HasExtension(path.Split('?')[0]);

    [GeneratedRegex("href=\"(/[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}

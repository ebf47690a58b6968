using System.Globalization;
using StrongCitiesPortal.Tools.PageBenchmark;

// Builds or reuses a site of N imported practices, starts the portal (Release) on it as its own process and
// measures its pages: warm latency per page type, requests/s under 16 connections, memory after a crawl, time to first page.
var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}
var repository = Site.FindRepository();
var site = new Site(repository, options);
if (!options.NoBuild)
{
    // Published as a deployment would be: for this machine's runtime, precompiled (ReadyToRun: the Web project turns it
    // on for any publish that names a runtime), so the start measures the portal and not the JIT compiler.
    await Site.RunAsync("dotnet", ["publish", Path.Combine(repository, "src", "StrongCitiesPortal.Web"), "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
        "--self-contained", "false", "-o", site.PortalFolder, "--nologo", "-v", "quiet"], repository, new Dictionary<string, string?>());
}
await site.EnsureImportedAsync();

var staticFile = Path.Combine(site.PortalFolder, "wwwroot", "page-benchmark.html");
var portal = await Portal.StartAsync(site, options.Port);
try
{
    var firstPage = portal.FirstPage;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Portal (pid {portal.ProcessId}) answered its first page {portal.FirstPage.TotalSeconds:N2} s after start, on a site of {options.Rows:N0} imported practices."));
    var indexed = await portal.WaitForLibraryAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Its practice library listed practices {indexed.TotalSeconds:N2} s after start (the search index open, or built on a first start)."));

    // A restart with the index in place, as after a deployment: the first page and the library's first listing.
    await portal.DisposeAsync();
    portal = await Portal.StartAsync(site, options.Port);
    var restartFirstPage = portal.FirstPage;
    var restartIndexed = await portal.WaitForLibraryAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Restarted (pid {portal.ProcessId}): first page {restartFirstPage.TotalSeconds:N2} s, library listing {restartIndexed.TotalSeconds:N2} s after start."));
    var pages = new Measurements(portal.Client);
    var rows = new List<PageFigures>();
    foreach (var (label, path) in Pages.ByType)
        rows.Add(await pages.WarmLatencyAsync(label, path, options.Samples));

    // The same number of bytes as the practice page, served as a static file.
    var practice = await portal.Client.GetByteArrayAsync(Pages.Practice);
    await File.WriteAllBytesAsync(staticFile, practice);
    var dynamicRate = await pages.ThroughputAsync(Pages.Practice, 16, options.LoadSeconds);
    var renderedRate = await pages.ThroughputAsync(Pages.Practice, 16, options.LoadSeconds, rendered: true);
    var staticRate = await pages.ThroughputAsync("/page-benchmark.html", 16, options.LoadSeconds);

    var crawled = await pages.CrawlAsync("/", options.CrawlPages);
    var resident = portal.ResidentBytes();

    Console.WriteLine();
    Console.WriteLine("Anonymous (the page cache answers after the first request) | with a cookie (rendered every time)");
    Console.WriteLine($"{"page",-44} {"status",6} {"p50 ms",8} {"p95 ms",8} | {"p50 ms",8} {"p95 ms",8} {"KB",8}");
    foreach (var row in rows)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Label,-44} {row.Status,6} {row.P50,8:N1} {row.P95,8:N1} | {row.RenderedP50,8:N1} {row.RenderedP95,8:N1} {row.Bytes / 1024.0,8:N1}"));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"16 connections, {options.LoadSeconds} s each: a practice page {dynamicRate.Rate:N0} requests/s anonymous ({dynamicRate.Failed} failed), {renderedRate.Rate:N0} requests/s rendered every time ({renderedRate.Failed} failed); a static file of the same size ({practice.Length / 1024.0:N1} KB) {staticRate.Rate:N0} requests/s; ratios {dynamicRate.Rate / Math.Max(staticRate.Rate, 1):P1} and {renderedRate.Rate / Math.Max(staticRate.Rate, 1):P1}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Resident memory of the portal after crawling {crawled:N0} pages: {resident / 1048576.0:N0} MB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"First start: first page {firstPage.TotalSeconds:N2} s after the process started, practice library listing {indexed.TotalSeconds:N2} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Restart with the index in place: first page {restartFirstPage.TotalSeconds:N2} s, practice library listing {restartIndexed.TotalSeconds:N2} s"));
    return 0;
}
finally
{
    File.Delete(staticFile);
    await portal.DisposeAsync();
}

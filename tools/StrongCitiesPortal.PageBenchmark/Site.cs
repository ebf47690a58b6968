using System.Diagnostics;
using System.Globalization;

namespace StrongCitiesPortal.Tools.PageBenchmark;

/// <summary>The benchmark's site: the practice corpus imported once into its own embedded database, reused while the folder exists.</summary>
public sealed class Site(string repository, BenchmarkOptions options)
{
    public string Repository { get; } = repository;
    public BenchmarkOptions Options { get; } = options;
    public string DataFolder { get; } = options.DataFolder ?? Path.Combine(repository, "artifacts", "page-benchmark", $"site-{options.Rows}");

    /// <summary>The portal as it is deployed: published for this machine's runtime, precompiled (ReadyToRun).</summary>
    public string PortalFolder => Path.Combine(Repository, "artifacts", "page-benchmark", "portal");

    public string PortalDll => Path.Combine(PortalFolder, "StrongCitiesPortal.Web.dll");

    /// <summary>The environment every portal process of the benchmark gets: the embedded database in the site's folder.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["ConnectionStrings__Portal"] = "",
        ["Portal__Content__DataPath"] = DataFolder,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StrongCitiesPortal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    public async Task EnsureImportedAsync()
    {
        var done = Path.Combine(DataFolder, "page-benchmark-site.txt");
        if (File.Exists(done))
        {
            Console.WriteLine($"Reusing the site in {DataFolder} ({(await File.ReadAllTextAsync(done)).Trim()})");
            return;
        }
        if (Directory.Exists(DataFolder))
            Directory.Delete(DataFolder, recursive: true);
        Directory.CreateDirectory(DataFolder);
        var corpus = Path.Combine(Path.GetDirectoryName(DataFolder)!, $"practices-{Options.Rows}.jsonl");
        Console.WriteLine($"Building a site of {Options.Rows:N0} practices in {DataFolder}");
        await RunAsync("dotnet", ["run", "--project", Path.Combine(Repository, "tools", "StrongCitiesPortal.PracticeCorpus"), "-c", "Release", "--",
            "--rows", Options.Rows.ToString(CultureInfo.InvariantCulture), "--format", "jsonl", "--out", corpus], Repository, []);
        var clock = Stopwatch.StartNew();
        await RunAsync("dotnet", [PortalDll, "import", "jsonl", corpus, "--type", "goodPractice", "--parent", "/practices/", "--publish", "en,fr"],
            Path.GetDirectoryName(PortalDll)!, Environment, acceptExitCodes: [0, 1]);
        await File.WriteAllTextAsync(done, string.Create(CultureInfo.InvariantCulture, $"{Options.Rows:N0} practices, imported in {clock.Elapsed.TotalSeconds:N0} s on {DateTime.UtcNow:yyyy-MM-dd}"));
    }

    public static async Task RunAsync(string file, IReadOnlyList<string> arguments, string directory, Dictionary<string, string?> environment, int[]? acceptExitCodes = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync();
        if (!(acceptExitCodes ?? [0]).Contains(process.ExitCode))
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
    }
}

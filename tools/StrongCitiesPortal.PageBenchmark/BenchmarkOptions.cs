using System.Globalization;

namespace StrongCitiesPortal.Tools.PageBenchmark;

public sealed class BenchmarkOptions
{
    public const string Usage = """
        Usage: dotnet run --project tools/StrongCitiesPortal.PageBenchmark -c Release -- [--rows N] [--data FOLDER] [--port PORT]
               [--samples N] [--load-seconds N] [--crawl N] [--no-build]
          --rows N          practices in the site (100000); a site is built once per size and reused
          --data FOLDER     the site's data folder (artifacts/page-benchmark/site-N)
          --port PORT       where the portal listens (5393)
          --samples N       warm requests per page type (40)
          --load-seconds N  seconds of each 16-connection run (10)
          --crawl N         pages crawled before memory is read (1000)
          --no-build        use the Release build as it is
        """;

    public int Rows { get; private set; } = 100_000;
    public string? DataFolder { get; private set; }
    public int Port { get; private set; } = 5393;
    public int Samples { get; private set; } = 40;
    public int LoadSeconds { get; private set; } = 10;
    public int CrawlPages { get; private set; } = 1000;
    public bool NoBuild { get; private set; }

    public static BenchmarkOptions? Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Number() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException(args[i - 1]);
            try
            {
                switch (args[i])
                {
                    case "--rows": options.Rows = Number(); break;
                    case "--port": options.Port = Number(); break;
                    case "--samples": options.Samples = Number(); break;
                    case "--load-seconds": options.LoadSeconds = Number(); break;
                    case "--crawl": options.CrawlPages = Number(); break;
                    case "--no-build": options.NoBuild = true; break;
                    case "--data" when i + 1 < args.Length: options.DataFolder = Path.GetFullPath(args[++i]); break;
                    default: return null;
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return options;
    }
}

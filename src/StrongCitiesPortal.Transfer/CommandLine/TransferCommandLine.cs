using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.CommandLine;

/// <summary>
/// The <c>import</c> and <c>export</c> verbs of the portal's executable: they start the content engine on
/// the portal's configured database (no web server) and run one transfer.
/// </summary>
public static class TransferCommandLine
{
    public const string Usage = """
        Usage:
          import csv|jsonl|markdown PATH --type ALIAS [--parent KEY|ROUTE|EXTERNAL-ID] [--publish en,fr | --publish-as-recorded]
                 [--dry-run] [--force] [--resume] [--batch N] [--parallel N] [--transaction-per-row] [--body PROPERTY] [--report FILE.csv] [--user NAME]
          import site FOLDER
          import runs
          export csv|jsonl|markdown PATH [--type ALIAS] [--history]
          export site FOLDER [--history]

        Exit codes: 0 done, 1 done but rows were reported (invalid, conflict, skipped), 2 wrong command or setup, 3 stopped.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "import" or "export";

    /// <param name="modules">
    /// Registers the portal's modules, the same set the web app registers (<c>AddPortalModules</c> in the portal), so that
    /// what an import changes reaches every notification handler (webhooks, reviews, the import journal) as it would there.
    /// </param>
    public static async Task<int> RunAsync(string[] args, Action<IHostApplicationBuilder> modules, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        Arguments parsed;
        try
        {
            parsed = Arguments.Parse(args, UserDirectory());
        }
        catch (ArgumentException ex)
        {
            await errors.WriteLineAsync(ex.Message);
            await errors.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        // The portal's settings say Information; a command shows its own output and only warnings besides.
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>((string?)null, LogLevel.Warning);
        if (parsed.Verb == "import" && parsed.Format == "site")
        {
            // A site is loaded with its own document types, into a database that gets no starter content.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Portal:Content:ModelPath"] = Path.GetFullPath(parsed.Path!),
                ["Portal:Content:LoadStarterContent"] = "false",
            });
        }
        modules(builder);
        using var host = builder.Build();
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (stop.IsCancellationRequested)
                return;
            e.Cancel = true;
            stop.Cancel();
            errors.WriteLine();
            errors.WriteLine("Stopping after the current row…");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            try
            {
                // Only the database is made ready (schema, starter content): a command loads no published cache, opens no
                // search index and runs no background loop, so it starts in the same time at any size of site. The portals
                // running on the database hear what it changes (NOTIFY and the change feed) and catch up themselves.
                await host.Services.GetRequiredService<PortalContentStartup>().PrepareDatabaseAsync(CancellationToken.None);
                var database = host.Services.GetRequiredService<PortalDatabase>();
                await output.WriteLineAsync($"Database: {(database.IsEmbedded ? "embedded, in " + host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalContentOptions>>().Value.DataPath : "configured server")}");
                return parsed switch
                {
                    { Verb: "import", Format: "site" } => await ImportSiteAsync(host.Services, parsed, output),
                    { Verb: "import", Format: "runs" } => await ListRunsAsync(host.Services, output),
                    { Verb: "import" } => await ImportAsync(host.Services, parsed, output, errors, stop.Token),
                    { Format: "site" } => await ExportSiteAsync(host.Services, parsed, output),
                    _ => await ExportAsync(host.Services, parsed, output),
                };
            }
            catch (Exception ex) when (ex is ImportSetupException or ImportFileException or Content.DocumentTypes.DocumentTypeDefinitionException)
            {
                await errors.WriteLineAsync(ex.Message);
                return 2;
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (host.Services.GetService<PortalDatabase>() is { } database)
                await database.DisposeAsync();
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, Arguments args, TextWriter output, TextWriter errors, CancellationToken stop)
    {
        var importer = services.GetRequiredService<ImportService>();
        var format = args.ImportFormat;
        var source = ImportService.OpenSource(format, args.Path!, importer.BodyProperty(args.Type!, args.Body));
        var request = new ImportRequest
        {
            ContentType = args.Type!,
            Parent = args.Parent,
            DryRun = args.DryRun,
            Force = args.Force,
            Publish = args.Publish,
            PublishAsRecorded = args.PublishAsRecorded,
            Resume = args.Resume,
            BatchSize = args.Batch,
            Parallelism = args.Parallel,
            RefreshCachePerBatch = !args.RefreshPerRow,
            TransactionPerWriter = !args.TransactionPerRow,
            BodyProperty = args.Body,
            KeepRows = 0,
            User = args.User ?? Environment.UserName + " (import)",
        };
        var interactive = !Console.IsErrorRedirected;
        var bar = new ProgressBar(errors, interactive);
        var shown = 0;
        const int ShowAtMost = 200;
        await using var report = args.Report is null ? null : new StreamWriter(args.Report, false, new System.Text.UTF8Encoding(false));
        if (report is not null)
            await report.WriteLineAsync("row,line,file,externalId,key,outcome,property,culture,message");

        void OnRow(RowResult row)
        {
            if (report is not null)
            {
                foreach (var issue in row.Issues.DefaultIfEmpty())
                {
                    report.WriteLine(string.Join(',', new[]
                    {
                        row.Row.ToString(CultureInfo.InvariantCulture), row.Line.ToString(CultureInfo.InvariantCulture), row.File ?? "", row.ExternalId ?? "",
                        row.Key?.ToString() ?? "", row.Outcome.ToString(), issue?.Property ?? "", issue?.Culture ?? "", issue?.Message ?? "",
                    }.Select(ExportService.Quote)));
                }
            }
            if (!ImportReportText.Worth(row, args.DryRun) || shown >= ShowAtMost)
                return;
            shown++;
            foreach (var line in ImportReportText.Lines(row, args.DryRun))
                output.WriteLine(Clear(interactive) + line);
        }

        var result = await importer.RunAsync(source, request, OnRow, bar, stop);
        bar.Done();
        if (shown >= ShowAtMost)
            await output.WriteLineAsync($"… only the first {ShowAtMost} rows are shown" + (args.Report is null ? "; --report FILE.csv lists them all." : $"; {args.Report} lists them all."));
        await output.WriteLineAsync(ImportReportText.Title(result));
        await output.WriteLineAsync("  " + ImportReportText.Counts(result.Counts, args.DryRun));
        if (result.Stopped)
        {
            await output.WriteLineAsync("Stopped. Run the same command with --resume to go on from where it stopped.");
            return 3;
        }
        return result.Count(RowOutcome.Invalid) + result.Count(RowOutcome.Conflict) + result.Count(RowOutcome.Skipped) > 0 ? 1 : 0;
    }

    private static string Clear(bool interactive) => interactive ? "\r\u001b[K" : "";

    private static async Task<int> ListRunsAsync(IServiceProvider services, TextWriter output)
    {
        await using var connection = await services.GetRequiredService<PortalDatabase>().DataSource.OpenConnectionAsync();
        foreach (var run in await services.GetRequiredService<ImportJournal>().RecentRunsAsync(connection, 20, CancellationToken.None))
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run.Id,5}  {run.Status,-11} {run.ContentType,-16} {run.RowsDone,9:N0} rows  {run.UpdatedAt:yyyy-MM-dd HH:mm}  {run.Source}{(run.Status is "interrupted" or "stopped" ? "  (same command with --resume goes on)" : "")}"));
        return 0;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, Arguments args, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var summary = await services.GetRequiredService<ExportService>().ExportAsync(args.ImportFormat, args.Path!, args.Type, args.History);
        foreach (var file in summary.Files)
            await output.WriteLineAsync(file);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Exported {summary.Items:N0} items in {clock.Elapsed.TotalSeconds:N1} s."));
        return 0;
    }

    private static async Task<int> ExportSiteAsync(IServiceProvider services, Arguments args, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var summary = await services.GetRequiredService<SiteTransfer>().ExportAsync(args.Path!, args.History);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Exported the site to {Path.GetFullPath(args.Path!)} in {clock.Elapsed.TotalSeconds:N1} s: {summary.Items:N0} items ({summary.Drafts:N0} with a newer draft), {summary.ExternalIds:N0} external ids, {summary.MediaReferences:N0} media references; {summary.TrashedLeftOut:N0} items in the recycle bin left out."));
        return 0;
    }

    private static async Task<int> ImportSiteAsync(IServiceProvider services, Arguments args, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var summary = await services.GetRequiredService<SiteTransfer>().ImportAsync(args.Path!, new LineProgress(output, clock));
        foreach (var problem in summary.Problems)
            await output.WriteLineAsync(problem);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Loaded {summary.Items:N0} items and {summary.ExternalIds:N0} external ids in {clock.Elapsed.TotalSeconds:N1} s; {summary.AlreadyThere:N0} were already here; {summary.Problems.Count} failed."));
        return summary.Problems.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// Where the user typed the command: <c>dotnet run --project</c> starts the program in the project's
    /// folder, but the shell's PWD still says where relative paths were meant from.
    /// </summary>
    private static string UserDirectory() =>
        Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Directory.Exists(pwd) ? pwd : Directory.GetCurrentDirectory();

    private sealed class LineProgress(TextWriter output, Stopwatch clock) : IProgress<int>
    {
        public void Report(int value) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value:N0} items loaded ({value / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s)"));
    }

    private sealed class Arguments
    {
        public required string Verb { get; init; }
        public required string Format { get; init; }
        public string? Path { get; private set; }
        public string? Type { get; private set; }
        public string? Parent { get; private set; }
        public IReadOnlyList<string> Publish { get; private set; } = [];
        public bool PublishAsRecorded { get; private set; }
        public bool DryRun { get; private set; }
        public bool Force { get; private set; }
        public bool Resume { get; private set; }
        public bool History { get; private set; }
        public int Batch { get; private set; } = 500;
        public int Parallel { get; private set; } = 4;
        public bool RefreshPerRow { get; private set; }
        public bool TransactionPerRow { get; private set; }
        public string? Body { get; private set; }
        public string? Report { get; private set; }
        public string? User { get; private set; }

        public ImportFormat ImportFormat => Format switch
        {
            "csv" => ImportFormat.Csv,
            "jsonl" => ImportFormat.JsonLines,
            _ => ImportFormat.Markdown,
        };

        public static Arguments Parse(string[] args, string directory)
        {
            if (args.Length < 2)
                throw new ArgumentException("Say what to import or export.");
            var format = args[1];
            var known = args[0] == "import" ? new[] { "csv", "jsonl", "markdown", "site", "runs" } : ["csv", "jsonl", "markdown", "site"];
            if (!known.Contains(format))
                throw new ArgumentException($"'{format}' is not one of: {string.Join(", ", known)}.");
            var parsed = new Arguments { Verb = args[0], Format = format };
            for (var i = 2; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
                switch (arg)
                {
                    case "--type": parsed.Type = Value(); break;
                    case "--parent": parsed.Parent = Value(); break;
                    case "--publish": parsed.Publish = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "--publish-as-recorded": parsed.PublishAsRecorded = true; break;
                    case "--dry-run": parsed.DryRun = true; break;
                    case "--force": parsed.Force = true; break;
                    case "--resume": parsed.Resume = true; break;
                    case "--history": parsed.History = true; break;
                    case "--refresh-cache-per-row": parsed.RefreshPerRow = true; break;
                    case "--transaction-per-row": parsed.TransactionPerRow = true; break;
                    case "--body": parsed.Body = Value(); break;
                    case "--report": parsed.Report = System.IO.Path.GetFullPath(Value(), directory); break;
                    case "--user": parsed.User = Value(); break;
                    case "--batch":
                        parsed.Batch = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var batch) && batch is >= 1 and <= 10_000
                            ? batch : throw new ArgumentException("--batch takes a number from 1 to 10000.");
                        break;
                    case "--parallel":
                        parsed.Parallel = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var writers) && writers is >= 1 and <= 32
                            ? writers : throw new ArgumentException("--parallel takes a number from 1 to 32.");
                        break;
                    default:
                        if (arg.StartsWith("--", StringComparison.Ordinal) || parsed.Path is not null)
                            throw new ArgumentException($"Unknown argument '{arg}'.");
                        parsed.Path = System.IO.Path.GetFullPath(arg, directory);
                        break;
                }
            }
            if (format != "runs" && parsed.Path is null)
                throw new ArgumentException($"{args[0]} {format} needs a path.");
            if (args[0] == "import" && format is "csv" or "jsonl" or "markdown" && parsed.Type is null)
                throw new ArgumentException("--type ALIAS is required: the document type the records become.");
            if (parsed.PublishAsRecorded && parsed.Publish.Count > 0)
                throw new ArgumentException("Give --publish or --publish-as-recorded, not both.");
            return parsed;
        }
    }
}

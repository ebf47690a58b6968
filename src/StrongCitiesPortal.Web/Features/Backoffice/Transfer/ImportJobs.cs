using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

/// <summary>
/// Runs the backoffice's imports in the background, one at a time per portal instance, so a large file never
/// holds a request open. A stopped import is resumed from the journal's checkpoint (rows are never written twice).
/// </summary>
public sealed class ImportJobs(
    ImportService importer,
    ImportJournal journal,
    PortalDatabase database,
    AuditLog audit,
    TimeProvider clock,
    IOptions<TransferOptions> options,
    IOptions<PortalContentOptions> content,
    IHostEnvironment environment,
    ILogger<ImportJobs> logger) : BackgroundService
{
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    /// <summary>The folder uploads are kept in, one sub-folder per upload.</summary>
    public string UploadRoot => string.IsNullOrWhiteSpace(options.Value.UploadPath)
        ? Path.Combine(Path.GetFullPath(content.Value.DataPath, environment.ContentRootPath), "imports")
        : Path.GetFullPath(options.Value.UploadPath, environment.ContentRootPath);

    public ImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<ImportJob> Recent(int take) => _jobs.Values.OrderByDescending(j => j.QueuedAt).Take(take).ToList();

    /// <summary>Runs the journal shows as interrupted: a process died (or lost its database) in the middle of them.</summary>
    public async Task<IReadOnlyList<ImportRun>> InterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return (await journal.RecentRunsAsync(connection, 50, cancellationToken)).Where(r => r.Status == "interrupted").ToList();
    }

    /// <summary>A new folder for an upload; uploads older than <see cref="TransferOptions.KeepUploads"/> are cleared out first.</summary>
    public string NewUploadFolder()
    {
        Directory.CreateDirectory(UploadRoot);
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.KeepUploads;
        var inUse = _jobs.Values.Select(j => j.Request.Upload).ToHashSet(StringComparer.Ordinal);
        foreach (var old in new DirectoryInfo(UploadRoot).EnumerateDirectories().Where(d => d.CreationTimeUtc < cutoff && !inUse.Contains(d.FullName)))
        {
            try
            {
                old.Delete(recursive: true);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not remove the old upload {Folder}", old.FullName);
            }
        }
        var folder = Path.Combine(UploadRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async Task<ImportJob> EnqueueAsync(ImportJobRequest request, string user, bool resume = false)
    {
        var job = new ImportJob(Guid.NewGuid(), request, user, clock.GetUtcNow(), resume);
        _jobs[job.Id] = job;
        await audit.WriteAsync(request.ParentKey ?? Guid.Empty, resume ? "import-resume" : "import-start", user, Describe(job));
        await _queue.Writer.WriteAsync(job);
        return job;
    }

    /// <summary>Asks a queued or running job to stop after the row it is on; what it wrote stays, and it can be resumed.</summary>
    public async Task<bool> StopAsync(ImportJob job, string user)
    {
        if (!job.IsActive)
            return false;
        await job.Stop.CancelAsync();
        await audit.WriteAsync(job.Request.ParentKey ?? Guid.Empty, "import-stop", user, $"asked to stop: {Describe(job)}");
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The portal is stopping: a running import stopped at its checkpoint and can be resumed after the restart.
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken stoppingToken)
    {
        var request = job.Request;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(job.Stop.Token, stoppingToken);
        if (stop.IsCancellationRequested)
        {
            job.State = ImportJobState.Stopped;
            job.Report = new ImportReport { DryRun = request.DryRun, Stopped = true };
            return;
        }
        job.State = ImportJobState.Running;
        try
        {
            var source = ImportService.OpenSource(request.Format, SourcePath(request), importer.BodyProperty(request.ContentType, null));
            var resume = false;
            if (!request.DryRun)
            {
                // A run stopped before it wrote anything has nothing to resume: it simply starts. The same file uploaded
                // again after its import was interrupted (the portal was killed, or lost its database) goes on where it was.
                await using var connection = await database.DataSource.OpenConnectionAsync(stop.Token);
                var earlier = await journal.ResumableRunAsync(connection, source.Fingerprint, request.ContentType, stop.Token);
                resume = job.Resume ? earlier is not null : earlier is { Status: "interrupted" };
            }
            await using var report = new StreamWriter(job.ReportPath, false, new System.Text.UTF8Encoding(false));
            await report.WriteLineAsync("row,line,file,externalId,key,outcome,property,culture,message");
            var limit = options.Value.ShowRows;

            void OnRow(RowResult row)
            {
                foreach (var issue in row.Issues.DefaultIfEmpty())
                {
                    report.WriteLine(string.Join(',', new[]
                    {
                        row.Row.ToString(CultureInfo.InvariantCulture), row.Line.ToString(CultureInfo.InvariantCulture), row.File ?? "", row.ExternalId ?? "",
                        row.Key?.ToString() ?? "", row.Outcome.ToString(), issue?.Property ?? "", issue?.Culture ?? "", issue?.Message ?? "",
                    }.Select(ExportService.Quote)));
                }
                if (ImportReportText.Worth(row, request.DryRun))
                    job.Show(row, limit);
            }

            var result = await importer.RunAsync(source, new ImportRequest
            {
                ContentType = request.ContentType,
                Parent = request.ParentKey?.ToString(),
                DryRun = request.DryRun,
                Force = request.Force,
                Publish = request.Publish,
                Resume = resume,
                KeepRows = 0,
                User = job.User,
            }, OnRow, new Progress(job), stop.Token);
            job.Report = result;
            job.State = result.Stopped ? ImportJobState.Stopped : ImportJobState.Finished;
            await audit.WriteAsync(request.ParentKey ?? Guid.Empty, result.Stopped ? "import-stopped" : request.DryRun ? "import-dry-run" : "import", job.User,
                $"{Describe(job)}: {ImportReportText.Title(result)}; {ImportReportText.Counts(result.Counts, request.DryRun)}", cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (ex is ImportSetupException or ImportFileException or IOException or System.Text.Json.JsonException)
        {
            job.State = ImportJobState.Failed;
            job.Failure = ex.Message;
            await audit.WriteAsync(request.ParentKey ?? Guid.Empty, "import-failed", job.User, $"{Describe(job)}: {ex.Message}", cancellationToken: CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // Stopped inside a database call rather than between batches: the journal's run stays open to be resumed.
            job.State = ImportJobState.Stopped;
            job.Report ??= new ImportReport { DryRun = request.DryRun, Stopped = true };
            await audit.WriteAsync(request.ParentKey ?? Guid.Empty, "import-stopped", job.User, Describe(job), cancellationToken: CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Import job {Job} failed", job.Id);
            job.State = ImportJobState.Failed;
            job.Failure = "Something went wrong on the server; the details are in the log. Rows written before it stay, and importing the file again resumes or updates them.";
            await audit.WriteAsync(request.ParentKey ?? Guid.Empty, "import-failed", job.User, $"{Describe(job)}: {ex.GetType().Name}", cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>A CSV or JSON Lines upload is its one file; Markdown is the folder of its files.</summary>
    public static string SourcePath(ImportJobRequest request) =>
        request.Format == ImportFormat.Markdown ? Path.Combine(request.Upload, "markdown") : Path.Combine(request.Upload, "records");

    public static string Describe(ImportJob job)
    {
        var r = job.Request;
        var publish = r.Publish.Count == 0 ? "drafts only" : "publish " + string.Join(", ", r.Publish);
        return $"{(r.DryRun ? "dry run of " : "")}{r.FileName} ({FormatName(r.Format)}) as '{r.ContentType}' into {r.ParentName}; {publish}{(r.Force ? "; overwriting editors' changes" : "")}";
    }

    public static string FormatName(ImportFormat format) => format switch
    {
        ImportFormat.Csv => "CSV",
        ImportFormat.JsonLines => "JSON Lines",
        _ => "Markdown",
    };

    private sealed class Progress(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress = value with { Counts = value.Counts.ToDictionary() };
    }
}

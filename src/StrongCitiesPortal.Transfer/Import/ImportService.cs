using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>Something wrong with the import as a whole (unknown type, no such parent): nothing is read or written.</summary>
public sealed class ImportSetupException(string message) : Exception(message);

/// <summary>
/// Imports records into one document type: every record is checked against the type with the engine's
/// validator before anything is written; valid records are created or updated (by external id) through
/// the content service, batch by batch, with the published cache refreshed once per batch.
/// </summary>
public sealed class ImportService(
    PortalDatabase database,
    IContentService content,
    DocumentTypeRegistry types,
    PublishedContentCache cache,
    ImportJournal journal,
    ItemLookup items,
    LiveRouteFinder routes,
    IOptions<PortalContentOptions> options)
{
    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;

    private DocumentTypeRegistry Types { get; } = types;

    public static IRecordSource OpenSource(ImportFormat format, string path, string bodyField) => format switch
    {
        ImportFormat.Csv => new Sources.CsvRecordSource(path),
        ImportFormat.JsonLines => new Sources.JsonLinesRecordSource(path),
        _ => new Sources.MarkdownFolderRecordSource(path, bodyField),
    };

    /// <summary>The property a Markdown file's body fills: the one asked for, else the type's first Markdown property.</summary>
    public string BodyProperty(string contentType, string? asked) =>
        asked ?? Types.Find(contentType)?.Properties.FirstOrDefault(p => p.PropertyEditor is MarkdownEditor)?.Alias ?? "body";

    public async Task<ImportReport> RunAsync(IRecordSource source, ImportRequest request, Action<RowResult>? onRow = null,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var type = Types.Find(request.ContentType)
            ?? throw new ImportSetupException($"There is no document type '{request.ContentType}' (known: {string.Join(", ", Types.All.Where(t => !t.IsElement).Select(t => t.Alias).Order(StringComparer.Ordinal))}).");
        if (type.IsElement)
            throw new ImportSetupException($"'{type.Alias}' is an element type: it can only be used as a block.");
        var unknownCultures = request.Publish.Where(c => !_cultures.Contains(c, StringComparer.Ordinal)).ToList();
        if (unknownCultures.Count > 0)
            throw new ImportSetupException($"Cannot publish in '{string.Join("', '", unknownCultures)}': the portal's cultures are {string.Join(", ", _cultures)}.");
        if (request.BatchSize is < 1 or > 10_000)
            throw new ImportSetupException("The batch size must be between 1 and 10000.");
        if (request.Parallelism is < 1 or > 32)
            throw new ImportSetupException("The number of parallel writers must be between 1 and 32.");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var parents = new ParentResolver(items, routes, journal, connection, _cultures[0]);
        ParentInfo? defaultParent = null;
        if (request.Parent is not null)
        {
            var (parent, problem) = await parents.ResolveAsync(request.Parent, cancellationToken);
            if (parent is null)
                throw new ImportSetupException($"--parent: {problem}");
            defaultParent = parent;
        }
        var pickedTypes = type.Properties.Where(p => p.PropertyEditor is ContentPickerEditor)
            .SelectMany(p => p.AllowedTypes.Count > 0 ? p.AllowedTypes : Types.All.Where(t => !t.IsElement).Select(t => t.Alias))
            .Distinct(StringComparer.Ordinal).ToList();
        var pickers = await PickerIndex.LoadAsync(items, connection, pickedTypes, cancellationToken);
        var mapper = new RecordMapper(type, Types, _cultures, pickers);
        var planner = new ImportPlanner(request, type, Types, _cultures, mapper, parents, defaultParent, items, journal, connection);

        long? runId = null;
        long resumeAfter = 0;
        if (!request.DryRun)
        {
            var stopped = request.Resume ? await journal.ResumableRunAsync(connection, source.Fingerprint, type.Alias, cancellationToken) : null;
            if (request.Resume && stopped is null)
                throw new ImportSetupException($"There is no stopped import of {source.Description} into '{type.Alias}' to resume (a changed file cannot be resumed: import it again; rows imported before are updated, not duplicated).");
            if (stopped is not null)
            {
                await journal.ReopenRunAsync(connection, stopped, cancellationToken);
                runId = stopped.Id;
                resumeAfter = stopped.RowsDone;
            }
            else
            {
                runId = await journal.StartRunAsync(connection, source, request, defaultParent?.Key, cancellationToken);
            }
        }
        var report = new ImportReport { DryRun = request.DryRun, RunId = runId, ResumedAfterRow = resumeAfter };
        var writer = new ImportWriter(request, type, content, cache, items, runId);
        var ledger = new ImportLedger(request, type, report, onRow, pickers, pickedTypes.ToHashSet(StringComparer.Ordinal), journal, connection, runId);

        async Task ProcessAsync(IReadOnlyList<ImportRecord> records)
        {
            var plans = await planner.PlanAsync(records, cancellationToken);
            if (request.DryRun)
            {
                foreach (var plan in plans)
                    ledger.Complete(plan);
                return;
            }
            var done = await writer.WriteAsync(plans, cancellationToken);
            await ledger.RecordAsync(plans, done);
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var batch = new List<ImportRecord>(request.BatchSize);
            var lastReport = TimeSpan.Zero;
            await foreach (var record in source.ReadAsync(CancellationToken.None))
            {
                if (record.Row <= resumeAfter)
                    continue;
                batch.Add(record);
                if (batch.Count < request.BatchSize)
                    continue;
                await ProcessAsync(batch);
                batch.Clear();
                if (clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(250))
                {
                    lastReport = clock.Elapsed;
                    progress?.Report(new ImportProgress(report.Rows, source.Position, source.Length, clock.Elapsed, report.Counts));
                }
                if (cancellationToken.IsCancellationRequested)
                    break;
            }
            if (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
                await ProcessAsync(batch);
            report.Stopped = cancellationToken.IsCancellationRequested;
            report.Elapsed = clock.Elapsed;
            progress?.Report(new ImportProgress(report.Rows, source.Length ?? source.Position, source.Length, clock.Elapsed, report.Counts));
            if (runId is { } finished)
                await journal.FinishRunAsync(connection, finished, report.Stopped ? "stopped" : "finished", CancellationToken.None);
            return report;
        }
        catch (Exception) when (runId is not null)
        {
            // Let go of the run at once (it reads 'interrupted' and can be resumed), not when the pooled connection is next reset.
            try
            {
                await ImportJournal.ReleaseRunAsync(connection, runId.Value, CancellationToken.None);
            }
            catch (Exception release) when (release is NpgsqlException or InvalidOperationException)
            {
                // The connection itself is gone, and with it the lock.
            }
            throw;
        }
    }
}

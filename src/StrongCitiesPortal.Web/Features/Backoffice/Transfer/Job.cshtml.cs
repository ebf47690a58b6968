using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

/// <summary>An import's progress while it runs (refreshing itself, with or without script) and its report when done.</summary>
[Authorize(Policy = Policies.Publishers)]
public sealed class JobModel(ImportJobs jobs, DocumentTypeRegistry types) : BackofficePageModel
{
    public ImportJob Job { get; private set; } = null!;

    /// <summary>Picked values the portal could not find (by key, external id or name), by property.</summary>
    public IReadOnlyList<(string Property, IReadOnlyList<string> Lines)> UnknownPicks { get; private set; } = [];

    public IActionResult OnGet(Guid id)
    {
        if (jobs.Find(id) is not { } job)
            return NotFound();
        Job = job;
        var pickers = types.Find(job.Request.ContentType)?.Properties
            .Where(p => p.PropertyEditor.IsPicker)
            .Select(p => p.Alias).ToHashSet(StringComparer.Ordinal) ?? [];
        UnknownPicks = job.ShownRows
            .SelectMany(r => r.Issues.Where(i => i.Property is not null && pickers.Contains(i.Property)).Select(i => (i.Property!, Line: $"{r.Where} [{r.ExternalId}]: {i.Message}")))
            .GroupBy(p => p.Item1, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Line).ToList()))
            .ToList();
        if (job.IsActive)
            Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>What the page's script polls while the job runs.</summary>
    public IActionResult OnGetProgress(Guid id)
    {
        if (jobs.Find(id) is not { } job)
            return NotFound();
        var (rate, left, fraction) = job.Pace();
        return new JsonResult(new
        {
            state = job.State.ToString().ToLowerInvariant(),
            active = job.IsActive,
            rows = job.Progress?.Rows ?? 0,
            rate = Math.Round(rate, 1),
            left = left is { } l ? Duration(l) : null,
            percent = fraction is { } f ? (int)Math.Floor(f * 100) : (int?)null,
            counts = (job.Progress?.Counts ?? new Dictionary<RowOutcome, long>()).ToDictionary(c => c.Key.ToString().ToLowerInvariant(), c => c.Value),
        });
    }

    /// <summary>Every row's outcome and problems as CSV, the same file as the command's <c>--report</c>.</summary>
    public IActionResult OnGetReport(Guid id)
    {
        if (jobs.Find(id) is not { IsActive: false } job || !System.IO.File.Exists(job.ReportPath))
            return NotFound();
        return PhysicalFile(job.ReportPath, "text/csv; charset=utf-8", $"import-report-{job.QueuedAt:yyyyMMdd-HHmm}.csv");
    }

    public async Task<IActionResult> OnPostStopAsync(Guid id)
    {
        if (jobs.Find(id) is not { } job)
            return NotFound();
        Flash = await jobs.StopAsync(job, Me.UserName) ? "Stopping after the row it is on…" : "The import had already ended.";
        return Redirect($"/backoffice/import/{id}");
    }

    /// <summary>Goes on with a stopped import from its checkpoint: rows written before are not written again.</summary>
    public async Task<IActionResult> OnPostResumeAsync(Guid id)
    {
        if (jobs.Find(id) is not { State: ImportJobState.Stopped, Request.DryRun: false } job)
            return NotFound();
        var next = await jobs.EnqueueAsync(job.Request, Me.UserName, resume: true);
        return Redirect($"/backoffice/import/{next.Id}");
    }

    /// <summary>After a dry run: the same file with the same choices, for real.</summary>
    public async Task<IActionResult> OnPostRunAsync(Guid id)
    {
        if (jobs.Find(id) is not { State: ImportJobState.Finished, Request.DryRun: true } job || !Directory.Exists(job.Request.Upload))
            return NotFound();
        var next = await jobs.EnqueueAsync(job.Request with { DryRun = false }, Me.UserName);
        return Redirect($"/backoffice/import/{next.Id}");
    }

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:D2} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds:D2} s" : $"{Math.Ceiling(span.TotalSeconds)} s";

    /// <summary>The outcome as the report names it, with what it means here.</summary>
    public static string Label(RowOutcome outcome, bool dryRun) => outcome switch
    {
        RowOutcome.Conflict => (dryRun ? "would be skipped" : "skipped") + ": changed by an editor (conflict)",
        RowOutcome.Skipped => (dryRun ? "would be skipped" : "skipped") + ": deleted or in the recycle bin",
        RowOutcome.Invalid => "failed (invalid)",
        RowOutcome.Published => (dryRun ? "would be " : "") + "published (unchanged, not yet live)",
        _ => ImportReportText.Outcome(outcome, dryRun),
    };
}

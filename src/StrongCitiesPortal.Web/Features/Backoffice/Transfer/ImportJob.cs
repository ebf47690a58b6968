using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

public enum ImportJobState
{
    Queued,
    Running,
    Finished,
    Stopped,
    Failed,
}

/// <summary>What an editor asked to import: the uploaded file (kept in its own folder) and the choices on the form.</summary>
public sealed record ImportJobRequest(
    string Upload,
    string FileName,
    ImportFormat Format,
    string ContentType,
    Guid? ParentKey,
    string ParentName,
    bool DryRun,
    bool Force,
    IReadOnlyList<string> Publish);

/// <summary>One import (or dry run) as it waits, runs and ends, for its progress and report page.</summary>
public sealed class ImportJob(Guid id, ImportJobRequest request, string user, DateTimeOffset queuedAt, bool resume)
{
    private readonly Lock _gate = new();
    private readonly List<RowResult> _shown = [];

    public Guid Id { get; } = id;
    public ImportJobRequest Request { get; } = request;
    public string User { get; } = user;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public bool Resume { get; } = resume;
    public CancellationTokenSource Stop { get; } = new();

    public ImportJobState State { get; set; } = ImportJobState.Queued;
    public ImportProgress? Progress { get; set; }
    public ImportReport? Report { get; set; }

    /// <summary>Why the import could not run at all (a file that cannot be read as its format, say).</summary>
    public string? Failure { get; set; }

    public long RowsNotShown { get; private set; }

    public bool IsActive => State is ImportJobState.Queued or ImportJobState.Running;

    public string ReportPath => Path.Combine(Request.Upload, $"report-{Id:N}.csv");

    public IReadOnlyList<RowResult> ShownRows
    {
        get
        {
            lock (_gate)
                return [.. _shown];
        }
    }

    internal void Show(RowResult row, int limit)
    {
        lock (_gate)
        {
            if (_shown.Count < limit)
                _shown.Add(row);
            else
                RowsNotShown++;
        }
    }

    /// <summary>Rows per second so far, and the time left judged by how much of the file has been read.</summary>
    public (double Rate, TimeSpan? Left, double? Fraction) Pace()
    {
        if (Progress is not { } p || p.Elapsed <= TimeSpan.Zero)
            return (0, null, null);
        var rate = p.Rows / p.Elapsed.TotalSeconds;
        if (p.Length is not > 0 || p.Position <= 0)
            return (rate, null, null);
        var fraction = Math.Clamp((double)p.Position / p.Length.Value, 0, 1);
        return (rate, TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - fraction) / fraction), fraction);
    }
}

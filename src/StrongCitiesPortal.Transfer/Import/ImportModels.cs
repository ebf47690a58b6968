using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Transfer.Import;

public enum ImportFormat
{
    Csv,
    JsonLines,
    Markdown,
}

/// <summary>What to import and how.</summary>
public sealed class ImportRequest
{
    /// <summary>The document type every record becomes.</summary>
    public required string ContentType { get; init; }

    /// <summary>Where new items go: a key, an external id or a route ("/practices/"); a record's own <c>parent</c> wins.</summary>
    public string? Parent { get; init; }

    /// <summary>Check and report everything, write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Overwrite items an editor changed since the last import (and recreate ones deleted since).</summary>
    public bool Force { get; init; }

    /// <summary>Cultures to publish each written item in (those it has). Empty: save drafts only.</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];

    /// <summary>Publish the cultures each record lists in its <c>publish</c> field instead.</summary>
    public bool PublishAsRecorded { get; init; }

    /// <summary>Continue the last stopped import of the same file into the same type.</summary>
    public bool Resume { get; init; }

    /// <summary>Records read, checked and written together; the published cache refreshes once per batch.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// Refresh the published cache once per batch (the bulk path). False refreshes it after every item,
    /// as an editor's publish does: only there to measure the difference.
    /// </summary>
    public bool RefreshCachePerBatch { get; init; } = true;

    /// <summary>How many rows are written at once (each through its own connection and transaction).</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// Each writer commits its share of a batch in one transaction (a savepoint per row), so handlers such as
    /// search indexing work once per transaction. False: a transaction per row, as an editor's save is.
    /// </summary>
    public bool TransactionPerWriter { get; init; } = true;

    /// <summary>The field a Markdown file's body goes to (a property alias).</summary>
    public string? BodyProperty { get; init; }

    /// <summary>How many row outcomes the report keeps in memory (the rest only reach the row callback).</summary>
    public int KeepRows { get; init; } = 10_000;

    public string User { get; init; } = "import";
}

public enum RowOutcome
{
    Created,
    Updated,
    Published,
    Unchanged,
    Conflict,
    Skipped,
    Invalid,
}

/// <summary>What happened (or, in a dry run, would happen) to one record.</summary>
public sealed record RowResult(long Row, int Line, string? File, string? ExternalId, Guid? Key, RowOutcome Outcome, IReadOnlyList<ValidationError> Issues)
{
    public string Where => File is null ? $"row {Row}" + (Line > 0 ? $" (line {Line})" : "") : $"row {Row} ({File})";
}

public sealed record ImportProgress(long Rows, long Position, long? Length, TimeSpan Elapsed, IReadOnlyDictionary<RowOutcome, long> Counts);

public sealed class ImportReport
{
    public long? RunId { get; set; }
    public bool DryRun { get; init; }
    public bool Stopped { get; set; }

    /// <summary>Rows handled in this run (after a resume: only the new ones).</summary>
    public long Rows { get; set; }

    /// <summary>Rows already handled by the stopped run this one resumed.</summary>
    public long ResumedAfterRow { get; set; }

    public TimeSpan Elapsed { get; set; }
    public Dictionary<RowOutcome, long> Counts { get; } = Enum.GetValues<RowOutcome>().ToDictionary(o => o, _ => 0L);
    public List<RowResult> Results { get; } = [];

    public long Count(RowOutcome outcome) => Counts[outcome];

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}

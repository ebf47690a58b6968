using System.Globalization;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>The words an import report is told in, the same on the command line and in the backoffice.</summary>
public static class ImportReportText
{
    /// <summary>Whether a row is worth a line: it has problems, or (in a dry run) something would happen to it.</summary>
    public static bool Worth(RowResult row, bool dryRun) => row.Issues.Count > 0 || (dryRun && row.Outcome != RowOutcome.Unchanged);

    public static string Outcome(RowOutcome outcome, bool dryRun) => (dryRun ? "would be " : "") + outcome.ToString().ToLowerInvariant();

    /// <summary>One line per problem (or one for the row when it has none): <c>row 3 (line 4) [bad-3] invalid: countries: 'Atlantis' is not…</c></summary>
    public static IEnumerable<string> Lines(RowResult row, bool dryRun)
    {
        var line = $"{row.Where} [{row.ExternalId}] {Outcome(row.Outcome, dryRun)}";
        if (row.Issues.Count == 0)
            yield return line;
        foreach (var issue in row.Issues)
            yield return $"{line}: {issue}";
    }

    public static string Title(ImportReport report)
    {
        var title = report.DryRun ? "Dry run (nothing written)" : $"Import run {report.RunId}";
        var resumed = report.ResumedAfterRow > 0 ? string.Create(CultureInfo.InvariantCulture, $", resumed after row {report.ResumedAfterRow:N0}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{title}: {report.Rows:N0} rows in {report.Elapsed.TotalSeconds:N1} s ({report.RowsPerSecond:N0} rows/s){resumed}");
    }

    public static string Counts(IReadOnlyDictionary<RowOutcome, long> counts, bool dryRun) =>
        string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Outcome(c.Key, dryRun)}: {c.Value:N0}")));
}

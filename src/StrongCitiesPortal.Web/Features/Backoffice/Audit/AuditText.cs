using System.Globalization;
using System.Text.RegularExpressions;

namespace StrongCitiesPortal.Web.Features.Backoffice.Audit;

/// <summary>An audit line's detail as a person reads it: the engine's schedule lines with dates in the reader's format and no "-".</summary>
public static partial class AuditText
{
    [GeneratedRegex(@"^publish at (?<publish>\S+)(?: \(version (?<version>\d+)\))?, unpublish at (?<unpublish>\S+)$")]
    private static partial Regex Schedule();

    public static string? Detail(AuditRecord record, HttpContext context)
    {
        if (record.Detail is null || record.Action != "schedule" || Schedule().Match(record.Detail) is not { Success: true } match)
            return record.Detail;
        var publish = When(match.Groups["publish"].Value, context);
        var unpublish = When(match.Groups["unpublish"].Value, context);
        var version = match.Groups["version"].Success ? $" (version {match.Groups["version"].Value})" : "";
        return (publish is null ? "no publish date" : $"publishes {publish}{version}") + ", " + (unpublish is null ? "no unpublish date" : $"unpublishes {unpublish}");
    }

    private static string? When(string value, HttpContext context) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? ReaderDates.Format(at, context) : null;
}

using System.Globalization;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.CommandLine;

/// <summary>A one-line progress bar with rate and time left, redrawn in place on a terminal, a line every few seconds otherwise.</summary>
public sealed class ProgressBar(TextWriter output, bool interactive) : IProgress<ImportProgress>
{
    private const int Width = 30;
    private TimeSpan? _lastLine;

    public void Report(ImportProgress value)
    {
        if (!interactive && _lastLine is { } last && value.Elapsed - last < TimeSpan.FromSeconds(5) && value.Position < value.Length)
            return;
        _lastLine = value.Elapsed;
        var line = Render(value);
        if (interactive)
            output.Write("\r" + line + "\u001b[K");
        else
            output.WriteLine(line);
    }

    public void Done()
    {
        if (interactive)
            output.WriteLine();
    }

    public static string Render(ImportProgress value)
    {
        var seconds = Math.Max(value.Elapsed.TotalSeconds, 0.001);
        var rate = value.Rows / seconds;
        var fraction = value.Length is > 0 ? Math.Clamp((double)value.Position / value.Length.Value, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * Width);
        var left = fraction > 0.001 ? TimeSpan.FromSeconds(seconds / fraction - seconds) : (TimeSpan?)null;
        var counts = string.Join(" · ", value.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key.ToString().ToLowerInvariant()} {c.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0}  {value.Rows:N0} rows  {rate:N0}/s  left {Format(left)}  {counts}");
    }

    private static string Format(TimeSpan? span) =>
        span is { } s ? s.TotalHours >= 1 ? s.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : s.ToString(@"m\:ss", CultureInfo.InvariantCulture) : "?";
}

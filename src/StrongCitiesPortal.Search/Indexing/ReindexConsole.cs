using System.Globalization;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>Shows a reindex's progress as a bar with its rate, on one console line.</summary>
public sealed class ReindexConsole(TextWriter output, bool interactive) : IProgress<ReindexProgress>
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private DateTime _lastDrawn = DateTime.MinValue;
    private string _lastStage = "";

    public void Report(ReindexProgress value)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            var stageChanged = value.Stage != _lastStage;
            if (!stageChanged && value.Done < value.Total && now - _lastDrawn < TimeSpan.FromMilliseconds(interactive ? 100 : 2000))
                return;
            _lastDrawn = now;
            _lastStage = value.Stage;
            var share = value.Total == 0 ? 1 : Math.Min(1, (double)value.Done / value.Total);
            var filled = (int)Math.Round(share * Width);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {value.Done,9:N0}/{value.Total:N0} rows  {value.Rate,8:N0} rows/s  {value.Elapsed.TotalSeconds,6:N1} s  {value.Stage,-8}");
            if (interactive)
                output.Write("\r" + line);
            else
                output.WriteLine(line);
            if (interactive && value.Stage == "done")
                output.WriteLine();
        }
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json;

namespace StrongCitiesPortal.Transfer.Import.Sources;

/// <summary>A JSON Lines file: one JSON object per line, blank lines ignored.</summary>
public sealed class JsonLinesRecordSource(string path) : TextFileRecordSource(path)
{
    protected override async IAsyncEnumerable<ImportRecord> ReadRecordsAsync(TextReader text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long row = 0;
        var line = 0;
        while (await text.ReadLineAsync(cancellationToken) is { } content)
        {
            line++;
            if (string.IsNullOrWhiteSpace(content))
                continue;
            row++;
            yield return Parse(row, line, content);
        }
    }

    private static ImportRecord Parse(long row, int line, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new ImportRecord { Row = row, Line = line, ReadError = "The line is not a JSON object." };
            var fields = document.RootElement.EnumerateObject()
                .Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone()))
                .ToList();
            return new ImportRecord { Row = row, Line = line, Fields = fields };
        }
        catch (JsonException ex)
        {
            return new ImportRecord { Row = row, Line = line, ReadError = $"The line is not valid JSON (at character {ex.BytePositionInLine + 1})." };
        }
    }
}

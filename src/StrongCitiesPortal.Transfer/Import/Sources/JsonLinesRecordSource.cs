using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace StrongCitiesPortal.Transfer.Import.Sources;

/// <summary>A JSON Lines file: one JSON object per line, blank lines ignored.</summary>
public sealed class JsonLinesRecordSource(string path) : IRecordSource
{
    private readonly FileInfo _file = new(path);
    private Stream? _stream;

    public string Description => _file.FullName;
    public string Fingerprint => Fingerprints.Of(_file);
    public long Position => _stream is { CanSeek: true } s ? s.Position : 0;
    public long? Length => _file.Exists ? _file.Length : null;

    public async IAsyncEnumerable<ImportRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_file.Exists)
            throw new ImportFileException($"{_file.FullName} does not exist.");
        await using var stream = new FileStream(_file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        _stream = stream;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        long row = 0;
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            row++;
            yield return Parse(row, line, text);
        }
        _stream = null;
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

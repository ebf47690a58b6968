using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace StrongCitiesPortal.Transfer.Import.Sources;

/// <summary>
/// A CSV file (RFC 4180: comma-separated, double quotes around fields holding commas, quotes or line
/// breaks, a doubled quote for a quote), with a header row naming the fields. Read a record at a time.
/// </summary>
public sealed class CsvRecordSource(string path) : TextFileRecordSource(path)
{
    protected override async IAsyncEnumerable<ImportRecord> ReadRecordsAsync(TextReader text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new CsvReader(text);

        var header = await reader.ReadRecordAsync(cancellationToken)
            ?? throw new ImportFileException($"{SourceFile.Name} is empty: the first row must name the fields.");
        var names = header.Fields.Select(f => f.Trim()).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
                throw new ImportFileException($"{SourceFile.Name}: column {i + 1} of the header has no name.");
            var earlier = names.IndexOf(names[i]);
            if (earlier < i)
                throw new ImportFileException($"{SourceFile.Name}: the header names '{names[i]}' twice (columns {earlier + 1} and {i + 1}).");
        }

        long row = 0;
        while (await reader.ReadRecordAsync(cancellationToken) is { } record)
        {
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
                continue;
            row++;
            if (record.Fields.Count > names.Count)
            {
                yield return new ImportRecord
                {
                    Row = row,
                    Line = record.Line,
                    ReadError = $"The row has {record.Fields.Count} fields but the header names {names.Count}.",
                };
                continue;
            }
            var fields = new List<KeyValuePair<string, JsonElement>>(record.Fields.Count);
            for (var i = 0; i < record.Fields.Count; i++)
                fields.Add(new(names[i], JsonSerializer.SerializeToElement(record.Fields[i])));
            yield return new ImportRecord { Row = row, Line = record.Line, Fields = fields };
        }
    }
}

/// <summary>Splits text into CSV records; a record may span lines inside quotes.</summary>
internal sealed class CsvReader(TextReader text)
{
    private readonly char[] _buffer = new char[1 << 14];
    private int _length;
    private int _position;
    private int _line = 1;

    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    public async Task<Record?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(cancellationToken))
            return null;
        var startLine = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            if (_position >= _length && !await FillAsync(cancellationToken))
            {
                if (quoted)
                    throw new ImportFileException($"The quoted field that starts on line {startLine} is never closed.");
                fields.Add(field.ToString());
                return new Record(startLine, fields);
            }
            var c = _buffer[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (_position >= _length && !await FillAsync(cancellationToken))
                    {
                        quoted = false;
                        continue;
                    }
                    if (_buffer[_position] == '"')
                    {
                        field.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c != '\r')
                {
                    if (c == '\n')
                        _line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = true;
                    wasQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return new Record(startLine, fields);
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_position < _length)
            return true;
        _length = await text.ReadAsync(_buffer.AsMemory(), cancellationToken);
        _position = 0;
        return _length > 0;
    }
}

using System.Runtime.CompilerServices;
using System.Text;

namespace StrongCitiesPortal.Transfer.Import.Sources;

/// <summary>
/// One text file of records (UTF-8, a byte-order mark honoured), streamed: what every such source shares is
/// opening the file, its fingerprint and how far into it reading has got. A format reads the records.
/// </summary>
public abstract class TextFileRecordSource(string path) : IRecordSource
{
    private Stream? _stream;

    protected FileInfo SourceFile { get; } = new(path);

    public string Description => SourceFile.FullName;
    public string Fingerprint => Fingerprints.Of(SourceFile);
    public long Position => _stream is { CanSeek: true } s ? s.Position : 0;
    public long? Length => SourceFile.Exists ? SourceFile.Length : null;

    public async IAsyncEnumerable<ImportRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!SourceFile.Exists)
            throw new ImportFileException($"{SourceFile.FullName} does not exist.");
        await using var stream = new FileStream(SourceFile.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        _stream = stream;
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        await foreach (var record in ReadRecordsAsync(text, cancellationToken))
            yield return record;
        _stream = null;
    }

    /// <summary>The file's records, in order, from its text.</summary>
    protected abstract IAsyncEnumerable<ImportRecord> ReadRecordsAsync(TextReader text, CancellationToken cancellationToken);
}

using System.Text.Json;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// One record of an import file as read, before it means anything: field names as written
/// (<c>summary</c>, <c>name:fr</c>) and their values (text from CSV and Markdown, any JSON from JSON Lines).
/// </summary>
public sealed class ImportRecord
{
    /// <summary>1 for the first record of the file (a CSV header is not a record).</summary>
    public required long Row { get; init; }

    /// <summary>The line of the file the record starts on, or 0 where lines mean nothing (a Markdown folder).</summary>
    public int Line { get; init; }

    /// <summary>The file the record came from, where a source has several.</summary>
    public string? File { get; init; }

    public IReadOnlyList<KeyValuePair<string, JsonElement>> Fields { get; init; } = [];

    /// <summary>Why the record could not be read at all (malformed JSON, a CSV row with too many fields).</summary>
    public string? ReadError { get; init; }
}

/// <summary>A file or folder of records, read one record at a time so that any size fits in memory.</summary>
public interface IRecordSource
{
    /// <summary>What the source is, for people (a path).</summary>
    string Description { get; }

    /// <summary>Changes when the content changes: a stopped import resumes only on the same file.</summary>
    string Fingerprint { get; }

    /// <summary>How far reading has got, in <see cref="Length"/>'s unit (bytes, or files for a folder).</summary>
    long Position { get; }

    long? Length { get; }

    IAsyncEnumerable<ImportRecord> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>A file that cannot be read as the format it was given as (no header, duplicate columns, no front matter).</summary>
public sealed class ImportFileException(string message) : Exception(message);

internal static class Fingerprints
{
    public static string Of(FileInfo file) => $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}";

    /// <summary>The folder and a hash of its files' names, sizes and times.</summary>
    public static string Of(DirectoryInfo folder, IEnumerable<FileInfo> files)
    {
        var listing = string.Join("\n", files.Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(listing));
        return $"{folder.FullName}|{Convert.ToHexString(hash)[..16]}";
    }
}

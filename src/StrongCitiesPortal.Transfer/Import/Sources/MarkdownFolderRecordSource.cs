using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StrongCitiesPortal.Transfer.Import.Sources;

/// <summary>
/// A folder of Markdown files, one record each: the YAML front matter between <c>---</c> lines holds the
/// fields, the text after it becomes the <paramref name="bodyField"/> field. Without an <c>externalId</c>
/// in the front matter, the file name (without <c>.md</c>) is the external id.
/// </summary>
public sealed class MarkdownFolderRecordSource(string folder, string bodyField) : IRecordSource
{
    public const string ExternalIdField = "externalId";

    private readonly DirectoryInfo _folder = new(folder);
    private List<FileInfo>? _files;
    private long _position;

    public string Description => _folder.FullName;
    public string Fingerprint => Fingerprints.Of(_folder, Files);
    public long Position => _position;
    public long? Length => Files.Count;

    // File names only (not contents) are held: a folder of 100,000 files costs a few megabytes.
    private List<FileInfo> Files => _files ??= _folder.Exists
        ? [.. _folder.EnumerateFiles("*.md").OrderBy(f => f.Name, StringComparer.Ordinal)]
        : [];

    public async IAsyncEnumerable<ImportRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_folder.Exists)
            throw new ImportFileException($"{_folder.FullName} is not a folder.");
        long row = 0;
        foreach (var file in Files)
        {
            row++;
            _position = row;
            var text = await File.ReadAllTextAsync(file.FullName, Encoding.UTF8, cancellationToken);
            yield return Parse(row, file.Name, text, bodyField);
        }
    }

    internal static ImportRecord Parse(long row, string fileName, string text, string bodyField)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!normalised.StartsWith("---\n", StringComparison.Ordinal))
            return new ImportRecord { Row = row, File = fileName, ReadError = "The file does not start with front matter (a line '---', the fields in YAML, then '---')." };
        var end = normalised.IndexOf("\n---", 3, StringComparison.Ordinal);
        while (end >= 0 && end + 4 < normalised.Length && normalised[end + 4] != '\n')
            end = normalised.IndexOf("\n---", end + 4, StringComparison.Ordinal);
        if (end < 0)
            return new ImportRecord { Row = row, File = fileName, ReadError = "The front matter is never closed by a line '---'." };
        var yaml = normalised[4..(end + 1)];
        var body = end + 4 < normalised.Length ? normalised[(end + 5)..].Trim('\n') : "";

        var fields = new List<KeyValuePair<string, JsonElement>>();
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlMappingNode)
                return new ImportRecord { Row = row, File = fileName, ReadError = "The front matter must be a list of 'field: value' lines." };
            if (stream.Documents.Count > 0)
            {
                foreach (var (key, value) in (YamlMappingNode)stream.Documents[0].RootNode)
                    fields.Add(new(key is YamlScalarNode s ? s.Value ?? "" : key.ToString(), ToJson(value)));
            }
        }
        catch (YamlException ex)
        {
            return new ImportRecord { Row = row, File = fileName, ReadError = $"The front matter is not valid YAML (line {ex.Start.Line}): {ex.Message}" };
        }
        if (!fields.Any(f => f.Key == ExternalIdField))
            fields.Insert(0, new(ExternalIdField, JsonSerializer.SerializeToElement(Path.GetFileNameWithoutExtension(fileName))));
        if (body.Length > 0)
            fields.Add(new(bodyField, JsonSerializer.SerializeToElement(body)));
        return new ImportRecord { Row = row, File = fileName, Fields = fields };
    }

    // Scalars stay text (the document type decides what they mean); lists and maps keep their shape.
    private static JsonElement ToJson(YamlNode node) => JsonSerializer.SerializeToElement(ToObject(node));

    private static object? ToObject(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => null,
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(p => p.Key is YamlScalarNode k ? k.Value ?? "" : p.Key.ToString(), p => ToObject(p.Value)),
        _ => null,
    };
}

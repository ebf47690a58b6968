using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Transfer.Import;
using YamlDotNet.Serialization;

namespace StrongCitiesPortal.Transfer.Export;

public sealed record ExportSummary(int Items, IReadOnlyList<string> Files);

/// <summary>Writes content as flat records, the formats imports read: CSV, JSON Lines, or a folder of Markdown files.</summary>
public sealed class ExportService(ContentExporter exporter, DocumentTypeRegistry types, IOptions<PortalContentOptions> options)
{
    internal static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;

    /// <summary>
    /// With a type, writes that type's items to <paramref name="output"/> (a file, or a folder for Markdown);
    /// without one, writes a file (or folder) per type into the <paramref name="output"/> folder.
    /// </summary>
    public async Task<ExportSummary> ExportAsync(ImportFormat format, string output, string? contentType, bool includeHistory, CancellationToken cancellationToken = default)
    {
        if (contentType is not null && types.Find(contentType) is null)
            throw new ImportSetupException($"There is no document type '{contentType}'.");
        var selected = contentType is null
            ? types.All.Where(t => !t.IsElement).OrderBy(t => t.Alias, StringComparer.Ordinal).ToList()
            : [types.Get(contentType)];
        var files = new List<string>();
        var count = 0;
        foreach (var type in selected)
        {
            var target = contentType is not null ? output : Path.Combine(output, format switch
            {
                ImportFormat.Csv => $"{type.Alias}.csv",
                ImportFormat.JsonLines => $"{type.Alias}.jsonl",
                _ => type.Alias,
            });
            var items = exporter.ReadAsync(new ExportQuery { ContentType = type.Alias, IncludeHistory = includeHistory }, cancellationToken);
            var written = format switch
            {
                ImportFormat.Csv => await WriteCsvAsync(type, items, target, cancellationToken),
                ImportFormat.JsonLines => await WriteJsonLinesAsync(type, items, target, includeHistory, cancellationToken),
                _ => await WriteMarkdownAsync(type, items, target, cancellationToken),
            };
            if (written == 0 && contentType is null)
            {
                if (File.Exists(target))
                    File.Delete(target);
                else if (Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
                    Directory.Delete(target);
                continue;
            }
            count += written;
            files.Add(target);
        }
        return new ExportSummary(count, files);
    }

    /// <summary>
    /// Streams records to <paramref name="output"/> as they are read: CSV of one type, or JSON Lines of one
    /// type or of every type (each line names its type), so an export of any size never sits in memory.
    /// </summary>
    public async Task<int> WriteAsync(ImportFormat format, Stream output, string? contentType, bool includeHistory, CancellationToken cancellationToken = default)
    {
        if (format == ImportFormat.Markdown)
            throw new ImportSetupException("Markdown is a folder of files: export it to a folder.");
        if (contentType is not null && types.Find(contentType) is not { IsElement: false })
            throw new ImportSetupException($"There is no document type '{contentType}'.");
        if (format == ImportFormat.Csv && contentType is null)
            throw new ImportSetupException("A CSV file holds one document type: choose one.");
        var selected = contentType is null
            ? types.All.Where(t => !t.IsElement).OrderBy(t => t.Alias, StringComparer.Ordinal).ToList()
            : [types.Get(contentType)];
        var count = 0;
        foreach (var type in selected)
        {
            var items = exporter.ReadAsync(new ExportQuery { ContentType = type.Alias, IncludeHistory = includeHistory }, cancellationToken);
            count += format == ImportFormat.Csv
                ? await WriteCsvAsync(type, items, output, cancellationToken)
                : await WriteJsonLinesAsync(type, items, output, includeHistory, cancellationToken);
        }
        return count;
    }

    private async Task<int> WriteCsvAsync(DocumentType type, IAsyncEnumerable<ExportedItem> items, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var stream = File.Create(path);
        return await WriteCsvAsync(type, items, stream, cancellationToken);
    }

    private async Task<int> WriteCsvAsync(DocumentType type, IAsyncEnumerable<ExportedItem> items, Stream stream, CancellationToken cancellationToken)
    {
        var flat = new FlatRecords(type, _cultures);
        var columns = flat.Columns();
        await using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', columns.Select(Quote)));
        var count = 0;
        await foreach (var item in items)
        {
            var fields = flat.Fields(item);
            var byName = fields.ToDictionary(f => f.Key, f => flat.Text(f.Key, f.Value), StringComparer.Ordinal);
            await writer.WriteLineAsync(string.Join(',', columns.Select(c => Quote(byName.GetValueOrDefault(c) ?? ""))));
            count++;
            if (count % 100 == 0)
                await writer.FlushAsync(cancellationToken);
        }
        return count;
    }

    /// <summary>RFC 4180: quoted when it holds a comma, a quote or a line break, with quotes doubled.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private async Task<int> WriteJsonLinesAsync(DocumentType type, IAsyncEnumerable<ExportedItem> items, string path, bool includeHistory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var stream = File.Create(path);
        return await WriteJsonLinesAsync(type, items, stream, includeHistory, cancellationToken);
    }

    private async Task<int> WriteJsonLinesAsync(DocumentType type, IAsyncEnumerable<ExportedItem> items, Stream stream, bool includeHistory, CancellationToken cancellationToken)
    {
        var flat = new FlatRecords(type, _cultures);
        var count = 0;
        // One record at a time is built in memory, then written out asynchronously (a response stream takes no synchronous writes).
        var line = new ArrayBufferWriter<byte>();
        await foreach (var item in items)
        {
            line.ResetWrittenCount();
            await using (var json = new Utf8JsonWriter(line, new JsonWriterOptions { Encoder = LineJson.Encoder }))
            {
                json.WriteStartObject();
                json.WriteString(RecordMapper.ContentTypeField, type.Alias);
                foreach (var (name, value) in flat.Fields(item))
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
                json.WritePropertyName("published");
                JsonSerializer.Serialize(json, item.Cultures.Where(c => c.Value.PublishedVersion is not null).ToDictionary(c => c.Key, c => new
                {
                    version = c.Value.PublishedVersion,
                    publishedAt = c.Value.PublishedAt,
                    name = c.Value.PublishedName,
                    segment = c.Value.PublishedSegment,
                    data = c.Value.PublishedVersion == item.Version ? null : item.PublishedData.GetValueOrDefault(c.Value.PublishedVersion!.Value),
                }), LineJson);
                if (includeHistory && item.Versions is not null)
                {
                    json.WritePropertyName("versions");
                    JsonSerializer.Serialize(json, item.Versions, LineJson);
                }
                json.WriteEndObject();
            }
            line.Write("\n"u8);
            await stream.WriteAsync(line.WrittenMemory, cancellationToken);
            count++;
        }
        return count;
    }

    private async Task<int> WriteMarkdownAsync(DocumentType type, IAsyncEnumerable<ExportedItem> items, string folder, CancellationToken cancellationToken)
    {
        var flat = new FlatRecords(type, _cultures);
        var body = flat.BodyProperty;
        var yaml = new SerializerBuilder().Build();
        Directory.CreateDirectory(folder);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        await foreach (var item in items)
        {
            var frontMatter = new Dictionary<string, object>(StringComparer.Ordinal);
            string? text = null;
            foreach (var (name, value) in flat.Fields(item))
            {
                if (name == body)
                {
                    text = value.GetString();
                    continue;
                }
                frontMatter[name] = value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
                    ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
                    : flat.Text(name, value);
            }
            var stem = FlatRecords.FileStem(item, _cultures[0]);
            var file = stem;
            for (var n = 2; !used.Add(file); n++)
                file = $"{stem}-{n}";
            var content = new StringBuilder("---\n").Append(yaml.Serialize(frontMatter)).Append("---\n");
            if (text is not null)
                content.Append('\n').Append(text).Append('\n');
            await File.WriteAllTextAsync(Path.Combine(folder, file + ".md"), content.ToString(), Utf8, cancellationToken);
            count++;
        }
        return count;
    }
}
